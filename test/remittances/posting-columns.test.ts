// The service posts each 835 it reads through billing.fn_post_remittance_columns (the rows as
// columns made by the reader, server/remittances/transaction-to-post.ts, posted by
// server/remittances/post-transaction.ts, which sends the claims' JSON only when a CLP goes to the
// unmatched queue); until then it posted the parsed 835's JSON (null members left out) through
// billing.fn_post_remittance, as psql and GraphQL still do. The same X12 must write the same rows
// either way: the same payments, service lines, CAS adjustments with their remark codes and order,
// PLBs, unmatched CLPs kept whole, claim amounts, statuses and history, HELD reasons and the refusal
// of a bad amount.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, type Clp } from './fixtures.ts';
import { postTransaction, type PostedRow } from '../../server/remittances/post-transaction.ts';
import { readRemittances } from '../../server/x12-readers/tasks.ts';
import type { TransactionToPost } from '../../server/remittances/transaction-to-post.ts';
import { parseX12 } from '../../x12/parse.ts';
import { build835, type Remittance835Input } from '../../x12/build-835.ts';
import { asTenantUser } from '../support/tenant-user.ts';

let db: TestDatabase;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'remit-columns');
});
afterAll(async () => db.drop());

const withoutNulls = (_key: string, value: unknown): unknown => (value === null ? undefined : value);

