// A claim the primary payer paid in part goes to the secondary with the primary's adjudication:
// the primary's 835 (real X12, built and parsed back) is posted through billing.fn_post_remittance,
// billing.fn_bill_secondary makes the secondary claim, fn_submit_claims puts it in a submission,
// and the 837P the claims/send-submission task writes (render837: the same cursors) carries loops
// 2320/2330A/2330B and 2430 per line, read back by the parser and checked by pyx12.
import type { TestDatabase } from '../support/database.ts';
import { createTestDatabase } from '../support/database.ts';
import { activeMembers, asTenant } from '../claims/fixtures.ts';
import { builtClaims, readyTenant, submit } from '../claims-out/fixtures.ts';
import { render837 } from '../../server/claims/send-submission.ts';
import { build835 } from '../../x12/build-835.ts';
import type { Claim835Input } from '../../x12/build-835.ts';
import { parseX12 } from '../../x12/parse.ts';
import { pyx12Validate } from '../../x12/test-support/pyx12.ts';
import type { Transaction837 } from '../../x12/types-claims.ts';

let db: TestDatabase;
let tenantId: string;
let isa13 = 700_000_000;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await readyTenant(db, 'cob');
});
afterAll(async () => {
  await db?.drop();
});

interface Primary { claimId: string; pcn: string; memberId: string; payerId: string; payerIdentifier: string; subscriberId: string }

