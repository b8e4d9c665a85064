// The unmatched-claims queue of 835s: CLPs that matched none of our claims wait grouped by payer;
// an operator assigns them, matches one to our claim (by patient control number or the payer's claim
// control number), which posts it through the same path as the 835's posting, or resolves it with a
// note (not ours / sent back to the payer). REST and GraphQL on the same SQL functions; refusals
// write nothing; tenants and permissions apart.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { activeMembers, asTenant, baseTenant, insertCharges } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post, type SubmittedClaim } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let paid: SubmittedClaim;
let denied: SubmittedClaim;
let remittanceId: string;
let payerCode: string;
let payerName: string;
let payerIdentifier: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'unmatched-alpha');
  beta = await baseTenant(db, 'unmatched-beta');
  service = await startTestService(db);
  paid = await submittedClaim(db, alpha, [100]);
  denied = await submittedClaim(db, alpha, [103]);
  // The payer keyed the patient control numbers wrong: nothing of ours matches, everything is queued.
  const tx = remittance('TRN-UNMATCHED-1', [
    clp(`${paid.pcn}X`, '1', [line('99213', 100, 64, [['CO', '45', 20], ['PR', '2', 16]], ['N130'])], { payerClaimControlNumber: 'ICN-PAID-1' }),
    clp(`${denied.pcn}X`, '4', [line('99213', 103, 0, [['CO', '16', 103]], ['M51'])], { payerClaimControlNumber: 'ICN-DENIED-1' }),
    clp('OTHER-PRACTICE-1', '1', [line('99213', 40, 40, [])]),
    clp('OTHER-PRACTICE-2', '1', [line('99214', 55, 50, [['CO', '45', 5]])]),
  ]);
  // Sent by the claims' payer (the 835's N1*PR names it).
  const { rows: [payer] } = await db.owner.query<{ code: string; name: string; payer_identifier: string }>(
    'select p.code, p.name, p.payer_identifier from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.id = $1', [paid.claimId]);
  payerCode = payer.code;
  payerName = payer.name;
  payerIdentifier = payer.payer_identifier;
  tx.payer = { name: payer.name, id: payer.payer_identifier, idQualifier: 'XV' };
  const posted = await post(db, alpha, tx);
  expect(posted).toMatchObject({ status: 'POSTED', claims_posted: 0, claims_unmatched: 4 });
  remittanceId = posted.id as string;
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const item = async (pcn: string) => (await db.owner.query<{ id: string; status: string; resolution: string | null; assigned_to: string | null; resolved_claim_id: string | null; claim_payment_id: string | null; resolution_note: string | null }>(
  'select id, status, resolution, assigned_to, resolved_claim_id, claim_payment_id, resolution_note from billing.unmatched_remittance_claim where tenant_id = $1 and patient_control_number = $2', [alpha, pcn])).rows[0];
