// billing.fn_post_remittance, called as an API user: each 835 case a biller meets.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { baseTenant, asTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post } from './fixtures.ts';

let db: TestDatabase;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'remit-alpha');
});
afterAll(async () => db.drop());

const claim = async (id: string) => (await db.owner.query('select status, paid_amount, patient_responsibility_amount, adjustment_amount, balance, denial_category from billing.claim where id = $1', [id])).rows[0];
const count = async (table: string, where = 'true', params: unknown[] = []) => (await db.owner.query(`select count(*)::int as n from ${table} where ${where}`, params)).rows[0].n as number;

test('a balanced 835 posts: paid with contractual and coinsurance adjustments, balance zero, history and payment rows', async () => {
  const c = await submittedClaim(db, tenant, [100, 50]);
  const tx = remittance('TRN-PAID-1', [clp(c.pcn, '1', [line('99213', 100, 64, [['CO', '45', 20], ['PR', '2', 16]]), line('85025', 50, 50, [])])]);
  const r = await post(db, tenant, tx);
  expect(r).toMatchObject({ status: 'POSTED', claims_posted: 1, claims_unmatched: 0, reason: null, payment_amount: '114.00', payment_method: 'ACH' });
  expect(await claim(c.claimId)).toEqual({ status: 'PAID', paid_amount: '114.00', patient_responsibility_amount: '16.00', adjustment_amount: '20.00', balance: '0.00', denial_category: null });
  const adj = (await db.owner.query('select level, line_number, group_code, reason_code, amount from billing.claim_adjustment where claim_id = $1 order by seq', [c.claimId])).rows;
  expect(adj).toEqual([
    { level: 'LINE', line_number: 1, group_code: 'CO', reason_code: '45', amount: '20.00' },
    { level: 'LINE', line_number: 1, group_code: 'PR', reason_code: '2', amount: '16.00' },
  ]);
  const history = (await db.owner.query('select from_status, to_status, reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [c.claimId])).rows[0];
  expect(history).toEqual({ from_status: 'SUBMITTED', to_status: 'PAID', reason: '835 TRN-PAID-1: paid 114.00' });
});

test('a denial (CO-16 with an RARC) makes the claim DENIED with the CARC\'s category and opens a denial work item', async () => {
  const c = await submittedClaim(db, tenant, [80]);
  const r = await post(db, tenant, remittance('TRN-DENY-1', [clp(c.pcn, '4', [line('99213', 80, 0, [['CO', '16', 80]], ['M51'])])]));
  expect(r.status).toBe('POSTED');
  expect(await claim(c.claimId)).toMatchObject({ status: 'DENIED', paid_amount: '0.00', denial_category: 'MISSING_INFORMATION', balance: '0.00' });
  const item = (await db.owner.query('select denial_category, reason_code, group_code, remark_codes, denied_amount, status from billing.denial_work_item where claim_id = $1', [c.claimId])).rows;
  expect(item).toEqual([{ denial_category: 'MISSING_INFORMATION', reason_code: '16', group_code: 'CO', remark_codes: ['M51'], denied_amount: '80.00', status: 'OPEN' }]);
});

test('a $0 payment that is all patient responsibility (CO-45 + PR-1 deductible) is PAID, not a denial: the patient owes', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  const r = await post(db, tenant, remittance('TRN-DEDUCT-1', [clp(c.pcn, '1', [line('99213', 100, 0, [['CO', '45', 30], ['PR', '1', 70]])])]));
  expect(r.status).toBe('POSTED');
  expect(await claim(c.claimId)).toEqual({ status: 'PAID', paid_amount: '0.00', patient_responsibility_amount: '70.00', adjustment_amount: '30.00', balance: '0.00', denial_category: null });
  expect(await count('billing.denial_work_item', 'claim_id = $1', [c.claimId])).toBe(0);
  const history = (await db.owner.query('select to_status, reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [c.claimId])).rows[0];
  expect(history).toEqual({ to_status: 'PAID', reason: '835 TRN-DEDUCT-1: paid 0.00' });
});

test('with nothing paid, the denial is the CARC that denies, even when a contractual CO-45 beside it is larger', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  await post(db, tenant, remittance('TRN-DENY-45', [clp(c.pcn, '4', [line('99213', 100, 0, [['CO', '45', 60], ['CO', '50', 40]])])]));
  expect(await claim(c.claimId)).toMatchObject({ status: 'DENIED', denial_category: 'MEDICAL_NECESSITY', balance: '0.00' });
  const item = (await db.owner.query('select reason_code, denied_amount from billing.denial_work_item where claim_id = $1', [c.claimId])).rows;
  expect(item).toEqual([{ reason_code: '50', denied_amount: '100.00' }]);
});

test('an unbalanced 835 is HELD whole with the failed equations, and nothing of it is posted', async () => {
  const good = await submittedClaim(db, tenant, [40]);
  const bad = await submittedClaim(db, tenant, [60]);
  const tx = remittance('TRN-HELD-1', [
    clp(good.pcn, '1', [line('99213', 40, 40, [])]),
    clp(bad.pcn, '1', [line('99213', 60, 30, [['CO', '45', 20]])]), // 60 - 30 = 30, CAS says 20
  ]);
  const r = await post(db, tenant, tx);
  expect(r.status).toBe('HELD');
  expect(r.reason).toContain(`claim 2 (CLP01 ${bad.pcn}) line 1 (99213): SVC02 60.00 - SVC03 30.00 = 30.00, but its CAS adjustments total 20.00`);
  expect(r.reason).toContain('claim 2');
  expect(await count('billing.claim_payment', 'remittance_id = $1', [r.id])).toBe(0);
  expect((await claim(good.claimId)).status).toBe('SUBMITTED');
  // The payment equation is checked too.
  const off = await post(db, tenant, remittance('TRN-HELD-2', [clp(good.pcn, '1', [line('99213', 40, 40, [])])], [], '39.00'));
  expect(off).toMatchObject({ status: 'HELD', reason: 'unbalanced, nothing posted: payment: sum of CLP04 40.00 - sum of PLB 0 = 40.00, but BPR02 is 39.00' });
  expect((await claim(good.claimId)).status).toBe('SUBMITTED');
});

test('the same 835 delivered twice posts once; the second answers DUPLICATE "already posted"', async () => {
  const c = await submittedClaim(db, tenant, [70]);
  const tx = remittance('TRN-DUP-1', [clp(c.pcn, '1', [line('99213', 70, 70, [])])]);
  const first = await post(db, tenant, tx);
  const second = await post(db, tenant, tx);
  expect(first.status).toBe('POSTED');
  expect(second).toMatchObject({ status: 'DUPLICATE', duplicate_of: first.id, claims_posted: 0 });
  expect(second.reason).toMatch(/^already posted: remittance /);
  expect(await count('billing.claim_payment', 'claim_id = $1', [c.claimId])).toBe(1);
  expect((await claim(c.claimId)).paid_amount).toBe('70.00');
});

test('an unknown claim goes to the unmatched queue whole, the rest posts; fallback match on the payer claim control number', async () => {
  const c = await submittedClaim(db, tenant, [55]);
  await db.owner.query("update billing.claim set payer_claim_control_number = 'PAYER-XYZ-1' where id = $1", [c.claimId]);
  const r = await post(db, tenant, remittance('TRN-UNM-1', [
    clp('NOSUCHCLAIM', '1', [line('99213', 90, 90, [])]),
    clp('WRONGPCN', '1', [line('99213', 55, 55, [])], { payerClaimControlNumber: 'PAYER-XYZ-1' }),
  ]));
  expect(r).toMatchObject({ status: 'POSTED', claims_posted: 1, claims_unmatched: 1 });
  expect((await claim(c.claimId)).status).toBe('PAID');
  const queue = (await db.owner.query('select patient_control_number, paid_amount, status, reason, detail ->> \'chargeAmount\' as charge from billing.unmatched_remittance_claim where remittance_id = $1', [r.id])).rows;
  expect(queue).toEqual([{ patient_control_number: 'NOSUCHCLAIM', paid_amount: '90.00', status: 'OPEN', charge: '90.00', reason: 'No claim has patient control number NOSUCHCLAIM or payer claim control number PCCN-NOSUCHCLAIM' }]);
});

test('a reversal (CLP02 22) undoes the earlier payment; the corrected payment that follows posts again', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  const original = await post(db, tenant, remittance('TRN-REV-1', [clp(c.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])]));
  expect((await claim(c.claimId)).paid_amount).toBe('80.00');
  const reversal = clp(c.pcn, '22', [line('99213', -100, -80, [['CO', '45', -20]])]);
  const corrected = clp(c.pcn, '1', [line('99213', 100, 70, [['CO', '45', 20], ['PR', '3', 10]])]);
  const r = await post(db, tenant, remittance('TRN-REV-2', [reversal, corrected]));
  expect(r).toMatchObject({ status: 'POSTED', claims_posted: 2, payment_amount: '-10.00' });
  expect(await claim(c.claimId)).toMatchObject({ status: 'PAID', paid_amount: '70.00', patient_responsibility_amount: '10.00', adjustment_amount: '20.00', balance: '0.00' });
  const payments = (await db.owner.query('select remittance_id, claim_status_code, paid_amount, reversed_by is not null as reversed from billing.claim_payment where claim_id = $1 order by posted_at, sequence', [c.claimId])).rows;
  expect(payments).toEqual([
    { remittance_id: original.id, claim_status_code: '1', paid_amount: '80.00', reversed: true },
    { remittance_id: r.id, claim_status_code: '22', paid_amount: '-80.00', reversed: false },
    { remittance_id: r.id, claim_status_code: '1', paid_amount: '70.00', reversed: false },
  ]);
  // A reversal alone leaves the claim waiting for the corrected payment.
  const d = await submittedClaim(db, tenant, [30]);
  await post(db, tenant, remittance('TRN-REV-3', [clp(d.pcn, '1', [line('99213', 30, 30, [])])]));
  await post(db, tenant, remittance('TRN-REV-4', [clp(d.pcn, '22', [line('99213', -30, -30, [])])]));
  expect(await claim(d.claimId)).toMatchObject({ status: 'ACCEPTED', paid_amount: '0.00', balance: '30.00' });
});

