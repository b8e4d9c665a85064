// Faults survived, with figures (issue 16 part 3). Real processes throughout: `npm run worker`
// processes, the sandbox partner as its own process (its log is what 270s are counted from), the
// embedded Postgres restarted under a running service.
//  A. SIGKILL a worker at random points FAULTS_KILLS times during (1) a sweep of
//     FAULTS_SWEEP_MEMBERS members, (2) a POST /batches of FAULTS_BATCH_RECORDS records, (2b) the same
//     rows as a CSV artifact made a batch (FAULTS_KILL_WORKLOADS picks among sweep,batch,artifact,claims), (3) the
//     nightly claims cycle over FAULTS_CHARGES charges: build, submission, 837P send. After each
//     kill the operator's recovery runs (re-fire / resume-stalled / unlock) and a new worker starts.
//  B. Restart Postgres in the middle of each (smaller) workload, worker and API left running.
//  C. Partner faults on one sweep: 30 % random 503s, hangs past the timeout (SLOW), slow drip
//     answers (DRIP), malformed 271s (BAD271).
//  D. The demo tenant's sweep (its ERR500 members among them): run time with the breaker probe.
import pg from 'pg';
import type { Benchmark, BenchResult } from './context.ts';
import { runMigrations } from 'graphile-worker';
import { startService } from '../server/service.ts';
import { mintToken } from '../server/auth/jwt.ts';
import { sweepSettings } from '../server/eligibility/settings.ts';
import { seedTenant, demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { killRepeatedly, summarize, type Workload } from './faults/kill-loop.ts';
import { sleep, startSandboxProcess, startWorkerProcess, stopWorker, type SandboxProcess } from './faults/processes.ts';
import { checkSweep, refireSweep, seedSweepTenant, startSweep, sweepState } from './faults/sweep.ts';
import { batchProgress, batchesInARow, checkBatch, checkBatches, postArtifactBatch, postBatch, seedBatchTenant } from './faults/batch.ts';
import { CLAIMS_PHASES, checkClaims, claimsAim, claimsNights, heldJob, measurePhases, recoverClaims, seedClaimsTenant } from './faults/claims.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const KILLS = num('FAULTS_KILLS', 20);
const SWEEP_MEMBERS = num('FAULTS_SWEEP_MEMBERS', 5000);
const BATCH_RECORDS = num('FAULTS_BATCH_RECORDS', 100_000);
/** New charges a night in the claims workload; nights follow one another until the kills all landed (at most FAULTS_CLAIMS_NIGHTS). */
const CHARGES = num('FAULTS_CHARGES', 9_000);
const CLAIMS_NIGHTS = num('FAULTS_CLAIMS_NIGHTS', 1 + KILLS);
/** The sandbox's delay before a 999 or 277CA can be retrieved; the bench dispatches the acknowledgment poll after it (cron: every minute). */
const ACK_DELAY_MS = 500;
const LATENCY_MS = num('FAULTS_LATENCY_MS', 100);
const TIMEOUT_MS = num('FAULTS_PARTNER_TIMEOUT_MS', 2000);
const PARTNER_MEMBERS = num('FAULTS_PARTNER_MEMBERS', 600);
const FAIL_PERCENT = num('FAULTS_FAIL_PERCENT', 30);
const PHASES = (process.env.FAULTS_PHASES || 'kill,restart,partner,demo').split(',');
/** Which workloads the kill phase runs (sweep, batch, artifact, claims). */
const KILL_WORKLOADS = (process.env.FAULTS_KILL_WORKLOADS || 'sweep,batch,artifact,claims').split(',');
/** Workers pause at most this long between kills once the workload moved (random in [0, max)). */
const MAX_PAUSE_MS = num('FAULTS_MAX_PAUSE_MS', 3000);
/** A killed workload that has not finished after this long is reported as not finished. */
const KILL_TIMEOUT_MS = num('FAULTS_TIMEOUT_S', 600) * 1000;
const WORKER_ENV = { INGEST_QUEUE_CONCURRENCY: '4', ELIGIBILITY_BREAKER_COOLOFF_MS: process.env.ELIGIBILITY_BREAKER_COOLOFF_MS ?? '60000' };
/** The claims workers build in slices of 1,500 charges (production: 10,000) so that a night's build commits in several steps a kill can fall between. */
const CLAIMS_SLICE = process.env.FAULTS_CLAIMS_BUILD_SLICE_SIZE || '1500';
const CLAIMS_WORKER_ENV = { ...WORKER_ENV, CLAIMS_BUILD_SLICE_SIZE: CLAIMS_SLICE };

const bench: Benchmark = async ({ owner, location, progress, restartPostgres }) => {
  await runMigrations({ connectionString: location.ownerUrl });
  // Our own pool survives the Postgres restart: an idle connection's error is expected then.
  const pool = new pg.Pool({ connectionString: location.ownerUrl, max: 8 });
  pool.on('error', () => undefined);
  owner.on('error', () => undefined);
  const maxAttempts = sweepSettings().maxAttempts;
  const metrics: Record<string, number> = {};
  const details: Record<string, unknown> = {};
  const service = await startService({ location, ports: [0], host: '127.0.0.1', jobs: false, cron: false, concurrency: 1, graphiql: false });
  const sandbox = await startSandboxProcess({ SANDBOX_PARTNER_LATENCY_MS: String(LATENCY_MS), SANDBOX_PARTNER_SLOW_MS: '15000', SANDBOX_PARTNER_ACK999_DELAY_MS: String(ACK_DELAY_MS), SANDBOX_PARTNER_ACK277_DELAY_MS: String(ACK_DELAY_MS) });
  try {
    if (PHASES.includes('kill') && KILL_WORKLOADS.includes('sweep')) {
      // A1. The sweep.
      const slug = 'faults-sweep';
      const tenantId = await seedSweepTenant(pool, slug, SWEEP_MEMBERS, sandbox.url, TIMEOUT_MS);
      sandbox.reset();
      const runId = await startSweep(pool, tenantId);
      progress(`A1: sweep of ${SWEEP_MEMBERS} members, ${KILLS} kills`);
      const sweepWork: Workload = {
        progress: async () => { const s = await sweepState(pool, runId); return { done: s.done, finished: ['COMPLETED', 'FAILED', 'CANCELLED'].includes(s.status) }; },
        recover: () => refireSweep(pool, slug, runId),
      };
      const sweepKills = await killRepeatedly(pool, location.ownerUrl, sweepWork, { kills: KILLS, maxPauseMs: MAX_PAUSE_MS, timeoutMs: 600_000, workerEnv: WORKER_ENV, log: progress });
      const sweepCheck = await checkSweep(pool, runId, sandbox.sends, maxAttempts);
      progress(`A1: ${JSON.stringify({ ...sweepKills, recoverySeconds: summarize(sweepKills.recoverySeconds) })} ${JSON.stringify(sweepCheck)}`);
      details.sweepKills = { ...sweepKills, check: sweepCheck };
      Object.assign(metrics, {
        sweep_kills: sweepKills.kills, sweep_kill_recovery_median_s: summarize(sweepKills.recoverySeconds).median ?? -1, sweep_kill_recovery_max_s: summarize(sweepKills.recoverySeconds).max ?? -1,
        sweep_kill_total_s: Number(sweepKills.totalSeconds.toFixed(1)), sweep_kill_duplicates: sweepCheck.duplicateMemberRows, sweep_kill_lost: sweepCheck.lostMembers,
        sweep_kill_counters_tie_out: Number(sweepCheck.countersTieOut), sweep_kill_coverages_over_retry_policy: sweepCheck.coveragesOverRetryPolicy,
        sweep_kill_max_270s_per_coverage: sweepCheck.maxSendsPerCoverage, sweep_kill_interrupted_270s: sweepCheck.interrupted270s,
      });

    }
    if (PHASES.includes('kill') && KILL_WORKLOADS.includes('batch')) {
      // A2. The batch.
      const batchTenant = await seedBatchTenant(pool, 'faults-batch');
      const token = await mintToken(location.jwtSecret, { sub: 'faults-bench', tenantId: batchTenant.tenantId, permissions: ['ingestion.read', 'ingestion.update'] }, '2h');
      const run = batchesInARow(pool, 'FK', (prefix) => postBatch(service.urls[0], token, batchTenant.artifactId, prefix, BATCH_RECORDS));
      await run.start();
      progress(`A2: batches of ${BATCH_RECORDS} records one after another, ${KILLS} kills`);
      const batchKills = await killRepeatedly(pool, location.ownerUrl, run.workload,
        { kills: KILLS, maxPauseMs: MAX_PAUSE_MS / 3, timeoutMs: 600_000, workerEnv: WORKER_ENV, log: progress });
      const batchCheck = await checkBatches(pool, batchTenant.tenantId, run.batches);
      progress(`A2: ${JSON.stringify({ ...batchKills, recoverySeconds: summarize(batchKills.recoverySeconds) })} ${JSON.stringify(batchCheck)}`);
      details.batchKills = { ...batchKills, check: batchCheck };
      Object.assign(metrics, {
        batch_kills: batchKills.kills, batch_kill_batches: batchCheck.batches, batch_kill_recovery_median_s: summarize(batchKills.recoverySeconds).median ?? -1, batch_kill_recovery_max_s: summarize(batchKills.recoverySeconds).max ?? -1,
        batch_kill_total_s: Number(batchKills.totalSeconds.toFixed(1)), batch_kill_duplicates: batchCheck.duplicates, batch_kill_lost: batchCheck.lost,
        batch_kill_counters_tie_out: Number(batchCheck.countersTieOut), batch_kill_records_applied_twice: batchCheck.recordsAppliedTwice,
      });

    }
    if (PHASES.includes('kill') && KILL_WORKLOADS.includes('artifact')) {
      // A2b. The same rows as a CSV artifact made a batch: its records are made as its rows are applied.
      const artifactTenant = await seedBatchTenant(pool, 'faults-artifact');
      const token = await mintToken(location.jwtSecret, { sub: 'faults-bench', tenantId: artifactTenant.tenantId, permissions: ['ingestion.read', 'ingestion.update'] }, '2h');
      const run = batchesInARow(pool, 'FA', (prefix) => postArtifactBatch(service.urls[0], token, prefix, BATCH_RECORDS));
      await run.start();
      progress(`A2b: artifact batches of ${BATCH_RECORDS} rows one after another, ${KILLS} kills`);
      const artifactKills = await killRepeatedly(pool, location.ownerUrl, run.workload,
        { kills: KILLS, maxPauseMs: MAX_PAUSE_MS / 3, timeoutMs: 600_000, workerEnv: WORKER_ENV, log: progress });
      const artifactCheck = await checkBatches(pool, artifactTenant.tenantId, run.batches);
      progress(`A2b: ${JSON.stringify({ ...artifactKills, recoverySeconds: summarize(artifactKills.recoverySeconds) })} ${JSON.stringify(artifactCheck)}`);
      details.artifactKills = { ...artifactKills, check: artifactCheck };
      Object.assign(metrics, {
        artifact_kills: artifactKills.kills, artifact_kill_batches: artifactCheck.batches, artifact_kill_recovery_median_s: summarize(artifactKills.recoverySeconds).median ?? -1,
        artifact_kill_total_s: Number(artifactKills.totalSeconds.toFixed(1)), artifact_kill_duplicates: artifactCheck.duplicates, artifact_kill_lost: artifactCheck.lost,
        artifact_kill_counters_tie_out: Number(artifactCheck.countersTieOut), artifact_kill_records_applied_twice: artifactCheck.recordsAppliedTwice,
      });

    }
    if (PHASES.includes('kill') && KILL_WORKLOADS.includes('claims')) {
      // A3. Nightly claims cycles in a row (build, submission, 837P send, 999/277CA intake), kills aimed at each phase in turn.
      const claimsTenant = await seedClaimsTenant(pool, 'faults-claims', 0, sandbox.url);
      const cycle = claimsNights(pool, claimsTenant, { nights: CLAIMS_NIGHTS, chargesPerNight: CHARGES, ackDelayMs: ACK_DELAY_MS + 100 });
      // The first night without kills: how long each phase lasts (a kill's point is drawn within it).
      cycle.stopAfterThisNight();
      const calibration = await startWorkerProcess(location.ownerUrl, CLAIMS_WORKER_ENV);
      const phaseMs = await measurePhases(pool, claimsTenant, cycle.progress, 300_000);
      await stopWorker(calibration);
      cycle.continueTo(CLAIMS_NIGHTS);
      progress(`A3: claims cycles of ${CHARGES} charges a night (build slices of ${CLAIMS_SLICE}), ${KILLS} kills over the phases in turn; phase lengths without kills (ms) ${JSON.stringify(phaseMs)}`);
      const claimsKills = await killRepeatedly(pool, location.ownerUrl,
        { progress: cycle.progress, recover: () => recoverClaims(pool, claimsTenant), aim: claimsAim(pool, claimsTenant, phaseMs), killsDone: cycle.stopAfterThisNight },
        { kills: KILLS, maxPauseMs: 0, timeoutMs: KILL_TIMEOUT_MS, workerEnv: CLAIMS_WORKER_ENV, log: progress });
      const claimsCheck = await checkClaims(pool, claimsTenant, sandbox.interchanges);
      const nights = { nights: cycle.nights(), chargesPerNight: CHARGES, buildSliceSize: Number(CLAIMS_SLICE), phaseMsWithoutKills: phaseMs, nightSeconds: cycle.nightSeconds };
      progress(`A3: ${JSON.stringify({ ...claimsKills, recoverySeconds: summarize(claimsKills.recoverySeconds) })} ${JSON.stringify(nights)} ${JSON.stringify(claimsCheck)}`);
      details.claimsKills = { ...claimsKills, ...nights, check: claimsCheck };
      Object.assign(metrics, {
        claims_kills: claimsKills.kills, ...Object.fromEntries(CLAIMS_PHASES.map((phase) => [`claims_kills_in_${phase}`, claimsKills.byPhase?.[phase] ?? 0])),
        claims_kills_after_work_done: claimsKills.late ?? 0, claims_nights: cycle.nights(), claims_charges: claimsCheck.charges,
        claims_kill_recovery_median_s: summarize(claimsKills.recoverySeconds).median ?? -1, claims_kill_recovery_max_s: summarize(claimsKills.recoverySeconds).max ?? -1,
        claims_kill_total_s: Number(claimsKills.totalSeconds.toFixed(1)), claims_kill_finished: Number(claimsKills.finished),
        claims_kill_charges_on_two_claims: claimsCheck.chargesOnTwoClaims, claims_kill_charges_lost: claimsCheck.chargesLost,
        claims_kill_claims_in_two_submissions: claimsCheck.claimsInTwoSubmissions, claims_kill_claims_unsubmitted: claimsCheck.claimsInNoSubmission,
        claims_kill_counters_tie_out: Number(claimsCheck.submissionCountsTieOut && claimsCheck.claimTotalsTieOut),
        claims_kill_claims_answered_twice: claimsCheck.claimsAnsweredTwice, claims_kill_claims_unanswered: claimsCheck.claimsUnanswered, claims_kill_jobs_left: claimsCheck.jobsLeft,
        claims_kill_partner_missing_interchanges: claimsCheck.partnerMissingInterchanges, claims_kill_partner_duplicate_interchanges: claimsCheck.partnerDuplicateInterchanges,
      });
    }

    if (PHASES.includes('restart') && restartPostgres) {
      details.postgresRestart = await restartPhase({ pool, service, sandbox, location, progress, restartPostgres, maxAttempts, metrics });
    }
    if (PHASES.includes('partner')) details.partnerFaults = await partnerPhase({ pool, location, progress, maxAttempts, metrics });
    if (PHASES.includes('demo')) details.demoSweep = await demoPhase({ pool, location, progress, metrics });
  } finally {
    await service.stop().catch(() => undefined);
    await sandbox.close();
    await pool.end();
  }
  const result: BenchResult = {
    metrics,
    notes: `Kills: ${KILLS} SIGKILLs of an \`npm run worker\` process per workload, at random points (a pause of 0-${MAX_PAUSE_MS} ms after the workload moved on the new worker), `
      + `then the operator's recovery (sweep: eligibility.fn_refire_sweep_run; batch: ingestion_private.fn_resume_stalled_batches; claims: graphile_worker.force_unlock_workers and the tenant's build dispatched again) and a new worker. `
      + `Recovery time: from the kill to the workload's first progress on the new worker (includes the worker's start). Sweep ${SWEEP_MEMBERS} members at ${LATENCY_MS} ms partner latency, batch ${BATCH_RECORDS} records. `
      + `Claims: nightly cycles in a row, ${CHARGES} new charges a night (build slices of ${CLAIMS_SLICE} charges in the killed workers' env; production default 10,000), each night build, submission, 837P send and the 999/277CA poll (dispatched by the bench once the sandbox's answers are due, ${ACK_DELAY_MS} ms; cron: every minute); `
      + `the claims kills are aimed at those phases in turn, each at a random point within 0.7 of the phase's length measured on a first night without kills (halved after a kill that came too late), and a kill counts only if the phase's job was still held with its work not done; `
      + `nights stop once the ${KILLS} kills landed. Partner duplicate interchanges: copies of an 837P the partner had already received, re-sent after a kill between its receipt and our record (same ISA13 and PayloadID, rejected by the partner as duplicates). `
      + `Phase B restarts Postgres during a sweep, a batch and, for the claims, in the middle of a build (a slice committed, charges still open). `
      + `270s per member-coverage counted from the sandbox partner's log; the retry policy allows ${maxAttempts} per coverage and run, plus one per 270 in flight at a kill.`,
    details,
  };
  return result;
};

interface PhaseContext {
  pool: pg.Pool;
  location: Parameters<Benchmark>[0]['location'];
  progress: (message: string) => void;
  metrics: Record<string, number>;
}

/** Postgres stopped (fast shutdown) and started again in the middle of a sweep, a batch and a claims cycle; the worker process and the API stay up. */
async function restartPhase(ctx: PhaseContext & { service: Awaited<ReturnType<typeof startService>>; sandbox: SandboxProcess; restartPostgres: (downForMs?: number) => Promise<number>; maxAttempts: number }) {
  const { pool, location, progress, metrics, service, sandbox, restartPostgres } = ctx;
  const members = Math.max(500, Math.round(SWEEP_MEMBERS / 5));
  const records = Math.max(10_000, Math.round(BATCH_RECORDS / 5));
  const sweepTenant = await seedSweepTenant(pool, 'faults-restart-sweep', members, sandbox.url, TIMEOUT_MS);
  const batchTenant = await seedBatchTenant(pool, 'faults-restart-batch');
  const claimsTenant = await seedClaimsTenant(pool, 'faults-restart-claims', 0, sandbox.url);
  const token = await mintToken(location.jwtSecret, { sub: 'faults-bench', tenantId: batchTenant.tenantId, permissions: ['ingestion.read', 'ingestion.update'] }, '2h');
  const out: Record<string, unknown> = {};
  const worker = await startWorkerProcess(location.ownerUrl, CLAIMS_WORKER_ENV);
  try {
    for (const kind of (process.env.FAULTS_RESTART_KINDS || 'sweep,batch,claims').split(',') as ('sweep' | 'batch' | 'claims')[]) {
      sandbox.reset();
      let work: () => Promise<{ done: number; finished: boolean }>;
      let check: () => Promise<unknown>;
      /** When to restart: once it is under way (and for the claims, in the middle of the build). */
      let underWay = async () => { const p = await work(); return p.finished || p.done >= 1; };
      let settle = () => sleep(500 + Math.random() * 1000);
      if (kind === 'sweep') {
        const runId = await startSweep(pool, sweepTenant);
        work = async () => { const s = await sweepState(pool, runId); return { done: s.done, finished: ['COMPLETED', 'FAILED', 'CANCELLED'].includes(s.status) }; };
        check = () => checkSweep(pool, runId, sandbox.sends, ctx.maxAttempts);
      } else if (kind === 'batch') {
        const batchId = await postBatch(service.urls[0], token, batchTenant.artifactId, 'FR', records);
        work = () => batchProgress(pool, batchId);
        check = () => checkBatch(pool, batchTenant.tenantId, batchId, 'FR');
      } else {
        // One night of CHARGES charges; the restart comes once a build slice has committed and charges are still open.
        const cycle = claimsNights(pool, claimsTenant, { nights: 1, chargesPerNight: CHARGES, ackDelayMs: ACK_DELAY_MS + 100 });
        work = cycle.progress;
        check = () => checkClaims(pool, claimsTenant, sandbox.interchanges);
        underWay = async () => {
          const p = await work();
          if (p.finished) return true;
          const held = await heldJob(pool, claimsTenant);
          return p.done >= 1 && held?.phase === 'build' && held.workLeft;
        };
        settle = async () => undefined;
      }
      // Wait until it is well under way, then restart Postgres under it.
      const t0 = Date.now();
      while (!(await underWay()) && Date.now() - t0 < 120_000) await sleep(kind === 'claims' ? 20 : 100);
      await settle();
      const before = await work();
      const held = kind === 'claims' ? await heldJob(pool, claimsTenant) : null;
      if (held) out.claimsRestartPhase = held.workLeft ? held.phase : `after ${held.phase}`;
      if (kind === 'claims') metrics.restart_claims_in_build_with_work_left = Number(held?.phase === 'build' && held.workLeft);
      progress(`B: restarting Postgres during the ${kind} (${before.done} done${held ? `, in its ${held.phase}, work left: ${held.workLeft}` : ''})`);
      const downSeconds = await restartPostgres(1000);
      const up = Date.now();
      // The API answers again (its pool reconnects)...
      let apiSeconds = -1;
      while (Date.now() - up < 120_000) {
        const ok = await fetch(`${service.urls[0]}/healthz`).then((r) => r.ok, () => false);
        if (ok) { apiSeconds = (Date.now() - up) / 1000; break; }
        await sleep(100);
      }
      // ...and the workload moves again on the same worker process, then finishes.
      let resumedSeconds = -1;
      let finished = false;
      while (Date.now() - up < 300_000) {
        const p = await work().catch(() => ({ done: -1, finished: false }));
        if (resumedSeconds < 0 && (p.finished || p.done > before.done)) resumedSeconds = (Date.now() - up) / 1000;
        if (p.finished) { finished = true; break; }
        await sleep(200);
      }
      const finishedSeconds = finished ? (Date.now() - up) / 1000 : -1;
      const result = await check();
      progress(`B: ${kind}: down ${downSeconds.toFixed(1)} s, API ok after ${apiSeconds} s, moving after ${resumedSeconds} s, finished after ${finishedSeconds} s: ${JSON.stringify(result)}`);
      out[kind] = { downSeconds, apiSeconds, resumedSeconds, finishedSeconds, check: result };
      metrics[`restart_${kind}_api_ok_after_s`] = Number(apiSeconds.toFixed(2));
      metrics[`restart_${kind}_moving_after_s`] = Number(resumedSeconds.toFixed(2));
      metrics[`restart_${kind}_finished_after_s`] = Number(finishedSeconds.toFixed(1));
    }
  } finally {
    await stopWorker(worker);
  }
  return out;
}

/** One sweep against a partner that fails: a share of 503s at random, and members whose answers hang, drip or are malformed. */
async function partnerPhase(ctx: PhaseContext & { maxAttempts: number }) {
  const { pool, location, progress, metrics } = ctx;
  const sandbox = await startSandboxProcess({ SANDBOX_PARTNER_LATENCY_MS: String(LATENCY_MS), SANDBOX_PARTNER_FAIL_PERCENT: String(FAIL_PERCENT), SANDBOX_PARTNER_SLOW_MS: '15000' });
  const worker = await startWorkerProcess(location.ownerUrl, WORKER_ENV);
  try {
    const tenantId = await seedSweepTenant(pool, 'faults-partner', PARTNER_MEMBERS, sandbox.url, TIMEOUT_MS);
    // 2 % each: hangs past the timeout, slow drips, malformed 271s (their primary coverage's member id).
    await pool.query(
      `update member.coverage_policy set subscriber_id = (array['SLOW', 'DRIP', 'BAD271'])[1 + (abs(hashtext(id::text)) % 3)] || subscriber_id
       where tenant_id = $1 and priority = 1 and abs(hashtext(id::text || 'f')) % 100 < 6`, [tenantId]);
    const generations = async () => Number((await pool.query('select coalesce(sum(generation), 0)::int as n from payer_gate.gateway')).rows[0].n);
    const opensBefore = await generations();
    sandbox.reset();
    const t0 = Date.now();
    const runId = await startSweep(pool, tenantId);
    let state = await sweepState(pool, runId);
    while (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(state.status) && Date.now() - t0 < 400_000) {
      await sleep(250);
      state = await sweepState(pool, runId);
    }
    const seconds = (Date.now() - t0) / 1000;
    const check = await checkSweep(pool, runId, sandbox.sends, ctx.maxAttempts);
    const outcomes = (await pool.query(
      `select coalesce(split_part(i.outcome_reason, ';', 1), i.outcome) as reason, i.outcome, count(*)::int as n from eligibility.eligibility_inquiry i
       where i.sweep_run_id = $1 and i.sent_at is not null and i.outcome <> 'RECEIVED' group by 1, 2 order by 3 desc limit 12`, [runId])).rows;
    // Slots still leased (a killed worker's expired lease keeps its holder until the slot is taken again).
    const stuck = (await pool.query(
      `select (select count(*)::int from graphile_worker.jobs where queue_name = core_private.job_queue($1, 'sweeps')) as jobs,
              (select count(*)::int from payer_gate.slot where holder is not null and lease_until > now()) as held_slots`, [tenantId])).rows[0];
    const partnerStats = await sandbox.stats();
    const result = { seconds, check, breakerOpens: (await generations()) - opensBefore, randomFaults: sandbox.faults(), stuck, outcomes, partnerByStatus: partnerStats.byStatus, partnerByScenario: partnerStats.byScenario };
    progress(`C: partner faults: ${JSON.stringify(result)}`);
    Object.assign(metrics, {
      partner_faults_sweep_s: Number(seconds.toFixed(1)), partner_faults_members: check.total, partner_faults_lost: check.lostMembers,
      partner_faults_coverages_over_retry_policy: check.coveragesOverRetryPolicy, partner_faults_breaker_opens: result.breakerOpens,
      partner_faults_jobs_left: stuck.jobs, partner_faults_slots_held: stuck.held_slots,
    });
    return result;
  } finally {
    await stopWorker(worker);
    await sandbox.close();
  }
}

/** The demo tenant (npm start's seed: its ERR500 members among the others) swept once: how long it takes with the breaker probe on main. */
async function demoPhase(ctx: PhaseContext) {
  const { pool, location, progress, metrics } = ctx;
  const sandbox = await startSandboxProcess({ SANDBOX_PARTNER_LATENCY_MS: '300' });
  const worker = await startWorkerProcess(location.ownerUrl, { INGEST_QUEUE_CONCURRENCY: '4' });
  try {
    const client = await pool.connect();
    let tenantId: string;
    try {
      tenantId = await seedTenant(client, demoSeedOptions({ slug: 'faults-demo', sandboxUrl: sandbox.url }));
    } finally {
      client.release();
    }
    const err500 = (await pool.query(
      `select count(distinct cp.member_id)::int as n from member.coverage_policy cp join service.service_event e on e.tenant_id = cp.tenant_id and e.member_id = cp.member_id
       where cp.tenant_id = $1 and cp.subscriber_id like 'ERR500%' and e.service_date between current_date and current_date + 3`, [tenantId])).rows[0].n;
    const runs: { seconds: number; members: number; cacheHits: number; sent: number; failed: number }[] = [];
    // Twice: the second run answers most members from the first one's cache, as the issue's demo run did.
    for (let i = 0; i < 2; i++) {
      const t0 = Date.now();
      const runId = await startSweep(pool, tenantId);
      let state = await sweepState(pool, runId);
      while (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(state.status) && Date.now() - t0 < 400_000) {
        await sleep(200);
        state = await sweepState(pool, runId);
      }
      const run = (await pool.query('select total_members, cache_hit_count, inquiries_sent, failed_count from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
      runs.push({ seconds: (Date.now() - t0) / 1000, members: run.total_members, cacheHits: run.cache_hit_count, sent: run.inquiries_sent, failed: run.failed_count });
    }
    progress(`D: demo sweep: ${err500} ERR500 members with a visit in the window; runs ${JSON.stringify(runs)}`);
    Object.assign(metrics, {
      demo_sweep_first_s: Number(runs[0].seconds.toFixed(1)), demo_sweep_first_members: runs[0].members,
      demo_sweep_cached_s: Number(runs[1].seconds.toFixed(1)), demo_sweep_cached_members: runs[1].members, demo_sweep_cached_cache_hits: runs[1].cacheHits,
      demo_sweep_err500_members: err500,
    });
    return { err500Members: err500, runs };
  } finally {
    await stopWorker(worker);
    await sandbox.close();
  }
}

export default bench;
