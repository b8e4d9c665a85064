// billing.fn_submit_claims and the acknowledgment functions, called in SQL as an API user and as
// the worker (owner, tenant explicit).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { asTenant } from '../claims/fixtures.ts';
import { builtClaims, readyTenant, submit } from './fixtures.ts';
import { submission837Claims } from '../../server/claims/submission-837-claims.ts';
import type { Claim837 } from '../../x12/claim-837.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await readyTenant(db, 'submit-sql');
});
afterAll(async () => db.drop());

/** The claims of a submission as the 837P writer gets them (the send task's reader, as owner). */
async function claims837(submissionId: string): Promise<Claim837[]> {
  const client = await db.owner.connect();
  try {
    await client.query('begin read only');
    const claims: Claim837[] = [];
    for await (const claim of submission837Claims(client, tenantId, submissionId)) claims.push(claim);
    await client.query('commit');
    return claims;
  } finally {
    client.release();
  }
}

const claimRow = async (id: string) => (await db.owner.query('select * from billing.claim where id = $1', [id])).rows[0];

test('submitting BUILT claims makes one submission per partner with a fresh ISA13, moves them to SUBMITTED and enqueues the send job', async () => {
  const claims = await builtClaims(db, tenantId, [{ number: 'S1-A' }, { number: 'S1-B', facility: 'OPC' }]);
  expect(claims).toHaveLength(2);
  const out = await submit(db, tenantId, claims);
  expect(out.filter((o) => o.error_code)).toEqual([]);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatchObject({ claim_count: 2 });
  const again = await submit(db, tenantId, claims);
  expect(again.map((o) => o.error_code)).toEqual(['ALREADY_SUBMITTED', 'ALREADY_SUBMITTED']);
  for (const id of claims) {
    const c = await claimRow(id);
    expect(c.status).toBe('SUBMITTED');
    expect(c.patient_control_number).toMatch(/^C\d{10}$/);
  }
  const jobs = await db.owner.query(`select task_identifier, queue_name, key from graphile_worker.jobs where task_identifier = 'claims/send-submission'`);
  expect(jobs.rows).toEqual([{ task_identifier: 'claims/send-submission', queue_name: `tenant:${tenantId}:claims`, key: `claim-submission:${out[0].submission_id}` }]);
  const second = await builtClaims(db, tenantId, [{ number: 'S1-C' }]);
  const out2 = await submit(db, tenantId, second);
  expect(Number(out2[0].interchange_control_number)).toBe(Number(out[0].interchange_control_number) + 1);
});

test('a claim missing 837P data is named with the field to fix and nothing is written; {} skips it and submits the rest', async () => {
  const [bad] = await builtClaims(db, tenantId, [{ number: 'S2-A', facility: 'LAB' }]);
  await db.owner.query("update core.facility set tax_id = null, postal_code = '10001' where tenant_id = $1 and code = 'LAB'", [tenantId]);
  const [good] = await builtClaims(db, tenantId, [{ number: 'S2-B' }]);
  const out = await submit(db, tenantId, [bad, good]);
  expect(out.map((o) => [o.claim_id, o.error_code])).toEqual([[bad, 'FACILITY_TAX_ID_MISSING'], [bad, 'FACILITY_ZIP_NOT_9_DIGITS']].sort());
  expect(out[0].error_message).toMatch(/Facility LAB has no tax_id/);
  expect((await claimRow(good)).status).toBe('BUILT');
  const all = await submit(db, tenantId, null);
  expect(all.filter((o) => o.submission_id).map((o) => o.claim_count)).toEqual([1]);
  expect(all.filter((o) => o.error_code).map((o) => o.claim_id)).toEqual([bad, bad]);
  expect((await claimRow(good)).status).toBe('SUBMITTED');
  expect((await claimRow(bad)).status).toBe('BUILT');
  await db.owner.query("update core.facility set tax_id = '134567999', postal_code = '100011234' where tenant_id = $1 and code = 'LAB'", [tenantId]);
});

test('without claims.write nothing is submitted', async () => {
  const [id] = await builtClaims(db, tenantId, [{ number: 'S3-A' }]);
  await expect(submit(db, tenantId, [id], 'claims.read')).rejects.toThrow(/claims.write/);
  expect((await claimRow(id)).status).toBe('BUILT');
});

