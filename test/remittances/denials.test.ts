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

test('denials group by category, payer and CARC; assign, appeal with a follow-up, write off to a zero balance, resolve with a note', async () => {
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

  // The timely-filing denial is written off: the balance the 835 left (0 here after CO-29) cannot go below zero.
  await expect(writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, 10, 'timely filing')", [itemOf(c.claimId)])).rejects.toMatchObject({ code: '22023' });
  // A hand-made balance: the payer denied, and a biller writes off what is left of a claim that still shows a balance.
  await db.owner.query('update billing.claim set adjustment_amount = 0 where id = $1', [c.claimId]);
  await writer("select * from billing.fn_record_denial_action($1, 'WRITE_OFF', null, 40, 'timely filing missed')", [itemOf(c.claimId)]);
  expect((await db.owner.query('select balance from billing.claim where id = $1', [c.claimId])).rows[0].balance).toBe('0.00');
  await expect(writer("select * from billing.fn_record_denial_action($1, 'APPEAL', current_date + 5)", [itemOf(c.claimId)])).rejects.toMatchObject({ code: '55000' });

  await expect(writer('select * from billing.fn_resolve_denial($1, $2)', [itemOf(b.claimId), ''])).rejects.toMatchObject({ code: '22023' });
  await writer('select * from billing.fn_resolve_denial($1, $2)', [itemOf(b.claimId), 'corrected claim sent with auth number']);
  const after = await writer('select reason_code, open_count from billing.denial_queue');
  expect(after).toEqual([{ reason_code: '197', open_count: 1 }]);
  const history = await db.owner.query('select reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [a.claimId]);
  expect(history.rows[0].reason).toMatch(/^Denial appeal, follow up by \d{4}-\d{2}-\d{2}: auth obtained retro$/);
});
