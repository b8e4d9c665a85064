// The claims workload of the faults bench: several nightly claims cycles in a row, each over its own
// N new charges (3 per visit): the build (claims/build-claims: validation and build slices), the
// submission (claims/submit-built-claims), the 837P send to the sandbox partner
// (claims/send-submission) and the intake of its 999 and 277CA (claims/poll-acknowledgments), all
// on worker processes. The bench does what cron would: it dispatches a night's build once the
// charges are in, and the acknowledgment poll once the partner's answers are due.
import type pg from 'pg';
import { demoSeedOptions } from '../../server/seed/seed-tenant.ts';
import { seedBase } from '../../server/seed/base.ts';
import { fillClaimSubmissionData } from '../../server/seed/claims-submission-data.ts';
import type { Aim, Progress } from './kill-loop.ts';
import { sleep } from './processes.ts';

/** The phases of a claims cycle, in order, by the task that does each. */
export const CLAIMS_PHASES = ['build', 'submission', 'send', 'acknowledgments'] as const;
export type ClaimsPhase = typeof CLAIMS_PHASES[number];
const PHASE_OF_TASK: Record<string, ClaimsPhase> = {
  'claims/build-claims': 'build', 'claims/submit-built-claims': 'submission', 'claims/send-submission': 'send', 'claims/poll-acknowledgments': 'acknowledgments',
};

/** A tenant of 5,000 members with the 837P data, and `charges` NEW charges (night 0; the bench's nights add theirs). */
export async function seedClaimsTenant(owner: pg.Pool, slug: string, charges: number, sandboxUrl: string): Promise<string> {
  const client = await owner.connect();
  let tenantId: string;
  try {
    tenantId = await seedBase(client, demoSeedOptions({ slug, name: `Faults ${slug}`, members: 5000, events: 0, seed: 18, sandboxUrl }));
    await fillClaimSubmissionData(client, tenantId);
  } finally {
    client.release();
  }
  if (charges > 0) await addNightCharges(owner, tenantId, 0, charges);
  await owner.query('vacuum analyze');
  return tenantId;
}

/** A night's new charges: `charges` NEW charges, 3 per completed visit, numbered FC<night>-<n>. */
export async function addNightCharges(owner: pg.Pool, tenantId: string, night: number, charges: number): Promise<void> {
  const client = await owner.connect();
  try {
    await client.query(
      `with m as (
         select array_agg(cp.member_id order by cp.member_id) as members from member.coverage_policy cp
         where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
           -- Not the sandbox's REJ999 members: one of them makes the 999 reject the whole set, and no 277CA follows.
           and cp.subscriber_id not like 'REJ999%'
       ), f as (select array_agg(id order by code) as ids from core.facility where tenant_id = $1)
       insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'FC' || $3::int || '-' || k, m.members[1 + (k + $3::int * 7919) % cardinality(m.members)], f.ids[1 + k % 3], current_date - 1 - (k % 300), 'COMPLETED'
       from generate_series(0, $2::int - 1) k, m, f`, [tenantId, Math.ceil(charges / 3), night]);
    await client.query(
      `insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                                   diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status, service_event_id)
       select $1, 'FC' || $3::int || '-' || n, e.member_id, cp.id, e.facility_id, f.npi, f.npi, (array['99213', '99214', '36415', '80053', '93000'])[1 + n % 5],
              '{E11.9,I10}', '{1,2}', 1, 20 + n % 300, e.service_date, '11', 'NEW', e.id
       from generate_series(0, $2::int - 1) n
       join service.service_event e on e.tenant_id = $1 and e.event_number = 'FC' || $3::int || '-' || (n / 3)
       join member.coverage_policy cp on cp.tenant_id = $1 and cp.member_id = e.member_id and cp.priority = 1
       join core.facility f on f.tenant_id = $1 and f.id = e.facility_id`, [tenantId, charges, night]);
    await client.query('analyze billing.charge');
  } finally {
    client.release();
  }
}

