// The roster a sweep run starts from (eligibility_private.sweep_roster, stored by
// fn_begin_sweep_run): one row per member, its first visit in the window, and how many of its
// coverages are active on that date; in member order. Each rule on a small tenant built for it,
// then the engine's INSERT planned for each run's own window on a long-lived connection.
import type pg from 'pg';
import { createTestDatabase, ownerSession, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let tenant: string;
const ids: Record<string, string> = {};

interface RosterRow { member: string; event: string; facility: string; day: number; coverages: number }

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'roster', { members: 0, events: 0 });
  await db.owner.query('delete from eligibility.sweep_schedule where tenant_id = $1', [tenant]);
  for (const { code, id } of (await db.owner.query('select code, id from core.facility where tenant_id = $1 union all select code, id from core.payer where tenant_id = $1', [tenant])).rows) ids[code] = id;

  const members = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'];
  for (const number of members) {
    const { rows: [m] } = await db.owner.query(
      `insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender)
       values ($1, $2, 'Pat', 'Doe', date '1980-05-17', 'F') returning id`, [tenant, number]);
    ids[number] = m.id;
  }
  const coverage = (member: string, payer: string, subscriber: string, from: string, to: string | null, status = 'ACTIVE') => db.owner.query(
    `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, effective_from, effective_to, status)
     values ($1, $2, $3, $4, current_date + $5::integer, current_date + $6::integer, $7)`,
    [tenant, ids[member], ids[payer], subscriber, from, to, status]);
  // R1: one coverage. R2: two active on its visit, plus one terminated, one ended the day before
  // the visit and one starting the day after (none of those three counts). R3: none.
  await coverage('R1', 'AETNA', 'ACT000000001', '-400', null);
  await coverage('R2', 'AETNA', 'ACT000000002', '-400', '2');
  await coverage('R2', 'UHC', 'ACT000000102', '-400', null);
  await coverage('R2', 'CIGNA', 'ACT000000202', '-400', null, 'TERMINATED');
  await coverage('R2', 'BCBS', 'ACT000000302', '-400', '1');
  await coverage('R2', 'MCR', 'ACT000000402', '3', null);
  for (const member of ['R4', 'R5', 'R6', 'R7']) await coverage(member, 'AETNA', `ACT00000000${member.slice(1)}`, '-400', null);

  const visit = (number: string, member: string, day: number, status: string, facility = 'MAIN', id: string | null = null) => db.owner.query(
    `insert into service.service_event (tenant_id, id, event_number, member_id, facility_id, service_date, status)
     values ($1, coalesce($2::uuid, uuidv7()), $3, $4, $5, current_date + $6::integer, $7) returning id`,
    [tenant, id, number, ids[member], ids[facility], day, status]).then((r) => { ids[number] = r.rows[0].id; });
  await visit('E-R1-3', 'R1', 3, 'SCHEDULED');
  await visit('E-R1-1', 'R1', 1, 'SCHEDULED', 'OPC');
  await visit('E-R1-0', 'R1', 0, 'CANCELLED');
  // Two visits on R2's first day: the lower event id is its visit, whatever the insert order.
  await visit('E-R2-HIGH', 'R2', 2, 'SCHEDULED', 'MAIN', 'ffffffff-0000-7000-8000-000000000001');
  await visit('E-R2-LOW', 'R2', 2, 'SCHEDULED', 'OPC', '00000000-0000-7000-8000-000000000002');
  await visit('E-R2-5', 'R2', 5, 'CHECKED_IN');
  await visit('E-R3-4', 'R3', 4, 'SCHEDULED');
  await visit('E-R4-10', 'R4', 10, 'SCHEDULED');
  await visit('E-R5-0', 'R5', 0, 'CHECKED_IN');
  await visit('E-R6-3', 'R6', -3, 'COMPLETED');
  await visit('E-R6-4', 'R6', -4, 'NO_SHOW');
  await visit('E-R7-2', 'R7', -2, 'CANCELLED');
});
afterAll(async () => {
  await db?.drop();
});

async function newRun(from: number, to: number, extra: { facility?: string; payers?: string[]; rerunOf?: string } = {}): Promise<string> {
  const { rows: [run] } = await db.owner.query(
    `insert into eligibility.eligibility_sweep_run (tenant_id, name, trigger, window_from_days, window_to_days, window_start, window_end, facility_id, payer_ids, rerun_of_id)
     values ($1, 'roster test', case when $6::uuid is null then 'ADHOC' else 'RERUN_FAILED' end, $2::integer, $3::integer, current_date + $2::integer, current_date + $3::integer, $4, $5, $6) returning id`,
    [tenant, from, to, extra.facility ? ids[extra.facility] : null, (extra.payers ?? []).map((p) => ids[p]), extra.rerunOf ?? null]);
  return run.id;
}