test('a voided claim owes nothing: the payer\'s reversal of a void leaves balance 0 and the claim out of the A/R aging', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  await post(db, tenant, remittance('TRN-VOID-1', [clp(c.pcn, '4', [line('99213', 100, 0, [['CO', '16', 100]])])]));
  await asTenant(db, tenant, 'claims.write', "select billing.fn_void_claim($1, 'billed in error')", [c.claimId]);
  await asTenant(db, tenant, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED')", [c.claimId]);
  await post(db, tenant, remittance('TRN-VOID-2', [clp(c.pcn, '22', [line('99213', -100, 0, [['CO', '16', -100]])])]));
  expect(await claim(c.claimId)).toEqual({ status: 'VOIDED', paid_amount: '0.00', patient_responsibility_amount: '0.00', adjustment_amount: '0.00', balance: '0.00', denial_category: null });
  await db.owner.query('refresh materialized view reporting.mv_ar_aging_by_payer');
  const aging = (await db.owner.query('select coalesce(sum(outstanding_amount), 0)::text as outstanding, coalesce(sum(claim_count), 0)::int as claims from reporting.mv_ar_aging_by_payer where tenant_id = $1', [tenant])).rows[0];
  const open = (await db.owner.query("select coalesce(sum(balance), 0)::text as outstanding, count(*)::int as claims from billing.claim where tenant_id = $1 and status in ('SUBMITTED', 'ACCEPTED', 'REJECTED') and balance > 0", [tenant])).rows[0];
  expect(aging).toEqual(open);
  expect(await count('billing.claim', "tenant_id = $1 and status = 'VOIDED' and balance <> 0", [tenant])).toBe(0);
});