/** What the nightly dispatcher does for one tenant (server/claims/dispatch.ts). */
export async function dispatchClaimsBuild(owner: pg.Pool, tenantId: string): Promise<void> {
  await owner.query(
    `select graphile_worker.add_job('claims/build-claims', json_build_object('tenantId', $1::uuid), queue_name => core_private.job_queue($1, 'claims'),
       job_key => 'claims/build-claims:' || $1, max_attempts => 3)`, [tenantId]);
}

interface CycleState {
  settled: number; open_charges: number; built: number; submitted_claims: number; sent_claims: number; closed_claims: number;
  submissions: number; unsent: number; answered: number; awaiting: number; answers_due: boolean; poll_running: boolean;
}

async function cycleState(owner: pg.Pool, tenantId: string, ackDelayMs: number): Promise<CycleState> {
  return (await owner.query<CycleState>(
    `select (select count(*)::int from billing.charge where tenant_id = $1 and status in ('BILLED', 'INVALID')) as settled,
            (select count(*)::int from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED')) as open_charges,
            (select count(*)::int from billing.claim where tenant_id = $1 and status = 'BUILT') as built,
            (select count(*)::int from billing.claim_submission_claim where tenant_id = $1) as submitted_claims,
            (select count(*)::int from billing.claim_submission_claim sc join billing.claim_submission s on s.tenant_id = sc.tenant_id and s.id = sc.submission_id
              where sc.tenant_id = $1 and s.status <> 'CREATED') as sent_claims,
            (select count(*)::int from billing.claim_submission_claim where tenant_id = $1 and closed_at is not null) as closed_claims,
            (select count(*)::int from billing.claim_submission where tenant_id = $1) as submissions,
            (select count(*)::int from billing.claim_submission where tenant_id = $1 and status = 'CREATED') as unsent,
            (select count(*)::int from billing.claim_submission where tenant_id = $1 and status in ('ACKNOWLEDGED', 'REJECTED')) as answered,
            (select count(*)::int from billing.claim_submission s where tenant_id = $1 and (status = 'SENT' or status = 'ACKNOWLEDGED'
              and exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is null))) as awaiting,
            exists (select 1 from billing.claim_submission where tenant_id = $1 and status in ('SENT', 'ACKNOWLEDGED') and sent_at < now() - make_interval(secs => $2::float8 / 1000)) as answers_due,
            exists (select 1 from graphile_worker.jobs where queue_name = core_private.job_queue($1, 'claims') and task_identifier = 'claims/poll-acknowledgments' and locked_by is not null) as poll_running`,
    [tenantId, ackDelayMs])).rows[0];
}

/**
 * `nights` nightly cycles in a row, `chargesPerNight` new charges each. `progress` moves the cycle on
 * as cron would (the next night's charges and build once a night is done; the acknowledgment poll
 * once the partner's answers are due) and counts what committed: charges settled, claims submitted,
 * claims sent, submissions answered, claims answered.
 */
export function claimsNights(owner: pg.Pool, tenantId: string, options: { nights: number; chargesPerNight: number; ackDelayMs: number }) {
  let night = 0;
  let lastNight = options.nights;
  let nightStartedAt = 0;
  const nightSeconds: number[] = [];
  const startNight = async () => {
    night++;
    await addNightCharges(owner, tenantId, night, options.chargesPerNight);
    nightStartedAt = Date.now();
    await dispatchClaimsBuild(owner, tenantId);
  };
  const progress = async (): Promise<Progress> => {
    if (night === 0) await startNight();
    const s = await cycleState(owner, tenantId, options.ackDelayMs);
    if (s.awaiting > 0 && s.answers_due && !s.poll_running) await owner.query('select billing_private.fn_dispatch_acknowledgment_polls()');
    const nightDone = s.open_charges === 0 && s.built === 0 && s.submissions >= night && s.unsent === 0 && s.awaiting === 0;
    if (nightDone && nightSeconds.length < night) nightSeconds.push((Date.now() - nightStartedAt) / 1000);
    if (nightDone && night < lastNight) await startNight();
    return { done: s.settled + s.submitted_claims + s.sent_claims + s.answered + s.closed_claims, finished: nightDone && night >= lastNight };
  };
  /** No night starts after the current one. */
  const stopAfterThisNight = () => { lastNight = Math.max(night, 1); };
  /** Nights start again, up to the given one. */
  const continueTo = (last: number) => { lastNight = last; };
  return { progress, nights: () => night, nightSeconds, stopAfterThisNight, continueTo };
}