const byId = () => Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));

async function roster(runId: string): Promise<RosterRow[]> {
  const { rows } = await db.owner.query(
    `select roster.member_id, roster.event_id, roster.facility_id, roster.service_date - current_date as day, roster.coverages
     from eligibility.eligibility_sweep_run r, eligibility_private.sweep_roster($1, r) roster where r.tenant_id = $1 and r.id = $2`, [tenant, runId]);
  const names = byId();
  // Member order is the roster's order: the order fn_begin_sweep_run inserts the members in.
  expect(rows.map((r) => r.member_id)).toEqual(rows.map((r) => r.member_id).sort());
  return rows.map((r) => ({ member: names[r.member_id], event: names[r.event_id], facility: names[r.facility_id], day: r.day, coverages: r.coverages }));
}

const sortedByMember = <T extends { member: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.member.localeCompare(b.member));

test('a forward window: each member\'s first scheduled or checked-in visit, the lower event id on a tie, and its active coverages on that date', async () => {
  expect(sortedByMember(await roster(await newRun(0, 7)))).toEqual([
    { member: 'R1', event: 'E-R1-1', facility: 'OPC', day: 1, coverages: 1 },
    { member: 'R2', event: 'E-R2-LOW', facility: 'OPC', day: 2, coverages: 2 },
    { member: 'R3', event: 'E-R3-4', facility: 'MAIN', day: 4, coverages: 0 },
    { member: 'R5', event: 'E-R5-0', facility: 'MAIN', day: 0, coverages: 1 },
  ]);
});

test('a backward window takes past visits of any status but cancelled; a facility and a payer filter narrow the visits and the count', async () => {
  expect(sortedByMember(await roster(await newRun(-5, 0)))).toEqual([
    { member: 'R5', event: 'E-R5-0', facility: 'MAIN', day: 0, coverages: 1 },
    { member: 'R6', event: 'E-R6-4', facility: 'MAIN', day: -4, coverages: 1 },
  ]);
  expect(sortedByMember(await roster(await newRun(0, 7, { facility: 'OPC' })))).toEqual([
    { member: 'R1', event: 'E-R1-1', facility: 'OPC', day: 1, coverages: 1 },
    { member: 'R2', event: 'E-R2-LOW', facility: 'OPC', day: 2, coverages: 2 },
  ]);
  const uhcOnly = sortedByMember(await roster(await newRun(0, 7, { payers: ['UHC'] })));
  expect(uhcOnly.map((r) => [r.member, r.coverages])).toEqual([['R1', 0], ['R2', 1], ['R3', 0], ['R5', 0]]);
});

test('fn_begin_sweep_run stores the roster: QUEUED with the coverage count, SKIPPED for no coverage; a re-run takes the old run\'s FAILED members on their dates', async () => {
  const runId = await newRun(0, 7);
  await db.owner.query('select eligibility_private.fn_begin_sweep_run($1, $2)', [tenant, runId]);
  const stored = async (id: string) => (await db.owner.query(
    `select member_id, service_event_id, service_date - current_date as day, status, coverage_count from eligibility.sweep_run_member
     where tenant_id = $1 and sweep_run_id = $2 order by member_id`, [tenant, id])).rows
    .map((r) => ({ member: byId()[r.member_id] as string, event: byId()[r.service_event_id], day: r.day, status: r.status, coverages: r.coverage_count }));
  expect(sortedByMember(await stored(runId))).toEqual([
    { member: 'R1', event: 'E-R1-1', day: 1, status: 'QUEUED', coverages: 1 },
    { member: 'R2', event: 'E-R2-LOW', day: 2, status: 'QUEUED', coverages: 2 },
    { member: 'R3', event: 'E-R3-4', day: 4, status: 'SKIPPED', coverages: 0 },
    { member: 'R5', event: 'E-R5-0', day: 0, status: 'QUEUED', coverages: 1 },
  ]);

  // R2 failed; the visits changed since (an earlier one booked), but a re-run checks the date it failed on.
  await db.owner.query(
    `update eligibility.sweep_run_member set status = 'FAILED', failure_reason = 'payer unavailable', completed_at = now()
     where tenant_id = $1 and sweep_run_id = $2 and member_id = $3`, [tenant, runId, ids.R2]);
  await db.owner.query(
    `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
     values ($1, 'E-R2-EARLIER', $2, $3, current_date + 1, 'SCHEDULED')`, [tenant, ids.R2, ids.MAIN]);
  const rerun = await newRun(0, 7, { rerunOf: runId });
  expect(await roster(rerun)).toEqual([{ member: 'R2', event: 'E-R2-LOW', facility: 'OPC', day: 2, coverages: 2 }]);
  await db.owner.query('select eligibility_private.fn_begin_sweep_run($1, $2)', [tenant, rerun]);
  expect(await stored(rerun)).toEqual([{ member: 'R2', event: 'E-R2-LOW', day: 2, status: 'QUEUED', coverages: 2 }]);
});