/** A three-line claim (180.00 + 45.50 + 85.00) recorded as SUBMITTED to the member's primary payer. */
async function submittedPrimary(memberNumber: string, prefix: string): Promise<Primary> {
  const ids = await builtClaims(db, tenantId, [
    { number: `${prefix}-1`, member: memberNumber, procedureCode: '99214', amount: 180, daysAgo: 12 },
    { number: `${prefix}-2`, member: memberNumber, procedureCode: '85025', amount: 45.5, daysAgo: 12 },
    { number: `${prefix}-3`, member: memberNumber, procedureCode: '80053', amount: 85, daysAgo: 12 },
  ]);
  expect(ids).toHaveLength(1);
  await asTenant(db, tenantId, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED')", [ids[0]]);
  const { rows: [row] } = await db.owner.query(
    `select c.id, c.patient_control_number as pcn, c.member_id, p.name as payer_name, p.payer_identifier, cp.subscriber_id
     from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
     join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id where c.id = $1`, [ids[0]]);
  return { claimId: row.id, pcn: row.pcn, memberId: row.member_id, payerId: row.payer_name, payerIdentifier: row.payer_identifier, subscriberId: row.subscriber_id };
}

const service = (code: string, charge: string, paid: string, adjustments: [string, string, string][]) => ({
  procedure: { qualifier: 'HC', code, modifiers: [], description: null }, chargeAmount: charge, paymentAmount: paid, units: '1',
  adjustments: adjustments.map(([group, reason, amount]) => ({ group, reason, amount, quantity: null })),
});

/**
 * The primary's adjudication: CO-45 and PR-1/PR-2 per line, and a claim-level CO-253 (sequestration)
 * of 3.17. 835 balancing: 310.50 - 155.23 = 3.17 + 152.10.
 */
function partialPayment(primary: Primary, payerClaimControlNumber: string): Claim835Input {
  return {
    patientControlNumber: primary.pcn, status: '1', chargeAmount: '310.50', paymentAmount: '155.23', patientResponsibility: '90.00',
    filingIndicator: 'CI', payerClaimControlNumber,
    patient: { lastName: 'PATIENT', firstName: 'DEMO', middleName: null, idQualifier: 'MI', id: primary.subscriberId },
    adjustments: [{ group: 'CO', reason: '253', amount: '3.17', quantity: null }],
    services: [
      service('99214', '180.00', '104.00', [['CO', '45', '36.00'], ['PR', '1', '40.00']]),
      service('85025', '45.50', '0.00', [['CO', '45', '9.10'], ['PR', '1', '36.40']]),
      service('80053', '85.00', '54.40', [['CO', '45', '17.00'], ['PR', '2', '13.60']]),
    ],
  };
}

/** An 835 of the primary payer, as X12, parsed back and posted (what POST /remittances does). */
async function post835(primary: Primary, claims: Claim835Input[], trace: string, date: string): Promise<void> {
  const control = ++isa13;
  const x12 = build835({
    sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' }, interchangeControlNumber: control, groupControlNumber: control, usage: 'T',
    remittances: [{
      controlNumber: 1, payment: { method: 'ACH', date, traceNumber: trace, payerIdentifier: '1411289245' },
      payer: { name: primary.payerId.toUpperCase(), id: primary.payerIdentifier, address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
      payee: { name: 'DEMO CLINIC', npi: '1234567893' }, claims,
    }],
  });
  for (const transaction of parseX12(x12).transactions) {
    const [out] = await asTenant<{ status: string }>(db, tenantId, 'claims.write', 'select * from billing.fn_post_remittance($1, $2)', [JSON.stringify(transaction), x12]);
    expect(out).toMatchObject({ status: 'POSTED' });
  }
}

/** A priority-2 coverage with another payer for the member; returns that payer's identifier. */
async function addSecondaryCoverage(memberId: string, primaryPayerName: string, subscriberId: string): Promise<string> {
  const { rows: [other] } = await db.owner.query(
    'select id, payer_identifier from core.payer where tenant_id = $1 and name <> $2 and payer_identifier is not null order by code limit 1', [tenantId, primaryPayerName]);
  await db.owner.query(
    `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, effective_from, priority)
     values ($1, $2, $3, $4, 'G2', 'Secondary plan', date '2020-01-01', 2)`, [tenantId, memberId, other.id, subscriberId]);
  return other.payer_identifier;
}

/** Bills the secondary, submits it, and returns the 837P the send task writes for it. */
async function secondary837(primaryClaimId: string): Promise<{ claimId: string; x12: string }> {
  const [billed] = await asTenant<{ id: string }>(db, tenantId, 'claims.write', 'select id from billing.fn_bill_secondary($1)', [primaryClaimId]);
  const [out] = await submit(db, tenantId, [billed.id]);
  expect(out.error_code).toBeNull();
  const client = await db.owner.connect();
  try {
    return { claimId: billed.id, x12: await render837(client, tenantId, out.submission_id!) };
  } finally {
    client.release();
  }
}

test('a claim the primary paid in part goes to the secondary with the primary\'s adjudication in 2320/2330A/2330B and 2430 per line; pyx12 finds no error', async () => {
  const [member] = await activeMembers(db, tenantId);
  const primary = await submittedPrimary(member.member_number, 'COB1');
  await post835(primary, [partialPayment(primary, 'ICN-COB1-001')], 'TRNCOB1', '2026-12-01');
  const secondaryPayerId = await addSecondaryCoverage(primary.memberId, primary.payerId, 'SEC0042');

  const { x12 } = await secondary837(primary.claimId);
  const parsed = parseX12(x12);
  expect(parsed.warnings).toEqual([]);
  const [claim] = (parsed.transactions[0] as Transaction837).claims;
  expect(claim).toMatchObject({ chargeAmount: '310.50', payerResponsibility: 'S', payer: { id: secondaryPayerId }, subscriber: { id: 'SEC0042' } });
  expect(claim?.otherPayers).toEqual([expect.objectContaining({
    payerResponsibility: 'P', relationship: '18', claimFilingIndicator: expect.stringMatching(/^(CI|MB|MC|BL|HM)$/),
    adjustments: [{ group: 'CO', reason: '253', amount: '3.17', quantity: null }],
    paidAmount: '155.23', remainingPatientLiability: '90.00',
    subscriber: expect.objectContaining({ idQualifier: 'MI', id: primary.subscriberId }),
    payer: expect.objectContaining({ idQualifier: 'PI', id: primary.payerIdentifier }),
    payerClaimControlNumber: 'ICN-COB1-001',
    // With line adjudications the date is on each 2430, not in 2330B.
    adjudicationDate: null,
  })]);
  expect(claim?.lines.map((l) => [l.procedure, l.chargeAmount, l.adjudications])).toEqual([
    ['99214', '180.00', [{ payerId: primary.payerIdentifier, paidAmount: '104.00', procedure: '99214', modifiers: [], units: '1', adjudicationDate: '2026-12-01',
      adjustments: [{ group: 'CO', reason: '45', amount: '36.00', quantity: null }, { group: 'PR', reason: '1', amount: '40.00', quantity: null }] }]],
    ['85025', '45.50', [expect.objectContaining({ paidAmount: '0.00', adjustments: [{ group: 'CO', reason: '45', amount: '9.10', quantity: null }, { group: 'PR', reason: '1', amount: '36.40', quantity: null }] })]],
    ['80053', '85.00', [expect.objectContaining({ paidAmount: '54.40', adjustments: [{ group: 'CO', reason: '45', amount: '17.00', quantity: null }, { group: 'PR', reason: '2', amount: '13.60', quantity: null }] })]],
  ]);
  // The guide's COB balancing, per line and per claim.
  for (const line of claim!.lines) {
    const a = line.adjudications[0]!;
    expect(Number(a.paidAmount) + a.adjustments.reduce((s, x) => s + Number(x.amount), 0)).toBeCloseTo(Number(line.chargeAmount), 2);
  }
  const validation = pyx12Validate(x12, 'secondary-cob.837');
  expect(validation.output).toContain('OK');
  expect(validation.ok).toBe(true);
});

test('after a reversal and a corrected payment, the secondary gets the payment that stands, not the reversed one', async () => {
  const member = (await activeMembers(db, tenantId))[1]!;
  const primary = await submittedPrimary(member.member_number, 'COB2');
  const first = partialPayment(primary, 'ICN-COB2-001');
  await post835(primary, [first], 'TRNCOB2A', '2026-12-01');
  // The payer takes it back (CLP02 22) and pays all three lines in full minus CO-45.
  const negate = (v: string) => (v.startsWith('-') ? v.slice(1) : `-${v}`);
  const reversal: Claim835Input = {
    ...first, status: '22', chargeAmount: negate(first.chargeAmount), paymentAmount: negate(first.paymentAmount), patientResponsibility: negate(first.patientResponsibility!),
    adjustments: first.adjustments!.map((a) => ({ ...a, amount: negate(a.amount) })),
    services: first.services!.map((s) => ({ ...s, chargeAmount: negate(s.chargeAmount), paymentAmount: negate(s.paymentAmount), adjustments: s.adjustments!.map((a) => ({ ...a, amount: negate(a.amount) })) })),
  };
  const corrected: Claim835Input = {
    ...first, paymentAmount: '248.40', patientResponsibility: null, payerClaimControlNumber: 'ICN-COB2-002', adjustments: [],
    services: [
      service('99214', '180.00', '144.00', [['CO', '45', '36.00']]),
      service('85025', '45.50', '36.40', [['CO', '45', '9.10']]),
      service('80053', '85.00', '68.00', [['CO', '45', '17.00']]),
    ],
  };
  await post835(primary, [reversal, corrected], 'TRNCOB2B', '2026-12-05');
  await addSecondaryCoverage(primary.memberId, primary.payerId, 'SEC0043');

  const { x12 } = await secondary837(primary.claimId);
  const [claim] = (parseX12(x12).transactions[0] as Transaction837).claims;
  expect(claim?.otherPayers).toEqual([expect.objectContaining({ paidAmount: '248.40', remainingPatientLiability: '0.00', adjustments: [], payerClaimControlNumber: 'ICN-COB2-002' })]);
  expect(claim?.lines.map((l) => l.adjudications.map((a) => [a.paidAmount, a.adjudicationDate, a.adjustments.map((x) => `${x.group}-${x.reason} ${x.amount}`)]))).toEqual([
    [['144.00', '2026-12-05', ['CO-45 36.00']]], [['36.40', '2026-12-05', ['CO-45 9.10']]], [['68.00', '2026-12-05', ['CO-45 17.00']]],
  ]);
  expect(pyx12Validate(x12, 'secondary-corrected.837').ok).toBe(true);
});

test('a claim to the primary payer carries no COB loops', async () => {
  const member = (await activeMembers(db, tenantId))[2]!;
  const ids = await builtClaims(db, tenantId, [{ number: 'COB3-1', member: member.member_number, amount: 120, daysAgo: 12 }]);
  const [out] = await submit(db, tenantId, ids);
  const client = await db.owner.connect();
  try {
    const x12 = await render837(client, tenantId, out.submission_id!);
    expect(x12).not.toMatch(/~(SVD|OI|AMT)\*/);
    expect((parseX12(x12).transactions[0] as Transaction837).claims[0]?.otherPayers).toEqual([]);
  } finally {
    client.release();
  }
});

test('a secondary claim whose primary adjudicated other charges is refused at submit, naming the mismatch; nothing is written', async () => {
  const member = (await activeMembers(db, tenantId))[3]!;
  const primary = await submittedPrimary(member.member_number, 'COB4');
  // The payer adjudicated line 2 at 35.50, not the 45.50 we billed (balanced in itself: 300.50 - 172.00 = 128.50 of CAS).
  await post835(primary, [{
    ...partialPayment(primary, 'ICN-COB4-001'), chargeAmount: '300.50', paymentAmount: '172.00', patientResponsibility: '40.00', adjustments: [],
    services: [
      service('99214', '180.00', '104.00', [['CO', '45', '36.00'], ['PR', '1', '40.00']]),
      service('85025', '35.50', '0.00', [['CO', '45', '35.50']]),
      service('80053', '85.00', '68.00', [['CO', '45', '17.00']]),
    ],
  }], 'TRNCOB4', '2026-12-01');
  await addSecondaryCoverage(primary.memberId, primary.payerId, 'SEC0044');
  const [billed] = await asTenant<{ id: string; patient_control_number: string }>(db, tenantId, 'claims.write', 'select id, patient_control_number from billing.fn_bill_secondary($1)', [primary.claimId]);
  const outcome = await submit(db, tenantId, [billed.id]);
  expect(outcome).toEqual([expect.objectContaining({
    submission_id: null, claim_id: billed.id, error_code: 'COB_ADJUDICATION_MISMATCH',
    error_message: `Claim ${billed.patient_control_number} goes with the earlier payer's adjudication of claim ${primary.pcn} (COB loops), but that payer's 835 does not match this claim: its claim charge 300.50 <> 310.50. Bill this claim once the earlier payer's adjudication of the same lines is posted.`,
  })]);
  const { rows: [after] } = await db.owner.query(
    'select c.status, (select count(*)::int from billing.claim_submission_claim sc where sc.claim_id = c.id) as submissions from billing.claim c where c.id = $1', [billed.id]);
  expect(after).toEqual({ status: 'BUILT', submissions: 0 });
});
