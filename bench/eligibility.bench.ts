// Eligibility: (1) a sweep of 10,000 members against the sandbox partner at 300 ms latency, with
// per-payer max_in_flight honoured (sandbox stats); (2) a supervisor tick over 10,000 schedules
// with 100 due; (3) the run detail's first page of exceptions for that 10,000-member run, through
// RLS in SQL and through GraphQL over HTTP.
import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import { percentile, median, type Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../server/config.ts';
import { startSandboxProcess } from './sandbox-process.ts';
import { clusterCpuSeconds, parentPid } from './process-cpu.ts';
import type { SandboxStats } from '../sandbox-partner/server.ts';
import { runSweep } from '../server/eligibility/run-sweep.ts';
import { clientsOfPool, dbOf } from '../server/db/pooled-client.ts';
import { startService } from '../server/service.ts';
import { mintToken } from '../server/auth/jwt.ts';
import { partnerCredentialKey } from '../server/partners/credential-key.ts';

/** BENCH_SWEEP_MEMBERS: a smaller sweep for a quick look (the figure is 10,000). */
const MEMBERS = Number(process.env.BENCH_SWEEP_MEMBERS ?? 10_000);
/** BENCH_SWEEP_PROCESSES: the worker-process counts of the three-tenant phase ("1,3"; "0" skips it, for paired runs of the one sweep). */
const PROCESS_COUNTS = (process.env.BENCH_SWEEP_PROCESSES ?? '1,3').split(',').map(Number).filter((n) => n > 0);
const LATENCY_MS = 300;
const SCHEDULES = 10_000;
const DUE = 100;

const EXCEPTIONS_PAGE_SQL = `
  select * from eligibility.sweep_exception
  where tenant_id = $1 and sweep_run_id = $2
  order by tenant_id, id limit 50`;

const bench: Benchmark = async ({ owner, location, progress }) => {
  await runMigrations({ connectionString: location.ownerUrl });
  const sandbox = await startSandboxProcess(LATENCY_MS, 46000);
  const client = await owner.connect();
  try {
    // A tenant with 10,000 members, each with one scheduled visit tomorrow.
    const options = demoSeedOptions({ slug: 'bench-eligibility', name: 'Bench eligibility', members: MEMBERS, events: 0, seed: 11, sandboxUrl: sandbox.url });
    const tenantId = await seedBase(client, options);
    await client.query(
      `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'B' || m.member_number, m.id, (select id from core.facility where tenant_id = $1 and code = 'OPC'), current_date + 1, 'SCHEDULED'
       from member.member m where m.tenant_id = $1`, [tenantId]);
    await client.query('vacuum analyze');
    const limits = Object.fromEntries((await client.query('select payer_identifier, max_in_flight, daily_270_cap from core.payer where tenant_id = $1', [tenantId])).rows
      .map((r) => [r.payer_identifier, r.max_in_flight]));

    // (1) The sweep.
    const runId = (await client.query(
      `select eligibility_private.fn_create_sweep_run($1, null, 'Bench sweep', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'bench') as id`, [tenantId])).rows[0].id;
    const pool = new pg.Pool({ connectionString: location.ownerUrl, max: 20 });
    progress(`sweeping ${MEMBERS} members at ${LATENCY_MS} ms latency...`);
    // CPU per 270 (the engine's process and the whole Postgres cluster, the sandbox left out): a
    // loaded machine stretches the wall clock, hardly the CPU a 270 costs.
    const postmaster = parentPid((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid);
    const [engineCpu0, postgresCpu0] = [process.cpuUsage(), clusterCpuSeconds(postmaster)];
    const started = Date.now();
    const summary = await runSweep(dbOf(clientsOfPool(pool)), runId);
    const engineCpu = process.cpuUsage(engineCpu0);
    const postgresCpuS = clusterCpuSeconds(postmaster) - postgresCpu0;
    await pool.end();
    const run = (await client.query('select * from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
    const cpuPer270 = {
      engine: Number(((engineCpu.user + engineCpu.system) / 1000 / run.inquiries_sent).toFixed(2)),
      postgres: Number((postgresCpuS * 1000 / run.inquiries_sent).toFixed(2)),
    };
    const perPayer = (await client.query(
      `select p.payer_identifier, count(*)::int as n from eligibility.eligibility_inquiry i join core.payer p on p.id = i.payer_id
       where i.sweep_run_id = $1 and i.sent_at is not null group by 1`, [runId])).rows;
    // The floor: each payer's 270s in waves of max_in_flight, each wave one latency; the slowest payer decides.
    const floorS = Math.max(...perPayer.map((p) => Math.ceil(p.n / limits[p.payer_identifier]) * LATENCY_MS / 1000));
    const stats = (await (await fetch(sandbox.url.replace('/core/realtime', '/stats'))).json()) as SandboxStats;
    const honoured = Object.entries(stats.maxInFlightByPayer).every(([payer, max]) => max <= limits[payer]);
    const sweepS = summary.ms / 1000;
    progress(`sweep ${run.status} in ${sweepS.toFixed(1)} s: ${run.received_count} received, ${run.failed_count} failed, ${run.skipped_count} skipped, ${run.inquiries_sent} 270s`);
    const profile = await sweepProfile(client, runId, stats.maxInFlightByPayer);
    progress(`where the time went: ${JSON.stringify(profile)}`);
    progress(`CPU per 270: engine ${cpuPer270.engine} ms, Postgres ${cpuPer270.postgres} ms`);
    const tail = await sweepTail(client, [runId], new Date(started).toISOString(), sweepS);
    progress(`start and end: ${JSON.stringify(tail)}`);

    // (1b) The same 10,000 members as three tenants behind the same partner, swept by `npm run
    // worker` processes: one process, then three; the payer gate shares every payer's limit.
    const shared: string[] = [];
    for (let t = 0; t < 3; t++) {
      const sharedOptions = demoSeedOptions({ slug: `bench-shared-${t}`, name: `Bench shared ${t}`, members: Math.ceil(MEMBERS / 3), events: 0, seed: 20 + t, sandboxUrl: sandbox.url });
      const id = await seedBase(client, sharedOptions);
      await client.query(
        `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
         select $1, 'B' || m.member_number, m.id, (select id from core.facility where tenant_id = $1 and code = 'OPC'), current_date + 1, 'SCHEDULED'
         from member.member m where m.tenant_id = $1`, [id]);
      shared.push(id);
    }
    await client.query('vacuum analyze');
    const processes: Record<string, Awaited<ReturnType<typeof sweepOnWorkers>>> = {};
    for (const count of PROCESS_COUNTS) {
      progress(`sweeping ${MEMBERS} members of 3 tenants on ${count} worker process(es)...`);
      processes[count] = await sweepOnWorkers(client, location.ownerUrl, sandbox.url, shared, count, limits);
      progress(`${count} process(es): ${processes[count].s.toFixed(1)} s, floor ${processes[count].floorS.toFixed(1)} s; start and end: ${JSON.stringify(processes[count].tail)}`);
    }

    // (2) The supervisor tick: 10,000 schedules, 100 due.
    await client.query(
      `insert into eligibility.sweep_schedule (tenant_id, name, cron_expression, time_zone, window_from_days, window_to_days)
       select $1, 'Schedule ' || n, (array['0 2 * * *', '*/15 * * * *', '0 6,18 * * 1-5', '30 1 * * *'])[1 + n % 4],
              (array['UTC', 'America/New_York', 'Europe/London'])[1 + n % 3], 0, 3
       from generate_series(1, $2::int) n`, [tenantId, SCHEDULES]);
    await client.query('vacuum analyze eligibility.sweep_schedule');
    const tickSamples: number[] = [];
    const floorSamples: number[] = [];
    for (let i = 0; i < 40; i++) {
      await client.query(
        `update eligibility.sweep_schedule set next_fire_at = now() - interval '1 minute'
         where id in (select id from eligibility.sweep_schedule where tenant_id = $1 order by id offset $2 limit $3)`, [tenantId, (i * DUE) % SCHEDULES, DUE]);
      const t0 = process.hrtime.bigint();
      const fired = (await client.query('select eligibility_private.fn_fire_due_schedules() as n')).rows[0].n;
      tickSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (fired !== DUE) throw new Error(`tick fired ${fired}, expected ${DUE}`);
      // Floor: inserting 100 run rows with a plain INSERT ... SELECT, nothing else.
      await client.query('begin');
      const f0 = process.hrtime.bigint();
      await client.query(
        `insert into eligibility.eligibility_sweep_run (tenant_id, name, trigger, fired_at, window_from_days, window_to_days, window_start, window_end)
         select $1, 'floor', 'CRON', now(), 0, 3, current_date, current_date + 3 from generate_series(1, $2::int)`, [tenantId, DUE]);
      floorSamples.push(Number(process.hrtime.bigint() - f0) / 1e6);
      await client.query('rollback');
    }
    const ticks = tickSamples.slice(5);
    progress(`supervisor tick p50 ${median(ticks)} ms, p95 ${percentile(ticks, 95)} ms`);

    // (3) Run detail, first page of exceptions, as the API role through RLS...
    await client.query('vacuum analyze');
    await client.query('begin');
    await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'eligibility.read', true)", [tenantId]);
    const plan = (await client.query(`explain (analyze, costs off) ${EXCEPTIONS_PAGE_SQL}`, [tenantId, runId])).rows.map((r) => r['QUERY PLAN']).join('\n');
    const sqlSamples: number[] = [];
    for (let i = 0; i < 320; i++) {
      const t0 = process.hrtime.bigint();
      await client.query(EXCEPTIONS_PAGE_SQL, [tenantId, runId]);
      if (i >= 20) sqlSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await client.query('rollback');
    // ...and through GraphQL over HTTP, with the run's counters.
    const service = await startService({ location, ports: [0], host: '127.0.0.1', jobs: false, concurrency: 1, graphiql: false });
    const token = await mintToken(location.jwtSecret, { sub: 'bench', tenantId, permissions: ['eligibility.read'] }, '1h');
    const query = `query($id: UUID!) { eligibilitySweepRun(rowId: $id) { status totalMembers receivedCount failedCount skippedCount progressPercent
      exceptions(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { memberNumber status failureReason serviceDate } } } }`;
    const gqlSamples: number[] = [];
    let exceptionsTotal = 0;
    for (let i = 0; i < 220; i++) {
      const t0 = process.hrtime.bigint();
      const response = await fetch(`${service.urls[0]}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { id: runId } }),
      });
      const json = (await response.json()) as { data: { eligibilitySweepRun: { exceptions: { totalCount: number } } } };
      if (i >= 20) gqlSamples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      exceptionsTotal = json.data.eligibilitySweepRun.exceptions.totalCount;
    }
    await service.stop();
    progress(`exceptions page p95: SQL ${percentile(sqlSamples, 95)} ms, GraphQL ${percentile(gqlSamples, 95)} ms (${exceptionsTotal} exceptions)`);

    return {
      metrics: {
        sweep_s: Number(sweepS.toFixed(1)),
        sweep_ratio: Number((sweepS / floorS).toFixed(2)),
        sweep_members: run.total_members,
        sweep_270s_sent: run.inquiries_sent,
        sweep_members_per_s: Number((run.total_members / sweepS).toFixed(1)),
        sweep_max_in_flight_honoured: honoured ? 1 : 0,
        sweep_engine_cpu_ms_per_270: cpuPer270.engine,
        sweep_postgres_cpu_ms_per_270: cpuPer270.postgres,
        ...Object.fromEntries(Object.entries(processes).flatMap(([count, p]) => [
          [`sweep_3_tenants_${count}_process${count === '1' ? '' : 'es'}_s`, Number(p.s.toFixed(1))],
          [`sweep_3_tenants_${count}_process${count === '1' ? '' : 'es'}_ratio`, Number((p.s / p.floorS).toFixed(2))],
        ])),
        ...(PROCESS_COUNTS.length > 0 ? { sweep_3_tenants_max_in_flight_honoured: Object.values(processes).every((p) => p.maxInFlightHonoured) ? 1 : 0 } : {}),
        tick_p50_ms: median(ticks),
        tick_p95_ms: percentile(ticks, 95),
        exceptions_page_sql_p50_ms: median(sqlSamples),
        exceptions_page_sql_p95_ms: percentile(sqlSamples, 95),
        exceptions_page_graphql_p50_ms: median(gqlSamples),
        exceptions_page_graphql_p95_ms: percentile(gqlSamples, 95),
      },
      floor: {
        sweep_latency_floor_s: Number(floorS.toFixed(1)),
        ...Object.fromEntries(Object.entries(processes).map(([count, p]) => [`sweep_3_tenants_${count}_process${count === '1' ? '' : 'es'}_floor_s`, Number(p.floorS.toFixed(1))])),
        insert_100_runs_p50_ms: median(floorSamples.slice(5)),
      },
      notes: `Sweep: ${MEMBERS.toLocaleString()} members (demo scenario mix: ~80% active, AAA rejects, 999, HTTP 500 retried with backoff), sandbox at ${LATENCY_MS} ms, target < 120 s; floor = slowest payer's 270s / max_in_flight x latency. `
        + `Tick: ${SCHEDULES.toLocaleString()} schedules, ${DUE} due, target < 100 ms. Exceptions page: first 50 of a ${run.total_members}-member run, target p95 < 20 ms.`,
      details: {
        run: { status: run.status, received: run.received_count, failed: run.failed_count, skipped: run.skipped_count, cacheHits: run.cache_hit_count },
        maxInFlightByPayer: stats.maxInFlightByPayer,
        maxInFlightLimits: limits,
        sentByPayer: Object.fromEntries(perPayer.map((p) => [p.payer_identifier, p.n])),
        sweepProfile: profile,
        sweepTail: tail,
        threeTenants: processes,
        sandboxByScenario: stats.byScenario,
        exceptionsTotal,
        exceptionsPlan: plan,
      },
    };
  } finally {
    client.release();
    sandbox.close();
  }
};

/**
 * Where a sweep's time goes, per payer, from its inquiries (seconds from the run's start): until
 * the first 270 (roster, plan), the last first attempt (after it only retries remain) and the last
 * answer; each 270's time in flight (sent to answered: the sandbox latency plus HTTP and event
 * loop), and the mean gap a slot stays idle between one answer and the next 270 on it (gate and
 * bookkeeping round trips, pool waits): (answers span x slots / 270s) - time in flight.
 */
async function sweepProfile(client: pg.PoolClient, runId: string, slotsByPayer: Record<string, number>) {
  const { rows } = await client.query(
    `select p.payer_identifier as payer, count(*)::int as sent,
            round(extract(epoch from min(i.sent_at) - r.started_at)::numeric, 2)::float as first_send_s,
            round(extract(epoch from max(i.sent_at) filter (where i.attempt = 1) - r.started_at)::numeric, 2)::float as last_first_attempt_s,
            round(extract(epoch from max(i.received_at) - r.started_at)::numeric, 2)::float as last_answer_s,
            round(extract(epoch from r.completed_at - r.started_at)::numeric, 2)::float as run_s,
            round((extract(epoch from avg(i.received_at - i.sent_at)) * 1000)::numeric)::int as in_flight_ms,
            round(extract(epoch from max(i.received_at) - min(i.sent_at))::numeric, 2)::float as span_s,
            count(*) filter (where i.attempt > 1)::int as retries
     from eligibility.eligibility_inquiry i
     join core.payer p on p.id = i.payer_id
     join eligibility.eligibility_sweep_run r on r.id = i.sweep_run_id
     where i.sweep_run_id = $1 and i.sent_at is not null and i.received_at is not null
     group by p.payer_identifier, r.started_at, r.completed_at
     order by p.payer_identifier`, [runId]);
  return rows.map((r) => {
    const slots = slotsByPayer[r.payer] ?? 1;
    return { ...r, slots, idle_gap_ms: Math.round((r.span_s * 1000 * slots) / r.sent - r.in_flight_ms) };
  });
}

/**
 * The time a sweep spends outside the payer-limit floor's waves, from its runs' timestamps, in
 * seconds from `startedAt` (when the bench asked for the runs): until the first 270 (job pickup,
 * roster, plan), the last first attempt (after it only retries remain), the last answer, the last
 * run COMPLETED, and the bench's own end (`totalS`: the intake feed, and the bench's polling). `last`:
 * the coverage answered last, each 270 of it as [sent, answered, outcome]; when it is a retry chain,
 * its waits are the tail the retry policy sets. `retryWaits`: per attempt [attempt, retries, p50 ms,
 * p90 ms] from a 270's answer to the coverage's next 270 (the policy's wait plus the wait for a slot).
 */
async function sweepTail(client: pg.PoolClient, runIds: string[], startedAt: string, totalS: number) {
  const since = (column: string) => `round(extract(epoch from ${column} - $2::timestamptz)::numeric, 2)::float`;
  const { rows: [edges] } = await client.query(
    `select ${since('min(i.sent_at)')} as first_send_s, ${since('max(i.sent_at) filter (where i.attempt = 1)')} as last_first_attempt_s,
            ${since('max(i.received_at)')} as last_answer_s,
            ${since('(select max(r.started_at) from eligibility.eligibility_sweep_run r where r.id = any($1))')} as last_started_s,
            ${since('(select max(r.completed_at) from eligibility.eligibility_sweep_run r where r.id = any($1))')} as completed_s
     from eligibility.eligibility_inquiry i where i.sweep_run_id = any($1) and i.sent_at is not null`, [runIds, startedAt]);
  const { rows: last } = await client.query(
    `with last as (select i.sweep_run_member_id, i.coverage_policy_id from eligibility.eligibility_inquiry i
                   where i.sweep_run_id = any($1) and i.received_at is not null order by i.received_at desc limit 1)
     select i.attempt, ${since('i.sent_at')} as sent_s, ${since('i.received_at')} as answered_s, i.outcome, left(i.outcome_reason, 40) as reason
     from eligibility.eligibility_inquiry i join last using (sweep_run_member_id, coverage_policy_id) order by i.attempt`, [runIds, startedAt]);
  // A retried 270's answer to the coverage's next 270: the policy's wait plus the wait for a slot.
  const { rows: retryWaits } = await client.query(
    `select i.attempt, count(*)::int as n,
            round((percentile_cont(0.5) within group (order by extract(epoch from n.sent_at - i.received_at)) * 1000)::numeric)::int as p50_ms,
            round((percentile_cont(0.9) within group (order by extract(epoch from n.sent_at - i.received_at)) * 1000)::numeric)::int as p90_ms
     from eligibility.eligibility_inquiry i
     join eligibility.eligibility_inquiry n on n.tenant_id = i.tenant_id and n.sweep_run_member_id = i.sweep_run_member_id
      and n.coverage_policy_id = i.coverage_policy_id and n.attempt = i.attempt + 1
     where i.sweep_run_id = any($1) and i.outcome = 'RETRY' group by i.attempt order by i.attempt`, [runIds]);
  return {
    ...edges, totalS: Number(totalS.toFixed(2)), last: last.map((r) => [r.sent_s, r.answered_s, r.outcome, r.reason]),
    retryWaits: retryWaits.map((r) => [r.attempt, r.n, r.p50_ms, r.p90_ms]),
  };
}

/**
 * One sweep per tenant, run by `count` real `npm run worker` processes (one job each at a time
 * when there are three), timed from enqueue to the last run COMPLETED. Floor: each payer's 270s
 * of all three tenants in waves of its max_in_flight (shared by the tenants), one latency a wave.
 */
async function sweepOnWorkers(client: pg.PoolClient, ownerUrl: string, sandboxUrl: string, tenants: string[], count: number, limits: Record<string, number>) {
  // The workers' data folder (their secrets file), removed with them.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-bench-worker-'));
  const workers = await Promise.all(Array.from({ length: count }, () => startWorkerProcess(ownerUrl, dataDir, count === 1 ? 3 : 1)));
  try {
    const started = Date.now();
    const runs: string[] = [];
    for (const tenantId of tenants) {
      runs.push((await client.query(
        `select eligibility_private.fn_create_sweep_run($1, null, 'Bench sweep', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'bench') as id`, [tenantId])).rows[0].id);
    }
    for (;;) {
      const done = (await client.query("select count(*)::int as n from eligibility.eligibility_sweep_run where id = any($1) and status in ('COMPLETED', 'FAILED', 'CANCELLED')", [runs])).rows[0].n;
      if (done === runs.length) break;
      const failing = (await client.query("select last_error from graphile_worker.jobs where task_identifier = 'eligibility/run-sweep' and attempts >= 2 and last_error is not null limit 1")).rows[0];
      if (failing) throw new Error(`a sweep job keeps failing: ${failing.last_error}`);
      // Every 50 ms: the phase's time is taken here, and a 200 ms poll added 0.1 s on average.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const s = (Date.now() - started) / 1000;
    const perPayer = (await client.query(
      `select p.payer_identifier, count(*)::int as n from eligibility.eligibility_inquiry i join core.payer p on p.tenant_id = i.tenant_id and p.id = i.payer_id
       where i.sweep_run_id = any($1) and i.sent_at is not null group by 1`, [runs])).rows;
    const floorS = Math.max(...perPayer.map((p) => Math.ceil(p.n / limits[p.payer_identifier]) * LATENCY_MS / 1000));
    const stats = (await (await fetch(sandboxUrl.replace('/core/realtime', '/stats'))).json()) as SandboxStats;
    const tail = await sweepTail(client, runs, new Date(started).toISOString(), s);
    return { s, sent: perPayer.reduce((sum, p) => sum + p.n, 0), floorS, maxInFlightHonoured: Object.entries(stats.maxInFlightByPayer).every(([payer, max]) => max <= limits[payer]), tail };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function startWorkerProcess(ownerUrl: string, dataDir: string, concurrency: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'server', 'cli', 'worker.ts')], {
      // The key the seed encrypted the partners' passwords with: the workers' own data folder holds
      // another, and without this every run job failed "Wrong key or corrupt data" and the bench waited forever.
      env: {
        ...process.env, DATABASE_URL: ownerUrl, RCM_DATA_DIR: dataDir, PARTNER_CREDENTIAL_KEY: partnerCredentialKey(),
        LOG_LEVEL: 'info', INGEST_QUEUE_CONCURRENCY: String(concurrency), ELIGIBILITY_CACHE_HOURS: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"msg":"worker started"')) resolve(child);
    });
  });
}

export default bench;
