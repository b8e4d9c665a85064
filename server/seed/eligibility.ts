// Eligibility demo data: the manual's example schedule, and one completed run with members in
// every final state (RECEIVED, FAILED with upstream reasons, SKIPPED) so the console has data
// before the first real sweep. Real runs (run now, cron) talk to the sandbox partner.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';

// Reasons as the engine writes them for the sandbox scenarios (see sandbox-partner/README.md).
const DEMO_FAILURES: Record<string, string> = {
  NF: 'AAA 75 Subscriber/Insured Not Found (follow-up C: Please Correct and Resubmit) at 2100C',
  BADID: 'AAA 72 Invalid/Missing Subscriber/Insured ID (follow-up C: Please Correct and Resubmit) at 2100C',
  REJ999: '999 rejected: IK3 NM1 segment 10 loop 2100C 8 Segment Has Data Element Errors IK4 element 9 (67) 6 Invalid Character in Data Element',
  ERR500: 'HTTP 500 from trading partner: Internal Server Error; gave up after 4 attempts',
};

export async function seedEligibility(client: pg.ClientBase, tenantId: string, _options: SeedOptions): Promise<void> {
  const existing = await client.query('select 1 from eligibility.sweep_schedule where tenant_id = $1 limit 1', [tenantId]);
  if (existing.rowCount) return;
  const schedule = await client.query<{ id: string }>(
    `insert into eligibility.sweep_schedule (tenant_id, name, cron_expression, time_zone, window_from_days, window_to_days, created_by)
     values ($1, 'Nightly outpatient pre-check', '0 2 * * *', 'UTC', 0, 3, 'seed') returning id`, [tenantId]);
  const members = await client.query('select 1 from member.member where tenant_id = $1 limit 1', [tenantId]);
  if (!members.rowCount) return;
  const fired = "date_trunc('day', now()) - interval '22 hours'"; // yesterday 02:00 UTC
  const run = await client.query<{ id: string }>(
    `insert into eligibility.eligibility_sweep_run (tenant_id, schedule_id, name, trigger, status, scheduled_for, fired_at, time_zone,
       window_from_days, window_to_days, window_start, window_end, requested_by)
     values ($1, $2, 'Nightly outpatient pre-check', 'CRON', 'QUEUED', ${fired}, ${fired}, 'UTC', 0, 3,
       (${fired})::date, (${fired})::date + 3, 'supervisor') returning id`, [tenantId, schedule.rows[0].id]);
  const runId = run.rows[0].id;
  await client.query('select eligibility_private.fn_begin_sweep_run($1, $2)', [tenantId, runId]);
  await client.query(
    `with outcome as (
       select m.id, ($3::jsonb) ->> (select case when c.subscriber_id like 'NF%' then 'NF' when c.subscriber_id like 'BADID%' then 'BADID'
                                                when c.subscriber_id like 'REJ999%' then 'REJ999' when c.subscriber_id like 'ERR500%' then 'ERR500' end
                                     from member.coverage_policy c where c.tenant_id = m.tenant_id and c.member_id = m.member_id
                                     order by c.priority limit 1) as reason
       from eligibility.sweep_run_member m where m.tenant_id = $1 and m.sweep_run_id = $2 and m.status = 'QUEUED')
     update eligibility.sweep_run_member m
     set status = case when o.reason is null then 'RECEIVED' else 'FAILED' end, failure_reason = o.reason,
         attempts = 1, submitted_at = r.fired_at + interval '1 minute', completed_at = r.fired_at + interval '2 minutes'
     from outcome o, eligibility.eligibility_sweep_run r
     where m.tenant_id = $1 and m.id = o.id and r.tenant_id = $1 and r.id = $2`,
    [tenantId, runId, JSON.stringify(DEMO_FAILURES)]);
  await client.query(
    `update eligibility.eligibility_sweep_run set status = 'COMPLETED', started_at = fired_at + interval '10 seconds', completed_at = fired_at + interval '3 minutes'
     where tenant_id = $1 and id = $2`, [tenantId, runId]);
  await client.query('select eligibility_private.fn_refresh_sweep_run_counters($1, $2), eligibility_private.fn_feed_intake_queue($1, $2)', [tenantId, runId]);
}