async function submitted(number: string) {
  const [id] = await builtClaims(db, tenantId, [{ number }]);
  const [s] = await submit(db, tenantId, [id]);
  // As the send task does: the file kept, then the partner's receipt.
  await db.owner.query('select billing_private.fn_store_submission_file($1, $2, $3)', [tenantId, s.submission_id, 'ISA*00*...~']);
  await db.owner.query(`select billing_private.fn_mark_submission_sent($1, $2, '{"httpStatus": 200}')`, [tenantId, s.submission_id]);
  return { claimId: id, submissionId: s.submission_id!, isa13: Number(s.interchange_control_number), pcn: (await claimRow(id)).patient_control_number as string };
}

const receive = (kind: string, isa13: number, parsed: unknown) =>
  asTenant<{ result: Record<string, unknown> }>(db, tenantId, 'claims.write', 'select billing.fn_receive_claim_acknowledgment($1, $2, $3, $4) as result',
    [kind, 'ISA*...~', isa13, JSON.stringify({ interchangeSender: 'SANDBOXCH', ...(parsed as object) })]).then((r) => r[0].result);

test('a 999 rejecting the set rejects its claims with the segment, element and code meanings; the rejection queue gets them', async () => {
  const s = await submitted('S4-A');
  const result = await receive('999', 900001, {
    acknowledgedInterchange: s.isa13,
    sets: [{ controlNumber: '0001', status: 'R', errors: [{ segmentId: 'NM1', position: 12, loop: '2010AA', code: '8', elements: [{ position: 9, code: '7', value: '123' }] }] }],
  });
  expect(result).toMatchObject({ kind: '999', rejected: 1 });
  const c = await claimRow(s.claimId);
  expect(c.status).toBe('REJECTED');
  expect(c.rejection_reason).toBe('999 rejected transaction set 0001: segment NM1 at position 12 (loop 2010AA): Segment has data element errors; element NM109: Invalid code value (value "123")');
  const sub = (await db.owner.query('select status from billing.claim_submission where id = $1', [s.submissionId])).rows[0];
  expect(sub.status).toBe('REJECTED');
  const queue = await asTenant(db, tenantId, 'claims.read', 'select reason_group, claim_count from billing.fn_claim_rejection_groups()');
  expect(queue).toContainEqual({ reason_group: '999 NM1 8', claim_count: 1 });
});

test('a 277CA accepts A1/A2 claims with the payer claim number and rejects A7 with readable codes; unknown claims are reported, never applied', async () => {
  const ok = await submitted('S5-A');
  const bad = await submitted('S5-B');
  const accepted999 = await receive('999', 900002, { acknowledgedInterchange: ok.isa13, sets: [{ controlNumber: '0001', status: 'A', errors: [] }] });
  expect(accepted999).toMatchObject({ rejected: 0 });
  expect((await claimRow(ok.claimId)).status).toBe('SUBMITTED');
  const result = await receive('277CA', 900003, {
    claims: [
      { patientControlNumber: ok.pcn, payerClaimControlNumber: 'PAYER123', statuses: [{ category: 'A2', code: '20', entity: 'PR' }] },
      { patientControlNumber: bad.pcn, payerClaimControlNumber: null, statuses: [{ category: 'A7', code: '562', entity: '85' }] },
      { patientControlNumber: 'C9999999999', statuses: [{ category: 'A2', code: '20' }] },
    ],
  });
  expect(result).toMatchObject({ accepted: 1, rejected: 1, unmatched: [{ patientControlNumber: 'C9999999999' }] });
  expect(await claimRow(ok.claimId)).toMatchObject({ status: 'ACCEPTED', payer_claim_control_number: 'PAYER123' });
  expect(await claimRow(bad.claimId)).toMatchObject({
    status: 'REJECTED', rejection_reason: "A7:562:85 — Entity's National Provider Identifier (NPI) — Billing Provider",
  });
  const history = await db.owner.query('select from_status, to_status from billing.claim_status_history where claim_id = $1 order by seq', [bad.claimId]);
  expect(history.rows).toEqual([{ from_status: null, to_status: 'BUILT' }, { from_status: 'BUILT', to_status: 'SUBMITTED' }, { from_status: 'SUBMITTED', to_status: 'REJECTED' }]);
  // The same file again is not applied twice.
  const again = await receive('277CA', 900003, { claims: [] });
  expect(again).toMatchObject({ duplicate: true });

  // Fix and resubmit: back to BUILT as a new original, then in the next submission.
  await asTenant(db, tenantId, 'claims.write', 'select billing.fn_resubmit_claim($1, $2)', [bad.claimId, 'billing NPI corrected']);
  expect(await claimRow(bad.claimId)).toMatchObject({ status: 'BUILT', frequency_code: '1', rejection_reason: null });
  const [resub] = await submit(db, tenantId, [bad.claimId]);
  expect(resub.error_code).toBeNull();
  const open = await db.owner.query('select status from billing.claim_rejection where claim_id = $1', [bad.claimId]);
  expect(open.rows).toEqual([{ status: 'RESOLVED' }]);
  const tries = await db.owner.query('select count(*)::int as n from billing.claim_submission_claim where claim_id = $1', [bad.claimId]);
  expect(tries.rows[0].n).toBe(2);
});