/** The claims job the worker holds now (one at a time: the tenant's claims queue is serial) and whether its phase has work left. */
export async function heldJob(owner: pg.Pool, tenantId: string): Promise<{ id: string; phase: ClaimsPhase; workLeft: boolean } | null> {
  const { rows } = await owner.query<{ id: string; task: string; open_charges: boolean; built: boolean; unsent: boolean; awaiting: boolean }>(
    `select j.id::text, j.task_identifier as task,
            exists (select 1 from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED')) as open_charges,
            exists (select 1 from billing.claim where tenant_id = $1 and status = 'BUILT') as built,
            exists (select 1 from billing.claim_submission where tenant_id = $1 and status = 'CREATED') as unsent,
            exists (select 1 from billing.claim_submission s where tenant_id = $1 and (status = 'SENT' or status = 'ACKNOWLEDGED'
              and exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is null))) as awaiting
     from graphile_worker.jobs j where j.queue_name = core_private.job_queue($1, 'claims') and j.locked_by is not null order by j.locked_at desc limit 1`, [tenantId]);
  const r = rows[0];
  if (!r || !PHASE_OF_TASK[r.task]) return null;
  const phase = PHASE_OF_TASK[r.task];
  const workLeft = { build: r.open_charges || r.built, submission: r.built, send: r.unsent, acknowledgments: r.awaiting }[phase];
  return { id: r.id, phase, workLeft };
}

/**
 * Kills aimed at the cycle's phases in turn: the loop waits until the worker holds the phase's job
 * with its work not done, waits a random time within 0.7 of the phase's length (measured on a
 * night without kills, halved after each kill that came too late), and kills. The kill counts for that phase only if the same job was still held,
 * its work not done, at the kill (checked just before it and, the job, after it); otherwise it
 * landed after the work was done and is counted apart.
 */
export function claimsAim(owner: pg.Pool, tenantId: string, measuredMs: Record<ClaimsPhase, number>): Aim {
  let aimed: { id: string; phase: ClaimsPhase } | null = null;
  let target: ClaimsPhase | null = null;
  const phaseMs = { ...measuredMs };
  return {
    phases: [...CLAIMS_PHASES],
    inPhase: async (phase) => {
      const held = await heldJob(owner, tenantId);
      return held !== null && held.phase === phase && held.workLeft;
    },
    pauseMs: (phase) => {
      target = phase as ClaimsPhase;
      return Math.random() * 0.7 * phaseMs[target];
    },
    beforeKill: async () => {
      const held = await heldJob(owner, tenantId);
      aimed = held && held.workLeft ? { id: held.id, phase: held.phase } : null;
    },
    landedIn: async () => {
      const { rows } = aimed ? await owner.query('select locked_by is not null as locked from graphile_worker.jobs where id = $1::bigint', [aimed.id]) : { rows: [] };
      const landed = rows[0]?.locked ? aimed!.phase : null;
      // Too late: this phase is shorter under kills than measured; draw the next point within half.
      if (landed === null && target) phaseMs[target] = Math.max(50, phaseMs[target] / 2);
      return landed;
    },
  };
}

/**
 * How long each phase lasts when nothing is killed: one night watched every 20 ms (from the first to
 * the last time its job was seen held with work left; at least 50 ms). The kills' random points
 * are drawn within these.
 */