/** A SUBMITTED claim of 55.00 to a member whose coverage is with another payer than the 835's. */
async function claimOfAnotherPayer(amount: number): Promise<{ pcn: string; payerCode: string }> {
  const member = (await activeMembers(db, alpha)).find((m) => m.payer_code !== payerCode)!;
  const ids = Object.values(await insertCharges(db, alpha, [{ number: `OTHER-PAYER-${amount}`, amount, daysAgo: 20, member: member.member_number }]));
  await asTenant(db, alpha, 'claims.write', 'select id from billing.fn_validate_charges($1)', [ids]);
  const [{ claim_id: claimId }] = await asTenant<{ claim_id: string }>(db, alpha, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [ids]);
  await asTenant(db, alpha, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED')", [claimId]);
  const { rows: [claim] } = await db.owner.query('select patient_control_number from billing.claim where id = $1', [claimId]);
  return { pcn: claim.patient_control_number, payerCode: member.payer_code };
}
const paymentCount = async () => (await db.owner.query('select count(*)::int as n from billing.claim_payment where tenant_id = $1', [alpha])).rows[0].n as number;

test('the queue: open unmatched CLPs grouped by the 835\'s payer, with counts and items, over REST and GraphQL; assign', async () => {
  const reader = await service.token(alpha, ['claims.read']);
  const queue = await service.rest('GET', '/remittances/unmatched', { token: reader });
  expect(queue.status).toBe(200);
  expect(queue.body.groups).toHaveLength(1);
  expect(queue.body.groups[0]).toMatchObject({ payerCode, openCount: 4, unassignedCount: 4, chargeAmount: '298.00', paidAmount: '154.00' });
  expect(queue.body.groups[0].items.map((i: { patientControlNumber: string }) => i.patientControlNumber))
    .toEqual([`${paid.pcn}X`, `${denied.pcn}X`, 'OTHER-PRACTICE-1', 'OTHER-PRACTICE-2']);
  expect(queue.body.groups[0].items[0]).toMatchObject({ remittanceId, traceNumber: 'TRN-UNMATCHED-1', payerClaimControlNumber: 'ICN-PAID-1', paidAmount: '64.00', chargeAmount: '100.00', assignedTo: null });

  const writer = await service.token(alpha, ['claims.read', 'claims.write'], { sub: 'poster.lee' });
  const toMe = await service.rest('POST', `/remittances/unmatched/${(await item(`${paid.pcn}X`)).id}/assign`, { token: writer, body: {} });
  expect(toMe.status).toBe(200);
  expect(toMe.body).toMatchObject({ status: 'OPEN', assignedTo: 'poster.lee' });
  const assigned = await service.graphql<{ assignUnmatchedRemittanceClaim: { result: { assignedTo: string } } }>(writer,
    'mutation($id: UUID!) { assignUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, assignedTo: "poster.kim" }) { result { assignedTo } } }',
    { id: (await item('OTHER-PRACTICE-1')).id });
  expect(assigned.errors).toBeUndefined();
  expect(assigned.data.assignUnmatchedRemittanceClaim.result.assignedTo).toBe('poster.kim');

  const groups = await service.graphql<{ unmatchedRemittanceQueues: { nodes: Array<{ payerCode: string; openCount: number; unassignedCount: number }> } }>(reader,
    '{ unmatchedRemittanceQueues { nodes { payerCode openCount unassignedCount } } }');
  expect(groups.data.unmatchedRemittanceQueues.nodes).toEqual([{ payerCode, openCount: 4, unassignedCount: 2 }]);

  // Another tenant sees an empty queue and cannot touch alpha's items.
  const betaWriter = await service.token(beta, ['claims.read', 'claims.write']);
  expect((await service.rest('GET', '/remittances/unmatched', { token: betaWriter })).body).toEqual({ groups: [] });
  expect((await service.rest('POST', `/remittances/unmatched/${(await item('OTHER-PRACTICE-2')).id}/assign`, { token: betaWriter, body: {} })).status).toBe(404);
  expect((await service.rest('GET', '/remittances/unmatched', { token: await service.token(alpha, ['eligibility.read']) })).status).toBe(403);
});

test('matched by patient control number, the CLP posts to that claim as the 835 would have: payment, line CAS with RARC, PAID, history; the remittance counts it', async () => {
  const writer = await service.token(alpha, ['claims.read', 'claims.write'], { sub: 'poster.lee' });
  const matched = await service.rest('POST', `/remittances/unmatched/${(await item(`${paid.pcn}X`)).id}/match`, {
    token: writer, body: { patientControlNumber: paid.pcn, note: 'payer keyed an X after the PCN' },
  });
  expect(matched.status).toBe(200);
  expect(matched.body).toMatchObject({ status: 'RESOLVED', resolution: 'MATCHED', claimId: paid.claimId, note: 'payer keyed an X after the PCN' });

  const claim = (await service.rest('GET', `/claims/${paid.claimId}`, { token: writer })).body;
  expect(claim).toMatchObject({ status: 'PAID', paidAmount: '64.00', patientResponsibility: '16.00', balance: '0.00' });
  expect(claim.payments).toEqual([expect.objectContaining({ remittanceId, amount: '64.00', traceNumber: 'TRN-UNMATCHED-1' })]);
  expect(claim.adjustments).toEqual([
    { level: 'LINE', lineNumber: 1, group: 'CO', reason: '45', amount: '20.00', remarks: ['N130'] },
    { level: 'LINE', lineNumber: 1, group: 'PR', reason: '2', amount: '16.00', remarks: ['N130'] },
  ]);
  expect(claim.history.at(-1)).toMatchObject({ status: 'PAID', reason: '835 TRN-UNMATCHED-1: paid 64.00' });
  const { rows: [remit] } = await db.owner.query('select claims_posted, claims_unmatched from billing.remittance where id = $1', [remittanceId]);
  expect(remit).toEqual({ claims_posted: 1, claims_unmatched: 3 });
  expect((await item(`${paid.pcn}X`)).claim_payment_id).toBe((await db.owner.query('select id from billing.claim_payment where claim_id = $1', [paid.claimId])).rows[0].id);
  // Posting money asks for the dashboards' refresh, as posting the 835 did.
  expect((await db.owner.query("select count(*)::int as n from graphile_worker.jobs where key = 'claims/refresh-views:requested'")).rows[0].n).toBe(1);
});

test('matched by the payer claim control number over GraphQL, a denial posts DENIED and opens a denial work item', async () => {
  await db.owner.query("update billing.claim set payer_claim_control_number = 'ICN-FROM-277CA' where id = $1", [denied.claimId]);
  const writer = await service.token(alpha, ['claims.read', 'claims.write']);
  const res = await service.graphql<{ matchUnmatchedRemittanceClaim: { result: { status: string; resolution: string; resolvedClaim: { patientControlNumber: string; status: string } } } }>(writer,
    `mutation($id: UUID!) { matchUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, payerClaimControlNumber: "ICN-FROM-277CA" }) {
       result { status resolution resolvedClaim { patientControlNumber status } } } }`, { id: (await item(`${denied.pcn}X`)).id });
  expect(res.errors).toBeUndefined();
  expect(res.data.matchUnmatchedRemittanceClaim.result).toEqual({ status: 'RESOLVED', resolution: 'MATCHED', resolvedClaim: { patientControlNumber: denied.pcn, status: 'DENIED' } });
  expect((await db.owner.query('select denial_category, reason_code, status from billing.denial_work_item where claim_id = $1', [denied.claimId])).rows)
    .toEqual([{ denial_category: 'MISSING_INFORMATION', reason_code: '16', status: 'OPEN' }]);
  expect((await item(`${denied.pcn}X`)).resolution_note).toBe(`matched to claim ${denied.pcn}`);
});

test('refused with a clear 4xx and nothing written: no claim named or both, no such claim, a claim never submitted, another payer\'s claim, another charge, already resolved, a reader, another tenant', async () => {
  const writer = await service.token(alpha, ['claims.read', 'claims.write']);
  const open = (await item('OTHER-PRACTICE-2')).id;
  const built = await submittedClaim(db, alpha, [55]);
  await db.owner.query("update billing.claim set status = 'BUILT' where id = $1", [built.claimId]);
  const before = await paymentCount();
  const match = (body: Record<string, unknown>, token = writer, id = open) => service.rest('POST', `/remittances/unmatched/${id}/match`, { token, body });

  const neither = await match({});
  expect(neither.status).toBe(400);
  expect(neither.body.error.message).toMatch(/patientControlNumber or by payerClaimControlNumber/);
  expect((await match({ patientControlNumber: paid.pcn, payerClaimControlNumber: 'ICN-1' })).status).toBe(400);
  const unknown = await match({ patientControlNumber: 'NO-SUCH-PCN' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.message).toBe('patient_control_number: no claim has patient control number NO-SUCH-PCN');
  const notSent = await match({ patientControlNumber: built.pcn });
  expect(notSent.status).toBe(409);
  expect(notSent.body.error.message).toMatch(new RegExp(`^Claim ${built.pcn} is BUILT: it was never submitted`));
  const wrongCharge = await match({ patientControlNumber: (await submittedClaim(db, alpha, [70])).pcn });
  expect(wrongCharge.status).toBe(400);
  expect(wrongCharge.body.error.message).toMatch(/charged 70\.00, but this CLP's charge \(CLP03\) is 55\.00: not the same claim/);
  const otherPayersClaim = await claimOfAnotherPayer(55);
  const otherPayer = await match({ patientControlNumber: otherPayersClaim.pcn });
  expect(otherPayer.status).toBe(400);
  expect(otherPayer.body.error.message).toBe(`Claim ${otherPayersClaim.pcn} is billed to payer ${otherPayersClaim.payerCode}; this 835 is from ${payerName}: not the same claim`);
  const resolved = await match({ patientControlNumber: paid.pcn }, writer, (await item(`${paid.pcn}X`)).id);
  expect(resolved.status).toBe(409);
  expect(resolved.body.error.message).toMatch(/already RESOLVED \(MATCHED\)/);
  expect((await match({ patientControlNumber: paid.pcn }, await service.token(alpha, ['claims.read']))).status).toBe(403);
  expect((await match({ patientControlNumber: paid.pcn }, await service.token(beta, ['claims.write']))).status).toBe(404);
  expect((await service.rest('POST', '/remittances/unmatched/not-a-uuid/match', { token: writer, body: { patientControlNumber: 'X' } })).status).toBe(400);

  const resolve = (body: Record<string, unknown>) => service.rest('POST', `/remittances/unmatched/${open}/resolve`, { token: writer, body });
  expect((await resolve({ resolution: 'NOT_OURS' })).body.error.details).toEqual({ field: 'note' });
  expect((await resolve({ resolution: 'MATCHED', note: 'x' })).body.error.details).toEqual({ field: 'resolution' });

  expect(await paymentCount()).toBe(before);
  expect(await item('OTHER-PRACTICE-2')).toMatchObject({ status: 'OPEN', resolution: null });
});

test('resolved with a note as not ours (REST) or sent back to the payer (GraphQL): nothing posted, the queue empties', async () => {
  const writer = await service.token(alpha, ['claims.read', 'claims.write'], { sub: 'poster.lee' });
  const before = await paymentCount();
  const notOurs = await service.rest('POST', `/remittances/unmatched/${(await item('OTHER-PRACTICE-1')).id}/resolve`, {
    token: writer, body: { resolution: 'not_ours', note: 'another practice\'s patient: payer called, ref 4471' },
  });
  expect(notOurs.status).toBe(200);
  expect(notOurs.body).toMatchObject({ status: 'RESOLVED', resolution: 'NOT_OURS', claimId: null, note: 'another practice\'s patient: payer called, ref 4471' });
  const sentBack = await service.graphql<{ resolveUnmatchedRemittanceClaim: { result: { status: string; resolution: string; resolvedBy: string } } }>(writer,
    'mutation($id: UUID!) { resolveUnmatchedRemittanceClaim(input: { unmatchedRemittanceClaimId: $id, resolution: "SENT_BACK", note: "returned to payer for correction" }) { result { status resolution resolvedBy } } }',
    { id: (await item('OTHER-PRACTICE-2')).id });
  expect(sentBack.errors).toBeUndefined();
  expect(sentBack.data.resolveUnmatchedRemittanceClaim.result).toEqual({ status: 'RESOLVED', resolution: 'SENT_BACK', resolvedBy: 'poster.lee' });
  expect(await paymentCount()).toBe(before);
  expect((await service.rest('GET', '/remittances/unmatched', { token: writer })).body).toEqual({ groups: [] });
  // The remittance's detail shows how each was resolved.
  const detail = (await service.rest('GET', `/remittances/${remittanceId}`, { token: writer })).body;
  expect(detail.unmatched.map((u: { status: string; resolution: string }) => [u.status, u.resolution])).toEqual([
    ['RESOLVED', 'MATCHED'], ['RESOLVED', 'MATCHED'], ['RESOLVED', 'NOT_OURS'], ['RESOLVED', 'SENT_BACK'],
  ]);
});

test('a reversal matched later reverses the payment it undoes, and matching applies only that CLP: the remittance\'s other claims are not posted twice', async () => {
  const reversed = await submittedClaim(db, alpha, [100]);
  const other = await submittedClaim(db, alpha, [90]);
  const fromPayer = (tx: Record<string, unknown>) => ({ ...tx, payer: { name: payerName, id: payerIdentifier, idQualifier: 'XV' } });
  expect(await post(db, alpha, fromPayer(remittance('TRN-REV-0', [clp(reversed.pcn, '1', [line('99213', 100, 64, [['CO', '45', 20], ['PR', '2', 16]])])]))))
    .toMatchObject({ status: 'POSTED', claims_posted: 1 });
  const second = await post(db, alpha, fromPayer(remittance('TRN-REV-1', [
    clp(`${reversed.pcn}Z`, '22', [line('99213', -100, -64, [['CO', '45', -20], ['PR', '2', -16]])]),
    clp(other.pcn, '1', [line('99213', 90, 90, [])]),
  ])));
  expect(second).toMatchObject({ status: 'POSTED', claims_posted: 1, claims_unmatched: 1 });
  const history = async (claimId: string) => (await db.owner.query('select count(*)::int as n from billing.claim_status_history where claim_id = $1', [claimId])).rows[0].n as number;
  const otherHistory = await history(other.claimId);

  const writer = await service.token(alpha, ['claims.read', 'claims.write']);
  const matched = await service.rest('POST', `/remittances/unmatched/${(await item(`${reversed.pcn}Z`)).id}/match`, { token: writer, body: { patientControlNumber: reversed.pcn } });
  expect(matched.status).toBe(200);
  const claim = (await service.rest('GET', `/claims/${reversed.claimId}`, { token: writer })).body;
  expect(claim).toMatchObject({ status: 'ACCEPTED', paidAmount: '0.00', patientResponsibility: '0.00' });
  expect(claim.payments.map((p: { amount: string; traceNumber: string; reversed: boolean }) => [p.traceNumber, p.amount, p.reversed]))
    .toEqual(expect.arrayContaining([['TRN-REV-0', '64.00', true], ['TRN-REV-1', '-64.00', false]]));
  // The claim the 835 matched when it came keeps its one payment.
  expect((await service.rest('GET', `/claims/${other.claimId}`, { token: writer })).body).toMatchObject({ status: 'PAID', paidAmount: '90.00' });
  expect(await history(other.claimId)).toBe(otherHistory);
  expect((await db.owner.query('select claims_posted, claims_unmatched from billing.remittance where id = $1', [second.id])).rows[0]).toEqual({ claims_posted: 2, claims_unmatched: 0 });
});
