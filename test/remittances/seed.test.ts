// The demo tenant shows money coming back through the real posting path: 835s (written by the
// sandbox payer's rules) posted by billing.fn_post_remittance, claims PAID / DENIED / partly paid
// with CARC adjustments, a held unbalanced remittance, a denial corrected and paid after the
// payer's reversal, a write-off and an appeal in the denial queue, a claim billed to the secondary
// coverage with its COB loops, and dashboards that count them.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { parseX12 } from '../../x12/parse.ts';
import { pyx12Validate } from '../../x12/test-support/pyx12.ts';
import type { Transaction837 } from '../../x12/types-claims.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // Large enough that the 277CA accepts a claim for each of the sandbox payer's 13 outcomes after the
  // demo's rejection paths (999, TA1, 277CA) have taken theirs.
  tenantId = await seedTestTenant(db, 'remit-seed', { members: 240, events: 800 });
});
afterAll(async () => db.drop());

test('835s posted through the real function: paid, partly paid, denied by CARC, one remittance held, an unknown claim queued', async () => {
  const remittances = (await db.owner.query('select status, source, claims_unmatched, reason from billing.remittance where tenant_id = $1', [tenantId])).rows;
  expect(new Set(remittances.map((r) => r.source))).toEqual(new Set(['PARTNER']));
  // Each payer's first 835 takes the outcomes in turn: how many remittances are unbalanced and claims unknown depends on the
  // number of accepted claims; at least one of each, and every held one held for its balance.
  const held = remittances.filter((r) => r.status === 'HELD').map((r) => r.reason);
  expect(held.length).toBeGreaterThan(0);
  expect(held).toEqual(held.map(() => expect.stringMatching(/^unbalanced, nothing posted: payment: /)));
  expect(remittances.reduce((n, r) => n + r.claims_unmatched, 0)).toBeGreaterThan(0);

  const paid = (await db.owner.query(
    `select c.status, c.paid_amount < c.total_amount as partly, c.patient_responsibility_amount > 0 as patient_owes, c.balance
     from billing.claim c where c.tenant_id = $1 and exists (select 1 from billing.claim_payment p where p.tenant_id = c.tenant_id and p.claim_id = c.id)`, [tenantId])).rows;
  expect(paid.filter((c) => c.status === 'PAID' && !c.partly).length).toBeGreaterThan(0);
  expect(paid.filter((c) => c.status === 'PAID' && c.partly).length).toBeGreaterThan(0);
  expect(paid.filter((c) => c.patient_owes).length).toBeGreaterThan(0);
  expect(paid.every((c) => Number(c.balance) === 0)).toBe(true);
  const reasons = (await db.owner.query(
    "select distinct a.group_code || '-' || a.reason_code as carc from billing.claim_adjustment a where a.tenant_id = $1", [tenantId])).rows.map((r) => r.carc);
  expect(reasons).toEqual(expect.arrayContaining(['CO-45', 'PR-1', 'CO-16', 'CO-29']));
});