export async function measurePhases(owner: pg.Pool, tenantId: string, progress: () => Promise<Progress>, timeoutMs: number): Promise<Record<ClaimsPhase, number>> {
  const first: Partial<Record<ClaimsPhase, number>> = {};
  const last: Partial<Record<ClaimsPhase, number>> = {};
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await progress()).finished) break;
    const held = await heldJob(owner, tenantId);
    if (held?.workLeft) {
      first[held.phase] ??= Date.now();
      last[held.phase] = Date.now();
    }
    await sleep(20);
  }
  const out = {} as Record<ClaimsPhase, number>;
  for (const phase of CLAIMS_PHASES) out[phase] = Math.max(50, (last[phase] ?? 0) - (first[phase] ?? 0));
  return out;
}

/**
 * After a dead worker: release its graphile-worker locks (as an operator would; graphile-worker
 * itself waits 4 hours), and if charges are still open or claims built, dispatch the tenant's
 * build again (the job's 3 attempts may be spent by kills; its key makes the dispatch replace,
 * never add).
 */
export async function recoverClaims(owner: pg.Pool, tenantId: string): Promise<void> {
  await owner.query(
    `select graphile_worker.force_unlock_workers(array_agg(distinct locked_by)) from graphile_worker.jobs
     where queue_name = core_private.job_queue($1, 'claims') and locked_by is not null`, [tenantId]);
  const open = (await owner.query(
    `select exists (select 1 from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED'))
         or exists (select 1 from billing.claim where tenant_id = $1 and status = 'BUILT') as open`, [tenantId])).rows[0].open;
  if (open) await dispatchClaimsBuild(owner, tenantId);
}

export interface ClaimsCheck {
  charges: number;
  chargesBilled: number;
  chargesInvalid: number;
  /** Charges still NEW or VALIDATED, or BILLED on no claim. */
  chargesLost: number;
  chargesOnTwoClaims: number;
  claims: number;
  claimsByStatus: Record<string, number>;
  claimTotalsTieOut: boolean;
  claimsInNoSubmission: number;
  claimsInTwoSubmissions: number;
  submissions: number;
  submissionsByStatus: Record<string, number>;
  /** Every submission's claim_count is its claims, and the claims past BUILT are the submissions' claims. */
  submissionCountsTieOut: boolean;
  /** Claims with two 277CA answers recorded. */
  claimsAnsweredTwice: number;
  /** Claims of a submission still waiting for their answer at the end. */
  claimsUnanswered: number;
  /** Claims jobs left in the queue at the end (waiting, locked or failed for good). */
  jobsLeft: number;
  jobsLeftDetail: unknown[];
  /** Submissions the partner received (by sender and ISA13, from its log). */
  partnerInterchanges: number;
  /** Submissions whose ISA13 the partner never received. */
  partnerMissingInterchanges: number;
  /** Copies of an interchange the partner had already received (a send whose record a kill cut off). */
  partnerDuplicateInterchanges: number;
}