test('crossover (CLP02 19 with NM1*TT) records the secondary payer the primary forwarded the claim to', async () => {
  const c = await submittedClaim(db, tenant, [120]);
  await post(db, tenant, remittance('TRN-XO-1', [clp(c.pcn, '19', [line('99213', 120, 76, [['CO', '45', 20], ['PR', '1', 24]])], { crossover: { entityId: 'TT', lastName: 'AARP MEDIGAP', id: 'MG01' }, remarks: [{ source: 'MOA', code: 'MA18' }] })]));
  const payment = (await db.owner.query('select crossover_payer_name, crossover_payer_id from billing.claim_payment where claim_id = $1', [c.claimId])).rows[0];
  expect(payment).toEqual({ crossover_payer_name: 'AARP MEDIGAP', crossover_payer_id: 'MG01' });
  const remarks = (await db.owner.query("select remark_codes from billing.claim_adjustment where claim_id = $1 and reason_code = '45'", [c.claimId])).rows[0];
  expect(remarks.remark_codes).toEqual([]); // MOA remarks belong to claim-level adjustments, this one is on a line
  const history = (await db.owner.query('select reason from billing.claim_status_history where claim_id = $1 order by seq desc limit 1', [c.claimId])).rows[0];
  expect(history.reason).toBe('835 TRN-XO-1: paid 76.00; crossed over to AARP MEDIGAP');
  expect((await claim(c.claimId)).patient_responsibility_amount).toBe('24.00');
});

