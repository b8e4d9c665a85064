// The sweep workload of the faults bench: a tenant whose members all have a visit tomorrow, an
// ad-hoc run over them, what "progress" is, the operator's recovery after a dead worker, and the
// checks after the run (duplicates, lost members, counters, 270s per member-coverage).
import type pg from 'pg';
import { demoSeedOptions } from '../../server/seed/seed-tenant.ts';
import { seedBase } from '../../server/seed/base.ts';
import { sleep } from './processes.ts';

export async function seedSweepTenant(owner: pg.Pool, slug: string, members: number, sandboxUrl: string, timeoutMs: number): Promise<string> {
  const client = await owner.connect();
  try {
    const tenantId = await seedBase(client, demoSeedOptions({ slug, name: `Faults ${slug}`, members, events: 0, seed: 16, sandboxUrl }));
    await client.query(
      `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'F' || m.member_number, m.id, (select id from core.facility where tenant_id = $1 and code = 'OPC'), current_date + 1, 'SCHEDULED'
       from member.member m where m.tenant_id = $1`, [tenantId]);
    await client.query('update core.trading_partner set timeout_ms = $2 where tenant_id = $1', [tenantId, timeoutMs]);
    await client.query('vacuum analyze');
    return tenantId;
  } finally {
    client.release();
  }
}

/** An ad-hoc run of every member with a visit in the next 3 days; its job is enqueued. */
export async function startSweep(owner: pg.Pool, tenantId: string): Promise<string> {
  return (await owner.query(
    `select eligibility_private.fn_create_sweep_run($1, null, 'Faults sweep', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'faults-bench') as id`, [tenantId])).rows[0].id;
}

export interface SweepState { status: string; done: number; total: number }

/** Members in a final state (RECEIVED, FAILED, SKIPPED), from the member rows. */
export async function sweepState(owner: pg.Pool, runId: string): Promise<SweepState> {
  const { rows } = await owner.query(
    `select r.status, r.total_members as total,
            (select count(*)::int from eligibility.sweep_run_member m where m.tenant_id = r.tenant_id and m.sweep_run_id = r.id and m.status in ('RECEIVED', 'FAILED', 'SKIPPED')) as done
     from eligibility.eligibility_sweep_run r where r.id = $1`, [runId]);
  return rows[0];
}

/**
 * After its worker died: re-fire the run as an operator would (psql as the tenant). The run is
 * refused (55000) while it still looks alive (it reported less than a second ago), so ask again.
 */
export async function refireSweep(owner: pg.Pool, slug: string, runId: string): Promise<void> {
  const client = await owner.connect();
  try {
    await client.query("select core.act_as($1, 'eligibility.read,eligibility.update')", [slug]);
    for (let i = 0; ; i++) {
      try {
        await client.query('select eligibility.fn_refire_sweep_run($1, 1)', [runId]);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55000' || i > 200) throw error;
        await sleep(100);
      }
    }
  } finally {
    client.release();
  }
}

export interface SweepCheck {
  status: string;
  total: number;
  memberRows: number;
  duplicateMemberRows: number;
  lostMembers: number;
  countersTieOut: boolean;
  pendingInquiries: number;
  coveragesSent: number;
  sends270: number;
  interrupted270s: number;
  maxSendsPerCoverage: number;
  coveragesOverRetryPolicy: number;
  sandboxSendsMatchDb: boolean;
  /** Up to 5 coverages over the policy: what the partner saw and what we recorded. */
  overExamples: { key: string; logged: number; sent: number; interrupted: number; reasons: string[] }[];
}

/**
 * After the run: one member row per member, none left QUEUED/SUBMITTED, the run's counters equal
 * to the rows, and per member-coverage the partner's log shows at most maxAttempts 270s plus one
 * per 270 that was in flight when its worker died (closed "No answer recorded: the worker stopped").
 */
export async function checkSweep(owner: pg.Pool, runId: string, sends: Map<string, number>, maxAttempts: number): Promise<SweepCheck> {
  const run = (await owner.query('select * from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
  const members = (await owner.query(
    `select count(*)::int as rows, count(distinct member_id)::int as distinct_members,
            count(*) filter (where status = 'RECEIVED')::int as received, count(*) filter (where status = 'FAILED')::int as failed,
            count(*) filter (where status = 'SKIPPED')::int as skipped, count(*) filter (where status in ('QUEUED', 'SUBMITTED'))::int as open
     from eligibility.sweep_run_member where sweep_run_id = $1`, [runId])).rows[0];
  const perCoverage = (await owner.query(
    `select p.payer_identifier || '|' || cp.subscriber_id as key,
            count(*) filter (where i.sent_at is not null)::int as sent,
            count(*) filter (where i.outcome_reason like 'No answer recorded: the worker stopped%')::int as interrupted,
            array_agg(i.attempt || ' ' || i.outcome || ' ' || coalesce(left(i.outcome_reason, 80), '') order by i.sent_at) as reasons
     from eligibility.eligibility_inquiry i
     join member.coverage_policy cp on cp.tenant_id = i.tenant_id and cp.id = i.coverage_policy_id
     join core.payer p on p.tenant_id = i.tenant_id and p.id = i.payer_id
     where i.sweep_run_id = $1 and i.sent_at is not null group by 1`, [runId])).rows as { key: string; sent: number; interrupted: number; reasons: string[] }[];
  const pending = (await owner.query("select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and outcome = 'PENDING'", [runId])).rows[0].n;
  let over = 0;
  let maxSends = 0;
  let matches = true;
  const overExamples: SweepCheck['overExamples'] = [];
  for (const c of perCoverage) {
    const logged = sends.get(c.key) ?? 0;
    maxSends = Math.max(maxSends, logged);
    if (logged > maxAttempts + c.interrupted) {
      over++;
      if (overExamples.length < 5) overExamples.push({ key: c.key, logged, sent: c.sent, interrupted: c.interrupted, reasons: c.reasons });
    }
    if (logged > c.sent) matches = false; // the partner saw a 270 we have no record of sending
  }
  return {
    status: run.status,
    total: run.total_members,
    memberRows: members.rows,
    duplicateMemberRows: members.rows - members.distinct_members,
    lostMembers: run.total_members - (members.received + members.failed + members.skipped),
    countersTieOut: run.received_count === members.received && run.failed_count === members.failed && run.skipped_count === members.skipped
      && run.received_count + run.failed_count + run.skipped_count === run.total_members,
    pendingInquiries: pending,
    coveragesSent: perCoverage.length,
    sends270: [...sends.values()].reduce((a, b) => a + b, 0),
    interrupted270s: perCoverage.reduce((a, c) => a + c.interrupted, 0),
    maxSendsPerCoverage: maxSends,
    coveragesOverRetryPolicy: over,
    sandboxSendsMatchDb: matches,
    overExamples,
  };
}
