// What replaces the per-row foreign keys of posted payments, their service lines and adjustments
// (migration 36-posting-throughput): one check per statement that each payment names a remittance
// and a claim of its tenant and each line or adjustment a payment (of its claim), and parents that
// cannot go away under them: payments and remittances are never deleted nor re-keyed, a claim
// with payments is never deleted. Written as the owner (psql), the only
// role that can write these tables besides the posting function.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post } from './fixtures.ts';

let db: TestDatabase;
let tenant: string;
let other: string;
let payment: { id: string; claimId: string };
let otherClaim: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'remit-integrity');
  other = await baseTenant(db, 'remit-integrity-other');
  const c = await submittedClaim(db, tenant, [100]);
  otherClaim = (await submittedClaim(db, tenant, [50])).claimId;
  await post(db, tenant, remittance('TRN-INTEGRITY-1', [clp(c.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])]));
  payment = (await db.owner.query<{ id: string; claimId: string }>('select id, claim_id as "claimId" from billing.claim_payment where claim_id = $1', [c.claimId])).rows[0];
});
afterAll(async () => db.drop());

const addAdjustment = (tenantId: string, paymentId: string, claimId: string) =>
  db.owner.query("insert into billing.claim_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, group_code, reason_code, amount) values ($1, $2, 99, $3, 'CLAIM', 'CO', '45', 1)", [tenantId, paymentId, claimId]);
const addServiceLine = (tenantId: string, paymentId: string) =>
  db.owner.query("insert into billing.claim_service_payment (tenant_id, claim_payment_id, line_number, procedure_code, charge_amount, paid_amount) values ($1, $2, 99, '99213', 1, 1)", [tenantId, paymentId]);
const adjustments = async () => (await db.owner.query('select count(*)::int as n from billing.claim_adjustment where claim_payment_id = $1', [payment.id])).rows[0].n;

test('the posted payment has its service line and adjustment, each naming it', async () => {
  const { rows } = await db.owner.query(
    `select (select count(*)::int from billing.claim_service_payment s where s.claim_payment_id = p.id) as lines,
            (select count(*)::int from billing.claim_adjustment a where a.claim_payment_id = p.id and a.claim_id = p.claim_id) as adjustments
     from billing.claim_payment p where p.id = $1`, [payment.id]);
  expect(rows[0]).toEqual({ lines: 1, adjustments: 1 });
});

test('an adjustment or a service line naming no payment, another tenant\'s payment or another claim than its payment\'s is refused (23503), nothing written', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  await expect(addAdjustment(tenant, unknown, payment.claimId)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_payment_id ${unknown}`) });
  await expect(addAdjustment(other, payment.id, payment.claimId)).rejects.toMatchObject({ code: '23503' });
  await expect(addAdjustment(tenant, payment.id, otherClaim)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('which is not a claim payment of tenant') });
  await expect(addServiceLine(tenant, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_service_payment 99 names claim_payment_id ${unknown}`) });
  await expect(addServiceLine(other, payment.id)).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update billing.claim_adjustment set claim_id = $1 where claim_payment_id = $2', [otherClaim, payment.id])).rejects.toMatchObject({ code: '23503' });
  expect(await adjustments()).toBe(1);
  // The same rows naming the payment and its claim are accepted.
  await addAdjustment(tenant, payment.id, payment.claimId);
  expect(await adjustments()).toBe(2);
});

test('a payment is append-only: deleting it, truncating the table or changing its key is refused (55000), so nothing it names can be orphaned', async () => {
  await expect(db.owner.query('delete from billing.claim_payment where id = $1', [payment.id])).rejects.toMatchObject({ code: '55000', message: expect.stringContaining('billing.claim_payment is append-only') });
  await expect(db.owner.query('truncate billing.claim_payment cascade')).rejects.toMatchObject({ code: '55000' });
  await expect(db.owner.query('update billing.claim_payment set claim_id = $1 where id = $2', [otherClaim, payment.id])).rejects.toMatchObject({ code: '55000' });
  await expect(db.owner.query('update billing.claim_payment set id = gen_random_uuid() where id = $1', [payment.id])).rejects.toMatchObject({ code: '55000' });
  // Nor the remittance it came in (nothing re-checked it before migration 62-parentcheck).
  await expect(db.owner.query('update billing.claim_payment set remittance_id = gen_random_uuid() where id = $1', [payment.id])).rejects.toMatchObject({ code: '55000' });
  expect((await db.owner.query('select claim_id from billing.claim_payment where id = $1', [payment.id])).rows).toEqual([{ claim_id: payment.claimId }]);
  // Marking it reversed (what a CLP02 22 does) still works.
  await db.owner.query('update billing.claim_payment set reversed_by = null where id = $1', [payment.id]);
});

const addPayment = (tenantId: string, remittanceId: string, claimId: string) =>
  db.owner.query("insert into billing.claim_payment (tenant_id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount) values ($1, $2, $3, 99, '1', 1, 1)", [tenantId, remittanceId, claimId]);
const remittanceOf = async (paymentId: string) => (await db.owner.query('select remittance_id from billing.claim_payment where id = $1', [paymentId])).rows[0].remittance_id as string;

test('a payment naming no remittance, no claim or another tenant\'s is refused (23503), nothing written', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  const remittanceId = await remittanceOf(payment.id);
  const before = (await db.owner.query('select count(*)::int as n from billing.claim_payment')).rows[0].n;
  await expect(addPayment(tenant, unknown, otherClaim)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names remittance_id ${unknown}`) });
  await expect(addPayment(tenant, remittanceId, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${unknown}`) });
  await expect(addPayment(other, remittanceId, otherClaim)).rejects.toMatchObject({ code: '23503' });
  expect((await db.owner.query('select count(*)::int as n from billing.claim_payment')).rows[0].n).toBe(before);
});

test('a remittance is append-only and a claim with payments stays: deleting or re-keying either is refused; a claim without payments can still go', async () => {
  const remittanceId = await remittanceOf(payment.id);
  await expect(db.owner.query('delete from billing.remittance where id = $1', [remittanceId])).rejects.toMatchObject({ code: '55000', message: expect.stringContaining('billing.remittance is append-only') });
  await expect(db.owner.query('update billing.remittance set id = gen_random_uuid() where id = $1', [remittanceId])).rejects.toMatchObject({ code: '55000' });
  await expect(db.owner.query('delete from billing.claim where id = $1', [payment.claimId])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.claim ${payment.claimId} is named by billing.claim_payment`) });
  await expect(db.owner.query('update billing.claim set id = gen_random_uuid() where id = $1', [payment.claimId])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate billing.claim cascade')).rejects.toMatchObject({ code: '23503' });
  expect((await db.owner.query('select count(*)::int as n from billing.claim where id = $1', [payment.claimId])).rows[0].n).toBe(1);
  // Updating what a remittance says about itself (claims posted) still works.
  await db.owner.query('update billing.remittance set claims_posted = claims_posted where id = $1', [remittanceId]);
  const spare = (await submittedClaim(db, tenant, [10])).claimId;
  await db.owner.query('delete from billing.claim where id = $1', [spare]);
  expect((await db.owner.query('select count(*)::int as n from billing.claim where id = $1', [spare])).rows[0].n).toBe(0);
});
