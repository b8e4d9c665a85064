// The denial queue: denials from 835s grouped by category, payer and CARC; assign, act, resolve.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { baseTenant, asTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post } from './fixtures.ts';

let db: TestDatabase;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'denial-alpha');
});
afterAll(async () => db.drop());

const writer = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asTenant<T>(db, tenant, 'claims.write', sql, params);

test('denials group by category, payer and CARC; assign, appeal with a follow-up, write off (the decision recorded, the item resolved), resolve with a note', async () => {
  const a = await submittedClaim(db, tenant, [90]);
  const b = await submittedClaim(db, tenant, [60]);
  const c = await submittedClaim(db, tenant, [40]);
  await post(db, tenant, remittance('TRN-DQ-1', [
    clp(a.pcn, '4', [line('99213', 90, 0, [['CO', '197', 90]])]),
    clp(b.pcn, '4', [line('99213', 60, 0, [['CO', '197', 60]])]),
    clp(c.pcn, '4', [line('99213', 40, 0, [['CO', '29', 40]])]),
  ]));
  const queue = await writer('select denial_category, reason_code, open_count, denied_amount from billing.denial_queue order by reason_code');
  expect(queue).toEqual([
    { denial_category: 'AUTHORIZATION', reason_code: '197', open_count: 2, denied_amount: '150.00' },
    { denial_category: 'TIMELY_FILING', reason_code: '29', open_count: 1, denied_amount: '40.00' },
  ]);
  const items = await writer<{ id: string; claim_id: string }>('select id, claim_id from billing.denial_work_item');
  const itemOf = (claimId: string) => items.find((i) => i.claim_id === claimId)!.id;

  expect((await writer('select assigned_to from billing.fn_assign_denial($1, $2)', [itemOf(a.claimId), 'pat.biller']))[0].assigned_to).toBe('pat.biller');
  await expect(writer("select * from billing.fn_record_denial_action($1, 'APPEAL')", [itemOf(a.claimId)])).rejects.toMatchObject({ code: '22023', message: 'followUpBy (today or later) is required to record an appeal' });
  const appeal = await writer("select action, follow_up_by::text from billing.fn_record_denial_action($1, 'APPEAL', current_date + 30, null, null, 'auth obtained retro')", [itemOf(a.claimId)]);
  expect(appeal[0].action).toBe('APPEAL');

  // The timely-filing denial is written off: the CO-29 already took the 40.00 off the balance, so the
  // write-off records the decision (the denied amount moves to written off) and the balance stays 0.
  await expect(writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, 50, 'timely filing')", [itemOf(c.claimId)])).rejects.toMatchObject({
    code: '22023', message: "amount must be more than 0 and at most 40.00 (the denied amount the payer adjusted off 40.00 + the claim's balance 0.00); got 50" });
  await expect(writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, 40, ' ')", [itemOf(c.claimId)])).rejects.toMatchObject({ code: '22023', message: 'reason is required to write off' });
  const writeOff = await writer("select action, amount, reason from billing.fn_record_denial_action($1, 'WRITE_OFF', null, null, 'timely filing missed')", [itemOf(c.claimId)]);
  expect(writeOff).toEqual([{ action: 'WRITE_OFF', amount: '40.00', reason: 'timely filing missed' }]);
  expect((await db.owner.query('select status, balance, adjustment_amount from billing.claim where id = $1', [c.claimId])).rows[0]).toEqual({ status: 'DENIED', balance: '0.00', adjustment_amount: '40.00' });
  expect((await db.owner.query('select status, resolution_note from billing.denial_work_item where id = $1', [itemOf(c.claimId)])).rows[0]).toEqual({ status: 'RESOLVED', resolution_note: 'WRITE_OFF: timely filing missed' });
  expect((await db.owner.query('select reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [c.claimId])).rows[0].reason).toBe('Denial write off 40.00: timely filing missed');
  await expect(writer("select * from billing.fn_record_denial_action($1, 'APPEAL', current_date + 5)", [itemOf(c.claimId)])).rejects.toMatchObject({ code: '55000' });

  await expect(writer('select * from billing.fn_resolve_denial($1, $2)', [itemOf(b.claimId), ''])).rejects.toMatchObject({ code: '22023' });
  await writer('select * from billing.fn_resolve_denial($1, $2)', [itemOf(b.claimId), 'corrected claim sent with auth number']);
  const after = await writer('select reason_code, open_count from billing.denial_queue');
  expect(after).toEqual([{ reason_code: '197', open_count: 1 }]);
  const history = await db.owner.query('select reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [a.claimId]);
  expect(history.rows[0].reason).toMatch(/^Denial appeal, follow up by \d{4}-\d{2}-\d{2}: auth obtained retro$/);
});

test('a write-off lowers a balance the claim still shows, and is refused while a correction is with the payer', async () => {
  const d = await submittedClaim(db, tenant, [70]);
  const e = await submittedClaim(db, tenant, [30]);
  await post(db, tenant, remittance('TRN-DQ-2', [
    clp(d.pcn, '4', [line('99213', 70, 0, [['CO', '16', 70]], ['M51'])]),
    clp(e.pcn, '4', [line('99213', 30, 0, [['CO', '50', 30]])]),
  ]));
  const items = await writer<{ id: string; claim_id: string }>('select id, claim_id from billing.denial_work_item where claim_id = any($1)', [[d.claimId, e.claimId]]);
  const itemOf = (claimId: string) => items.find((i) => i.claim_id === claimId)!.id;

  // A corrected claim keeps the item open, but the denial no longer stands as the payer's last word.
  await writer("select * from billing.fn_record_denial_action($1, 'CORRECTED_CLAIM', null, null, null, 'added the referring provider')", [itemOf(d.claimId)]);
  await expect(writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, null, 'gave up')", [itemOf(d.claimId)])).rejects.toMatchObject({
    code: '55000', message: `Claim ${d.pcn} is BUILT (a corrected claim or a void is with the payer: wait for its answer): only a claim whose denial stands (DENIED) can be written off; resolve the denial with a note instead` });

  // A claim that still shows a balance (recorded by hand, nothing adjusted off): the write-off takes it off.
  await db.owner.query('update billing.claim set adjustment_amount = 0 where id = $1', [e.claimId]);
  await writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, 30, 'small balance policy')", [itemOf(e.claimId)]);
  expect((await db.owner.query('select balance, adjustment_amount from billing.claim where id = $1', [e.claimId])).rows[0]).toEqual({ balance: '0.00', adjustment_amount: '30.00' });
  expect(await writer('select count(*)::int as n from billing.denial_action where denial_work_item_id = $1', [itemOf(d.claimId)])).toEqual([{ n: 1 }]);
});