test('a denial corrected: DENIED, then a replacement (frequency 7) sent and accepted, the payer reverses and pays; another denial appealed, a duplicate written off', async () => {
  const corrected = (await db.owner.query(
    `select c.id, c.frequency_code, c.status, array_agg(h.to_status order by h.seq) as path
     from billing.claim c join billing.claim_status_history h on h.tenant_id = c.tenant_id and h.claim_id = c.id
     where c.tenant_id = $1 and c.frequency_code = '7' group by c.id, c.frequency_code, c.status`, [tenantId])).rows;
  expect(corrected).toHaveLength(1);
  // The claim may have been rejected and resubmitted before (the demo's rejection paths): from its acceptance on.
  const path: string[] = corrected[0].path;
  expect(path.slice(0, 2)).toEqual(['BUILT', 'SUBMITTED']);
  expect(path.slice(path.indexOf('ACCEPTED'))).toEqual(['ACCEPTED', 'DENIED', 'DENIED', 'BUILT', 'SUBMITTED', 'ACCEPTED', 'PAID']);
  // The seed posts in one transaction (one posted_at): compare as a set.
  const payments = (await db.owner.query('select claim_status_code, reversed_by is not null as reversed from billing.claim_payment where claim_id = $1 order by claim_status_code', [corrected[0].id])).rows;
  expect(payments.map((p) => [p.claim_status_code, p.reversed])).toEqual([['1', false], ['22', false], ['4', true]]);
  const x12 = (await db.owner.query(
    `select s.x12 from billing.claim_submission s join billing.claim_submission_claim sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id
     where sc.claim_id = $1 order by s.interchange_control_number desc limit 1`, [corrected[0].id])).rows[0].x12;
  expect(x12).toMatch(/:B:7\*/);
  expect(x12).toMatch(/REF\*F8\*/);
  const actions = (await db.owner.query('select action from billing.denial_action where tenant_id = $1 order by action', [tenantId])).rows.map((r) => r.action);
  expect(actions).toEqual(['APPEAL', 'CORRECTED_CLAIM', 'WRITE_OFF']);
  // The write-off: the whole denied amount recorded as written off, the item resolved, nothing owed.
  const writeOff = (await db.owner.query(
    `select a.amount = d.denied_amount as whole, d.status, d.reason_code, c.status as claim_status, c.balance
     from billing.denial_action a join billing.denial_work_item d on d.tenant_id = a.tenant_id and d.id = a.denial_work_item_id
     join billing.claim c on c.tenant_id = a.tenant_id and c.id = a.claim_id
     where a.tenant_id = $1 and a.action = 'WRITE_OFF'`, [tenantId])).rows;
  // The seed writes off a duplicate (CO-18) when the tenant's 835s denied one besides the corrected claim.
  const duplicates = Number((await db.owner.query("select count(*) as n from billing.denial_work_item where tenant_id = $1 and reason_code = '18'", [tenantId])).rows[0].n);
  expect(writeOff).toEqual([{ whole: true, status: 'RESOLVED', reason_code: duplicates > 0 ? '18' : expect.any(String), claim_status: 'DENIED', balance: '0.00' }]);
});

test('the dashboards count the 835s: payments by payer and day, denial rate by category', async () => {
  const payments = (await db.owner.query('select sum(remittance_count)::int as n, sum(payment_amount) as amount from reporting.mv_payment_by_payer_day where tenant_id = $1', [tenantId])).rows[0];
  const posted = (await db.owner.query("select count(*)::int as n, sum(payment_amount) as amount from billing.remittance where tenant_id = $1 and status = 'POSTED'", [tenantId])).rows[0];
  expect(payments).toEqual(posted);
  const denials = (await db.owner.query("select denial_category, denied_count from reporting.mv_denial_rate_by_category where tenant_id = $1 and denial_category = 'TIMELY_FILING'", [tenantId])).rows;
  expect(denials.reduce((n, d) => n + d.denied_count, 0)).toBeGreaterThan(0);
});

test('a claim paid in part is billed to the secondary coverage; its 837P, waiting for the worker, carries the primary\'s adjudication (COB loops), pyx12-valid', async () => {
  const secondary = (await db.owner.query(
    `select c.id, p.paid_amount, p.patient_responsibility, s.status as submission_status, s.x12
     from billing.claim c
     join billing.claim_payment p on p.tenant_id = c.tenant_id and p.claim_id = c.primary_claim_id and p.claim_status_code <> '22' and p.reversed_by is null
     join billing.claim_submission_claim sc on sc.tenant_id = c.tenant_id and sc.claim_id = c.id
     join billing.claim_submission s on s.tenant_id = sc.tenant_id and s.id = sc.submission_id
     where c.tenant_id = $1 and c.primary_claim_id is not null`, [tenantId])).rows;
  expect(secondary).toHaveLength(1);
  expect(secondary[0].submission_status).toBe('CREATED');
  const [claim] = (parseX12(secondary[0].x12).transactions[0] as Transaction837).claims;
  expect(claim?.payerResponsibility).toBe('S');
  expect(claim?.otherPayers).toEqual([expect.objectContaining({
    payerResponsibility: 'P', paidAmount: secondary[0].paid_amount, remainingPatientLiability: secondary[0].patient_responsibility,
  })]);
  expect(claim?.lines.every((l) => l.adjudications.length === 1)).toBe(true);
  expect(pyx12Validate(secondary[0].x12, 'seed-secondary.837').ok).toBe(true);
});