/** `interchanges`: the partner's log of 837s received (SandboxProcess.interchanges). */
export async function checkClaims(owner: pg.Pool, tenantId: string, interchanges: Map<string, { received: number; duplicates: number }>): Promise<ClaimsCheck> {
  const r = (await owner.query(
    `select (select count(*)::int from billing.charge where tenant_id = $1) as charges,
            (select count(*)::int from billing.charge where tenant_id = $1 and status = 'BILLED') as billed,
            (select count(*)::int from billing.charge where tenant_id = $1 and status = 'INVALID') as invalid,
            (select count(*)::int from billing.charge ch where tenant_id = $1 and (status in ('NEW', 'VALIDATED')
              or status = 'BILLED' and not exists (select 1 from billing.claim_line l where l.tenant_id = ch.tenant_id and l.charge_id = ch.id))) as lost,
            (select count(*)::int from (select charge_id from billing.claim_line where tenant_id = $1 group by 1 having count(*) > 1) d) as twice,
            (select count(*)::int from billing.claim where tenant_id = $1) as claims,
            (select coalesce(jsonb_object_agg(status, n), '{}') from (select status, count(*)::int as n from billing.claim where tenant_id = $1 group by 1) s) as claims_by_status,
            (select count(*)::int from billing.claim c where tenant_id = $1 and total_amount <> (select sum(amount) from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id)) as bad_totals,
            (select count(*)::int from billing.claim c where tenant_id = $1 and not exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = c.tenant_id and sc.claim_id = c.id)) as unsubmitted,
            (select count(*)::int from (select claim_id from billing.claim_submission_claim where tenant_id = $1 group by 1 having count(*) > 1) d) as resubmitted,
            (select count(*)::int from billing.claim_submission where tenant_id = $1) as submissions,
            (select coalesce(jsonb_object_agg(status, n), '{}') from (select status, count(*)::int as n from billing.claim_submission where tenant_id = $1 group by 1) s) as submissions_by_status,
            (select count(*)::int from billing.claim_submission s where tenant_id = $1 and claim_count <> (select count(*) from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id)) as bad_counts,
            (select count(*)::int from billing.claim where tenant_id = $1 and status <> 'BUILT') as past_built,
            (select coalesce(sum(claim_count), 0)::int from billing.claim_submission where tenant_id = $1) as submitted_count,
            (select count(*)::int from (select claim_id from billing.claim_acknowledgment where tenant_id = $1 and kind = '277CA' group by 1 having count(*) > 1) d) as answered_twice,
            (select count(*)::int from billing.claim_submission_claim where tenant_id = $1 and closed_at is null) as unanswered,
            (select coalesce(jsonb_agg(tp.sender_id || '|' || s.interchange_control_number), '[]') from billing.claim_submission s
              join core.trading_partner tp on tp.tenant_id = s.tenant_id and tp.id = s.trading_partner_id where s.tenant_id = $1) as interchange_keys,
            (select count(*)::int from graphile_worker.jobs where queue_name = core_private.job_queue($1, 'claims')) as jobs_left,
            (select coalesce(jsonb_agg(jsonb_build_object('task', task_identifier, 'lockedBy', locked_by, 'lockedAt', locked_at, 'attempts', attempts, 'maxAttempts', max_attempts,
               'runAt', run_at, 'key', key, 'lastError', left(last_error, 300))), '[]')
             from graphile_worker.jobs where queue_name = core_private.job_queue($1, 'claims')) as jobs_left_detail`,
    [tenantId])).rows[0];
  const keys = r.interchange_keys as string[];
  return {
    charges: r.charges, chargesBilled: r.billed, chargesInvalid: r.invalid, chargesLost: r.lost, chargesOnTwoClaims: r.twice,
    claims: r.claims, claimsByStatus: r.claims_by_status, claimTotalsTieOut: r.bad_totals === 0, claimsInNoSubmission: r.unsubmitted, claimsInTwoSubmissions: r.resubmitted,
    submissions: r.submissions, submissionsByStatus: r.submissions_by_status, submissionCountsTieOut: r.bad_counts === 0 && r.past_built === r.submitted_count,
    claimsAnsweredTwice: r.answered_twice, claimsUnanswered: r.unanswered, jobsLeft: r.jobs_left, jobsLeftDetail: r.jobs_left_detail,
    partnerInterchanges: keys.filter((key) => (interchanges.get(key)?.received ?? 0) > 0).length,
    partnerMissingInterchanges: keys.filter((key) => !interchanges.get(key)?.received).length,
    partnerDuplicateInterchanges: keys.reduce((n, key) => n + (interchanges.get(key)?.duplicates ?? 0) + Math.max(0, (interchanges.get(key)?.received ?? 0) - 1), 0),
  };
}