/** One X12 file of these 835s (fixtures' parsed shape, each CLP given a patient). */
function x12File(remittances: Array<Record<string, unknown>>): string {
  return build835({ sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'CLINIC' }, interchangeControlNumber: 7, groupControlNumber: 7, usage: 'T',
    remittances: remittances.map((r, i) => ({ ...r, controlNumber: i + 1, payer: { ...(r.payer as object), address: { line: '1 WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
      claims: (r.claims as Clp[]).map((c) => ({ ...c, patient: { entityId: 'QC', lastName: 'DOE', firstName: 'JANE', middleName: null, idQualifier: 'MI', id: `M${c.patientControlNumber}` } })),
    }) as unknown as Remittance835Input) });
}

/** The file's 835s as the service posted them until now: each parsed 835's JSON without nulls. */
async function postJson(x12: string): Promise<PostedRow[]> {
  const rows: PostedRow[] = [];
  for (const transaction of parseX12(x12).transactions) {
    rows.push(await asTenantUser(db, tenant, ['claims.write'], async (client) => (await client.query<PostedRow>('select * from billing.fn_post_remittance($1, $2)', [JSON.stringify(transaction, withoutNulls), x12])).rows[0]));
  }
  return rows;
}

/** The file's 835s as the service posts them now; `alone: false` posts each as if its own X12 could not
 *  be cut out of the file (the claims, when asked for, are then read from the file by position). */
async function postColumns(x12: string, alone = true): Promise<PostedRow[]> {
  const read: TransactionToPost[] = [];
  readRemittances({ x12 }, (message) => { if ('transaction' in message) read.push(alone ? message.transaction : { ...message.transaction, x12: null }); });
  const rows: PostedRow[] = [];
  for (const [index, transaction] of read.entries()) rows.push(await asTenantUser(db, tenant, ['claims.write'], (client) => postTransaction(client, transaction, { fileX12: () => x12, index, source: 'API' })));
  return rows;
}

/** Claims for one 835 of every kind: paid with line and claim CAS, remarks, modifiers and a changed
 *  procedure; denied with an RARC; crossed over; reversed then paid again; a claim never submitted;
 *  a CLP that names no claim. `tag` keeps each set's unknown CLP01 apart. */
async function claimsOfEveryKind(tag: string): Promise<{ claims: Clp[]; ids: string[]; reversal: { earlier: Clp; claimId: string } }> {
  const paid = await submittedClaim(db, tenant, [100, 50]);
  const denied = await submittedClaim(db, tenant, [80]);
  const crossed = await submittedClaim(db, tenant, [60]);
  const reversed = await submittedClaim(db, tenant, [90]);
  const built = await submittedClaim(db, tenant, [40]);
  await db.owner.query("update billing.claim set status = 'BUILT' where id = $1", [built.claimId]);
  const withExtras = line('99213', 100, 58, [['CO', '45', 20], ['PR', '2', 16], ['OA', '23', 6]], ['N130', 'M80']);
  Object.assign(withExtras, { procedure: { qualifier: 'HC', code: '99214', modifiers: ['25', '59'] }, modifiers: ['25', '59'], allowedAmount: '80.00',
    originalProcedure: { qualifier: 'HC', code: '99213', modifiers: [] }, serviceDate: '2026-11-02' });
  withExtras.adjustments[2].quantity = '1';
  const paidClp = clp(paid.pcn, '1', [withExtras, line('85025', 50, 45, [['CO', '45', 5]])], { remarks: [{ source: 'MOA', code: 'MA01' }, { source: 'MOA', code: 'N4' }] });
  paidClp.adjustments = [{ group: 'CO', reason: '253', amount: '5.00' }];
  paidClp.paymentAmount = '98.00';
  const earlier = clp(reversed.pcn, '1', [line('99213', 90, 70, [['CO', '45', 20]])]);
  const reversal = { ...clp(reversed.pcn, '22', [line('99213', -90, -70, [['CO', '45', -20]])]), chargeAmount: '-90.00', paymentAmount: '-70.00' };
  const claims = [
    paidClp,
    clp(denied.pcn, '4', [line('99213', 80, 0, [['CO', '16', 80]], ['M51'])]),
    clp(crossed.pcn, '19', [line('99213', 60, 40, [['CO', '45', 10], ['PR', '1', 10]])], { crossover: { entityId: 'TT', lastName: 'MEDIGAP PLUS', id: 'MG1' } }),
    reversal,
    clp(reversed.pcn, '1', [line('99213', 90, 75, [['CO', '45', 15]])]),
    clp(built.pcn, '1', [line('99213', 40, 40, [])]),
    clp(`NO-SUCH-${tag}`, '1', [line('99213', 25, 20, [['CO', '45', 5]])], { payerClaimControlNumber: null }),
  ];
  return { claims, ids: [paid, denied, crossed, reversed, built].map((c) => c.claimId), reversal: { earlier, claimId: reversed.claimId } };
}

/** What one 835 wrote, with the ids and numbers that differ between the two sets taken out. */
async function written(remittanceId: string, claimIds: string[], pcns: string[]) {
  const anonymous = (value: unknown) => JSON.parse(pcns.reduce((s, pcn, i) => s.split(pcn).join(`PCN${i}`), JSON.stringify(value))
    .replace(/TRN-COLUMNS-[A-Z]+/g, 'TRN').replace(/NO-SUCH-[a-z]+/g, 'NO-SUCH').replace(/MNO-SUCH/g, 'MNO-SUCH')) as unknown;
  const q = async (sql: string) => (await db.owner.query(sql.replaceAll('$1', `'${remittanceId}'::uuid`).replaceAll('$2', `'{${claimIds.join(',')}}'::uuid[]`))).rows;
  return anonymous({
    remittance: await q(`select status, reason, claim_count, claims_posted, claims_unmatched, payment_amount, payer_name, payer_identifier, payee_npi
                         from billing.remittance where id = $1`),
    payments: await q(`select array_position($2::uuid[], claim_id) as claim, sequence, claim_status_code, charge_amount, paid_amount, patient_responsibility,
                         adjustment_amount, filing_indicator, payer_claim_control_number, crossover_payer_name, crossover_payer_id, denial_reason_code,
                         denial_category, reversed_by is not null as reversed
                       from billing.claim_payment where remittance_id = $1 order by sequence`),
    services: await q(`select p.sequence, s.line_number, s.procedure_code, s.modifiers, s.original_procedure_code, s.charge_amount, s.paid_amount, s.units,
                         s.service_date, s.allowed_amount, s.remark_codes
                       from billing.claim_service_payment s join billing.claim_payment p on p.tenant_id = s.tenant_id and p.id = s.claim_payment_id
                       where p.remittance_id = $1 order by p.sequence, s.line_number`),
    adjustments: await q(`select p.sequence, a.seq, array_position($2::uuid[], a.claim_id) as claim, a.level, a.line_number, a.group_code, a.reason_code,
                            a.amount, a.quantity, a.remark_codes
                          from billing.claim_adjustment a join billing.claim_payment p on p.tenant_id = a.tenant_id and p.id = a.claim_payment_id
                          where p.remittance_id = $1 order by p.sequence, a.seq`),
    unmatched: await q(`select sequence, patient_control_number, payer_claim_control_number, claim_status_code, charge_amount, paid_amount, detail,
                          regexp_replace(reason, '[0-9a-f-]{36}', 'CLAIM') as reason
                        from billing.unmatched_remittance_claim where remittance_id = $1 order by sequence`),
    plbs: await q('select seq, reason_code, reference, amount from billing.provider_adjustment where remittance_id = $1 order by seq'),
    claims: await q(`select array_position($2::uuid[], id) as claim, status, paid_amount, patient_responsibility_amount, adjustment_amount, balance,
                       denial_category, payer_claim_control_number is not null as has_icn
                     from billing.claim where id = any($2) order by 1`),
    history: await q(`select array_position($2::uuid[], claim_id) as claim, from_status, to_status, paid_amount, denial_category, reason
                      from billing.claim_status_history where claim_id = any($2) and reason like '835 %' order by 1, seq`),
    denials: await q(`select array_position($2::uuid[], claim_id) as claim, denial_category, reason_code, group_code, remark_codes, denied_amount
                      from billing.denial_work_item where claim_id = any($2) order by 1`),
  });
}

test('an 835 of every kind writes the same rows through the columns the service sends as through its JSON', async () => {
  const sets = [];
  for (const [tag, postFile] of [['json', postJson], ['columns', postColumns], ['bypos', (x12: string) => postColumns(x12, false)]] as const) {
    const { claims, ids, reversal } = await claimsOfEveryKind(tag);
    // One file: the payment the reversal undoes, then the 835 of every kind.
    const x12 = x12File([remittance(`TRN-COLUMNS-EARLIER${tag.toUpperCase()}`, [reversal.earlier]),
      remittance(`TRN-COLUMNS-${tag.toUpperCase()}`, claims, [{ reason: 'L6', reference: 'INT1', amount: '-1.50' }, { reason: 'WO', amount: '2.00' }])]);
    const [earlier, posted] = await postFile(x12);
    expect(earlier.status).toBe('POSTED');
    expect(posted).toMatchObject({ status: 'POSTED', claims_posted: 5, claims_unmatched: 2 });
    const pcns = (await db.owner.query('select patient_control_number from billing.claim where id = any($1) order by array_position($1, id)', [ids])).rows.map((r) => r.patient_control_number as string);
    sets.push(await written(posted.id, ids, pcns));
  }
  expect(sets[1]).toEqual(sets[0]);
  expect(sets[2]).toEqual(sets[0]);
  expect(sets[1]).toEqual(sets[0]);
  // What a biller checks, so that two equally wrong postings cannot pass.
  const [json] = sets as Array<{ payments: Array<Record<string, unknown>>; services: Array<Record<string, unknown>>; adjustments: Array<Record<string, unknown>>; unmatched: Array<Record<string, unknown>> }>;
  expect(json.services[0]).toMatchObject({ procedure_code: '99214', modifiers: ['25', '59'], original_procedure_code: '99213', allowed_amount: '80.00', remark_codes: ['N130', 'M80'] });
  expect(json.adjustments.slice(0, 2)).toMatchObject([
    { seq: 1, level: 'CLAIM', line_number: null, reason_code: '253', remark_codes: ['MA01', 'N4'] },
    { seq: 2, level: 'LINE', line_number: 1, reason_code: '45', remark_codes: ['N130', 'M80'] },
  ]);
  expect(json.payments[2]).toMatchObject({ crossover_payer_name: 'MEDIGAP PLUS', crossover_payer_id: 'MG1' });
  expect(json.unmatched.map((u) => u.detail)).toEqual([expect.objectContaining({ patientControlNumber: 'PCN4' }), expect.objectContaining({ patientControlNumber: 'NO-SUCH' })]);
});

test('an unbalanced 835 is HELD with the same failed equations, and a bad amount refused with the same message, either way', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  const unbalanced = (trace: string) => x12File([remittance(trace, [clp(c.pcn, '1', [line('99213', 100, 60, [['CO', '45', 20]])])])]);
  const [[json], [columns]] = [await postJson(unbalanced('TRN-HELD-J')), await postColumns(unbalanced('TRN-HELD-C'))];
  expect(json.status).toBe('HELD');
  expect(columns).toMatchObject({ status: 'HELD', reason: json.reason });
  expect(json.reason).toContain('SVC02 100.00 - SVC03 60.00 = 40.00, but its CAS adjustments total 20.00');

  const bad = x12File([remittance('TRN-BAD-AMOUNT', [clp(c.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])])]).replace('CAS*CO*45*20.00~', 'CAS*CO*45*2O.00~');
  expect(bad).toContain('CAS*CO*45*2O.00~');
  const refusals = await Promise.all([postJson(bad), postColumns(bad)].map((p) => p.then(() => 'posted', (error: Error & { code?: string }) => `${error.code} ${error.message}`)));
  expect(refusals[0]).toBe('22023 not an 835 transaction: an amount is not a number (invalid input syntax for type numeric: "2O.00")');
  expect(refusals[1]).toBe(refusals[0]);
  expect((await db.owner.query("select count(*)::int as n from billing.remittance where trace_number = 'TRN-BAD-AMOUNT'")).rows[0].n).toBe(0);
});