test("another tenant's claims are never matched", async () => {
  const mine = await submitted('S6-A');
  const other = await readyTenant(db, 'submit-sql-other');
  const res = await asTenant<{ result: Record<string, unknown> }>(db, other, 'claims.write', 'select billing.fn_receive_claim_acknowledgment($1, $2, $3, $4) as result',
    ['277CA', 'x', 900010, JSON.stringify({ interchangeSender: 'SANDBOXCH', claims: [{ patientControlNumber: mine.pcn, statuses: [{ category: 'A2', code: '20' }] }] })]);
  expect(res[0].result).toMatchObject({ accepted: 0, unmatched: [{ patientControlNumber: mine.pcn }] });
  expect((await claimRow(mine.claimId)).status).toBe('SUBMITTED');
});

test('the 837P content of a submission has what the loops need', async () => {
  const s = await submitted('S7-A');
  const env = (await db.owner.query('select billing_private.submission_837_envelope($1, $2) as e', [tenantId, s.submissionId])).rows[0].e;
  expect(env).toMatchObject({ interchangeControlNumber: s.isa13, groupControlNumber: s.isa13, submitter: { contact: { phone: '2125550100' } }, receiver: { id: 'SANDBOXCH' }, transactionSetCount: 1 });
  const claims = await claims837(s.submissionId);
  expect(claims).toHaveLength(1);
  expect(claims[0]).toMatchObject({
    patientControlNumber: s.pcn, frequencyCode: '1', totalAmount: '100.00', diagnoses: ['E119'], payerResponsibility: 'P',
    billingProvider: { ein: expect.stringMatching(/^\d{9}$/), address: { zip: expect.stringMatching(/^\d{9}$/) } },
    payer: { claimFilingIndicator: expect.stringMatching(/^(MB|MC|CI)$/) },
    subscriber: { relationshipToPatient: '18' },
    lines: [{ procedure: '99213', amount: '100.00', units: '1', diagnosisPointers: [1] }],
  });
});

test('the 837P lists a claim\'s diagnoses in order of first use, at most 12, and points each line into that list', async () => {
  // Three charges of one member at one facility and date: one claim of three lines.
  const [id] = await builtClaims(db, tenantId, [
    { number: 'S8-A', serviceDate: '2026-10-01', diagnosisCodes: ['I10', 'E11.9'], diagnosisPointers: [2, 1] },
    { number: 'S8-B', serviceDate: '2026-10-01', procedureCode: '36415', diagnosisCodes: ['E11.9', 'E78.5', 'J06.9'], diagnosisPointers: [3, 1] },
    { number: 'S8-C', serviceDate: '2026-10-01', procedureCode: '80053',
      diagnosisCodes: ['A00.0', 'A01.0', 'A02.0', 'A03.0', 'A04.0', 'A05.0', 'A06.0', 'A07.0', 'A08.0', 'A09'], diagnosisPointers: [10, 9, 1] },
  ]);
  const [s] = await submit(db, tenantId, [id]);
  const claims = await claims837(s.submission_id!);
  expect(claims).toHaveLength(1);
  // I10, E11.9 (line 1); E78.5, J06.9 (line 2); A00.0 .. A07.0 fill the twelve; A08.0 and A09 do not fit.
  expect(claims[0]!.diagnoses).toEqual(['I10', 'E119', 'E785', 'J069', 'A000', 'A010', 'A020', 'A030', 'A040', 'A050', 'A060', 'A070']);
  expect(claims[0]!.lines.map((l) => [l.procedure, l.diagnosisPointers])).toEqual([
    ['99213', [2, 1]],
    ['36415', [4, 2]],
    // A09 and A08.0 are beyond the twelve: only A00.0 (5th) is pointed at.
    ['80053', [5]],
  ]);
});