test('on a long-lived connection every run\'s roster INSERT is planned for its own window, not a generic plan cached after the fifth run', async () => {
  // Enough visits and coverages that a plan made without the window differs from one made with it.
  await db.owner.query(
    `with m as (
       insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender)
       select $1, 'BULK' || g, 'Pat', 'Doe', date '1980-05-17', 'F' from generate_series(1, 400) g returning id, member_number),
     c as (
       insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, effective_from)
       select $1, m.id, $2, 'ACT' || substr(m.member_number, 5) || 'B', current_date - 400 from m)
     insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
     select $1, 'E-' || m.member_number || '-' || d, m.id, $3, current_date + d, case when d < 0 then 'COMPLETED' else 'SCHEDULED' end
     from m, generate_series(-20, 20, 3) d`, [tenant, ids.AETNA, ids.MAIN]);
  await db.owner.query('analyze service.service_event, member.coverage_policy, member.member');

  const plans = await ownerSession(db, async (client: pg.Client) => {
    const seen: string[] = [];
    client.on('notice', (notice) => {
      const text = notice.message ?? '';
      const json = text.indexOf('{');
      if (json < 0) return;
      const plan = JSON.parse(text.slice(json)) as { 'Query Text': string; Plan: unknown };
      if (/insert into eligibility\.sweep_run_member/i.test(plan['Query Text'])) seen.push(JSON.stringify(plan.Plan));
    });
    await client.query("load 'auto_explain'");
    await client.query("set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; set auto_explain.log_format = 'json'; set auto_explain.log_level = 'notice'");
    await client.query('begin');
    for (let i = 0; i < 8; i++) {
      await client.query('savepoint run');
      const { rows: [run] } = await client.query(
        `insert into eligibility.eligibility_sweep_run (tenant_id, name, trigger, window_from_days, window_to_days, window_start, window_end)
         values ($1, 'plan test', 'ADHOC', 0, 7, current_date, current_date + 7) returning id`, [tenant]);
      await client.query('select eligibility_private.fn_begin_sweep_run($1, $2)', [tenant, run.id]);
      await client.query('rollback to savepoint run');
    }
    await client.query('rollback');
    return seen;
  });
  expect(plans).toHaveLength(8);
  // A generic plan refers to the run by parameter, ($4).window_start; a custom one has its dates.
  expect(plans.map((plan, i) => `run ${i + 1}: ${/\$\d/.test(plan) ? 'generic plan' : 'planned for its window'}`))
    .toEqual(plans.map((_, i) => `run ${i + 1}: planned for its window`));
});

test('the roster reads each member\'s active coverage dates from the narrow index, all of them from the index alone', async () => {
  // The bulk tenant of the test above. Its 400 coverages fit in a few pages, which Postgres reads
  // whole (the roster bench's 23,029 are an index-only scan): with sequential scans off the plan
  // shows the index it takes. Vacuumed, as the bench's data is: an index-only scan needs the
  // visibility map. (A run narrowed to payers needs payer_id, which the narrow index leaves out.)
  await db.owner.query('vacuum analyze member.coverage_policy');
  const scans = await ownerSession(db, async (client: pg.Client) => {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const { rows: [run] } = await client.query(
      `insert into eligibility.eligibility_sweep_run as r (tenant_id, name, trigger, window_from_days, window_to_days, window_start, window_end)
       values ($1, 'index test', 'ADHOC', 0, 7, current_date, current_date + 7) returning r::text as row`, [tenant]);
    const { rows: [{ 'QUERY PLAN': [explained] }] } = await client.query(
      'explain (format json) select * from eligibility_private.sweep_roster($1, $2::eligibility.eligibility_sweep_run)', [tenant, run.row]);
    await client.query('rollback');
    const found: string[] = [];
    const walk = (node: { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: unknown[] }) => {
      if (node['Relation Name'] === 'coverage_policy') found.push(`${node['Node Type']} using ${node['Index Name'] ?? '-'}`);
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk((explained as { Plan: Parameters<typeof walk>[0] }).Plan);
    return found;
  });
  expect(scans).toEqual(['Index Only Scan using coverage_policy_active_dates']);
});
