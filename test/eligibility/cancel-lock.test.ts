// A cancel that comes while the engine stores a member's 270 (fn_submit_and_open_inquiry: the
// member SUBMITTED, then the inquiry inserted, whose foreign key to the run takes a KEY SHARE lock
// on the run row) waits for that 270 instead of deadlocking with it: the cancel locks the run row
// FOR NO KEY UPDATE (it changes no key), which KEY SHARE does not conflict with. With FOR UPDATE
// the two waited on each other (the cancel on the member, the 270 on the run) until Postgres broke
// the deadlock by failing one: the operator's cancel, or the member's 270 (the member then FAILED
// with "deadlock detected"). Real Postgres, two sessions.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitsForALock } from '../support/lock-wait.ts';
import { scenarioTenant } from './support.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

test('a cancel waits for a 270 being stored and both succeed: the member stays SUBMITTED (its 270 lands), the rest SKIPPED', async () => {
  const tenantId = await scenarioTenant(db, 'cancellock', 'http://127.0.0.1:9/core/realtime', [
    { number: 'L001', subscriberId: 'ACTL000001', payer: 'AETNA' }, { number: 'L002', subscriberId: 'ACTL000002', payer: 'AETNA' }]);
  const runId = (await db.owner.query(
    `select eligibility_private.fn_create_sweep_run($1, null, 'Cancel lock', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'test') as id`, [tenantId])).rows[0].id;
  expect((await db.owner.query('select eligibility_private.fn_begin_sweep_run($1, $2) as s', [tenantId, runId])).rows[0].s).toBe('RUNNING');
  const [sending, waiting] = (await db.owner.query(
    `select m.id, c.id as coverage_id, c.payer_id, (select trading_partner_id from core.payer p where p.tenant_id = c.tenant_id and p.id = c.payer_id) as partner_id
     from eligibility.sweep_run_member m join member.member mm on mm.tenant_id = m.tenant_id and mm.id = m.member_id
     join member.coverage_policy c on c.tenant_id = m.tenant_id and c.member_id = m.member_id
     where m.tenant_id = $1 and m.sweep_run_id = $2 order by mm.member_number`, [tenantId, runId])).rows;

  const engine = await db.owner.connect();
  const operator = await db.owner.connect();
  try {
    // The engine's statement, in two steps so that the cancel comes between them.
    await engine.query('begin');
    expect((await engine.query('select eligibility_private.fn_submit_sweep_member($1, $2) as ok', [tenantId, sending.id])).rows[0].ok).toBe(true);
    // The operator cancels as a tenant user (psql or the API): it locks the run, then waits for the member.
    await operator.query('begin');
    await operator.query(
      "select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'eligibility.update', true)", [tenantId]);
    const operatorPid = (await operator.query('select pg_backend_pid() as pid')).rows[0].pid;
    const cancel = operator.query('select status from eligibility.fn_cancel_sweep_run($1)', [runId]).then(
      async ({ rows }) => { await operator.query('commit'); return rows[0].status as string; },
      async (error: Error) => { await operator.query('rollback'); return `failed: ${error.message}`; });
    expect(await waitsForALock(db.owner, operatorPid)).toBe(true);
    const inquiryId = randomUUID();
    const opened = await engine.query('select eligibility_private.fn_open_inquiry($1, $2, $3, $4, $5, 1, $6, 1, $7, $8) as id',
      [tenantId, inquiryId, sending.id, sending.coverage_id, sending.partner_id, inquiryId.replaceAll('-', ''), 'ISA*...~', 'RealTime'])
      .then(({ rows }) => rows[0].id as string, (error: Error) => `failed: ${error.message}`);
    await engine.query(opened === inquiryId ? 'commit' : 'rollback');
    expect(opened).toBe(inquiryId);
    expect(await cancel).toBe('CANCELLED');
  } finally {
    engine.release();
    operator.release();
  }
  const members = Object.fromEntries((await db.owner.query('select id, status from eligibility.sweep_run_member where tenant_id = $1 and sweep_run_id = $2', [tenantId, runId])).rows.map((r) => [r.id, r.status]));
  expect(members[sending.id]).toBe('SUBMITTED');
  expect(members[waiting.id]).toBe('SKIPPED');
});