test('PLB provider adjustments (interest, recoupment) balance the payment and are recorded', async () => {
  const c = await submittedClaim(db, tenant, [200]);
  const tx = remittance('TRN-PLB-1', [clp(c.pcn, '1', [line('99213', 200, 150, [['CO', '45', 50]])])], [
    { reason: 'L6', reference: 'INTEREST', amount: '-3.25' },
    { reason: 'WO', reference: 'OVERPAY 123', amount: '20.00' },
  ]);
  const r = await post(db, tenant, tx);
  expect(r).toMatchObject({ status: 'POSTED', payment_amount: '133.25' });
  const plb = (await db.owner.query('select reason_code, reference, amount from billing.provider_adjustment where remittance_id = $1 order by seq', [r.id])).rows;
  expect(plb).toEqual([{ reason_code: 'L6', reference: 'INTEREST', amount: '-3.25' }, { reason_code: 'WO', reference: 'OVERPAY 123', amount: '20.00' }]);
});

test('bad input is a 22023 naming what is missing, and nothing is written', async () => {
  const before = await count('billing.remittance');
  await expect(post(db, tenant, { claims: [] })).rejects.toMatchObject({ code: '22023', message: 'not an 835 transaction: payment (BPR/TRN) is missing' });
  await expect(post(db, tenant, { payment: { amount: '1.00' }, claims: [] })).rejects.toMatchObject({ code: '22023', message: 'not an 835 transaction: TRN02 trace number is missing' });
  await expect(post(db, tenant, { payment: { amount: 'abc', traceNumber: 'T' }, claims: [] })).rejects.toMatchObject({ code: '22023' });
  expect(await count('billing.remittance')).toBe(before);
});

test('a crash mid-posting leaves nothing half-posted; the same 835 posts whole afterwards', async () => {
  const a = await submittedClaim(db, tenant, [10]);
  const b = await submittedClaim(db, tenant, [20]);
  const tx = remittance('TRN-CRASH-1', [clp(a.pcn, '1', [line('99213', 10, 10, [])]), clp(b.pcn, '1', [line('99213', 20, 20, [])])]);
  // Hold claim b's row so the posting stops midway (remittance and PLB rows written, claims being locked), then kill it.
  const blocker = await db.owner.connect();
  await blocker.query('begin');
  await blocker.query('select 1 from billing.claim where id = $1 for update', [b.claimId]);
  const poster = new pg.Client({ connectionString: db.location.ownerUrl });
  await poster.connect();
  poster.on('error', () => {});
  const pid = (await poster.query('select pg_backend_pid() as pid')).rows[0].pid;
  await poster.query('begin');
  await poster.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'claims.write', true)", [tenant]);
  const posting = poster.query('select * from billing.fn_post_remittance($1, $2)', [JSON.stringify(tx), 'ISA~']).then(() => 'posted', (e: Error) => e.message);
  let waitingMidway = false;
  for (let i = 0; i < 100 && !waitingMidway; i += 1) {
    const { rows } = await db.owner.query("select wait_event_type from pg_stat_activity where pid = $1", [pid]);
    waitingMidway = rows[0]?.wait_event_type === 'Lock';
    if (!waitingMidway) await new Promise((r) => setTimeout(r, 50));
  }
  expect(waitingMidway).toBe(true);
  // The remittance row is already written inside the posting's transaction when it waits.
  await db.owner.query('select pg_terminate_backend($1)', [pid]);
  expect(await posting).not.toBe('posted');
  await blocker.query('rollback');
  blocker.release();
  await poster.end().catch(() => {});
  expect(await count('billing.remittance', "trace_number = 'TRN-CRASH-1'")).toBe(0);
  expect(await count('billing.claim_payment', 'claim_id = any($1)', [[a.claimId, b.claimId]])).toBe(0);
  expect((await claim(a.claimId)).status).toBe('SUBMITTED');
  const again = await post(db, tenant, tx);
  expect(again).toMatchObject({ status: 'POSTED', claims_posted: 2 });
});

test('another tenant cannot post to or read this tenant\'s claims: its CLPs are unmatched there', async () => {
  const c = await submittedClaim(db, tenant, [45]);
  const beta = await baseTenant(db, 'remit-beta');
  const r = await post(db, beta, remittance('TRN-ISO-1', [clp(c.pcn, '1', [line('99213', 45, 45, [])], { payerClaimControlNumber: null })]));
  expect(r).toMatchObject({ status: 'POSTED', claims_posted: 0, claims_unmatched: 1 });
  expect((await claim(c.claimId)).status).toBe('SUBMITTED');
});
