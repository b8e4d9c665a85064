// billing.fn_validate_charges: each rule on its own charge, errors an operator can act on.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { asTenant, baseTenant, insertCharges, activeMembers, type ChargeSpec } from './fixtures.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await baseTenant(db, 'val');
});
afterAll(async () => db.drop());

interface ValidatedCharge {
  charge_number: string;
  status: string;
  validation_errors: { code: string; field: string; message: string }[];
  coverage_policy_id: string | null;
}

async function validate(specs: ChargeSpec[]): Promise<Record<string, ValidatedCharge>> {
  const ids = await insertCharges(db, tenantId, specs);
  const rows = await asTenant<ValidatedCharge>(db, tenantId, 'claims.write', 'select * from billing.fn_validate_charges($1)', [Object.values(ids)]);
  return Object.fromEntries(rows.map((r) => [r.charge_number, r]));
}

function codes(charge: ValidatedCharge): string[] {
  return charge.validation_errors.map((e) => e.code);
}

test('a clean charge becomes VALIDATED with its primary coverage resolved', async () => {
  const [member] = await activeMembers(db, tenantId);
  const result = await validate([{ number: 'OK-1', member: member.member_number, procedureCode: '99213', modifiers: ['25'], diagnosisCodes: ['E11.9', 'I10'], diagnosisPointers: [1, 2] }]);
  expect(result['OK-1']).toMatchObject({ status: 'VALIDATED', validation_errors: [], coverage_policy_id: member.coverage_id });
});

test.each([
  ['CPT 5 digits', '99213'],
  ['CPT Category II (4 digits + F)', '3074F'],
  ['CPT Category III (4 digits + T)', '0042T'],
  ['HCPCS Level II', 'J1100'],
  ['HCPCS Level II, letter V', 'V2020'],
])('procedure code %s (%s) is accepted', async (_label, code) => {
  const result = await validate([{ number: `PC-OK-${code}`, procedureCode: code }]);
  expect(result[`PC-OK-${code}`].status).toBe('VALIDATED');
});

test.each([['9921'], ['992134'], ['W1234'], ['0042X'], ['j1100']])('procedure code %s is rejected with INVALID_PROCEDURE_CODE', async (code) => {
  const result = await validate([{ number: `PC-BAD-${code}`, procedureCode: code }]);
  const charge = result[`PC-BAD-${code}`];
  expect(charge.status).toBe('INVALID');
  expect(charge.validation_errors).toEqual([expect.objectContaining({ code: 'INVALID_PROCEDURE_CODE', field: 'procedure_code' })]);
  expect(charge.validation_errors[0].message).toContain(`"${code}"`);
  expect(charge.validation_errors[0].message).toContain('Correct CptCode');
});

test('ICD-10-CM formats: E11.9, S72.001A, E119 and U07.1 pass; 123.4, E1, E11.12345 and e11.9 fail, named in the message', async () => {
  const ok = await validate([{ number: 'DX-OK', diagnosisCodes: ['E11.9', 'S72.001A', 'E119', 'U07.1'] }]);
  expect(ok['DX-OK'].status).toBe('VALIDATED');
  const bad = await validate([{ number: 'DX-BAD', diagnosisCodes: ['E11.9', '123.4', 'E1', 'E11.12345', 'e11.9'] }]);
  expect(codes(bad['DX-BAD'])).toEqual(['INVALID_DIAGNOSIS_CODE']);
  expect(bad['DX-BAD'].validation_errors[0].message).toContain('"123.4", "E1", "E11.12345", "e11.9"');
  const none = await validate([{ number: 'DX-NONE', diagnosisCodes: [], diagnosisPointers: [1] }]);
  expect(codes(none['DX-NONE'])).toEqual(['MISSING_DIAGNOSIS', 'INVALID_DIAGNOSIS_POINTER']);
});

test('diagnosis pointers must point within the codes', async () => {
  const result = await validate([{ number: 'PTR', diagnosisCodes: ['E11.9', 'I10'], diagnosisPointers: [1, 3] }]);
  expect(result.PTR.validation_errors).toEqual([expect.objectContaining({ code: 'INVALID_DIAGNOSIS_POINTER', field: 'diagnosis_pointers' })]);
  expect(result.PTR.validation_errors[0].message).toContain('3 point past the 2 diagnosis code(s)');
});

test('modifiers must be 2 letters or digits', async () => {
  const result = await validate([{ number: 'MOD', modifiers: ['25', 'L', 'XYZ'] }]);
  expect(codes(result.MOD)).toEqual(['INVALID_MODIFIER']);
  expect(result.MOD.validation_errors[0].message).toContain('"L", "XYZ"');
});

test('place of service must be a CMS code', async () => {
  const result = await validate([{ number: 'POS-OK', placeOfService: '22' }, { number: 'POS-BAD', placeOfService: '28' }, { number: 'POS-1', placeOfService: '1' }]);
  expect(result['POS-OK'].status).toBe('VALIDATED');
  expect(codes(result['POS-BAD'])).toEqual(['INVALID_PLACE_OF_SERVICE']);
  expect(codes(result['POS-1'])).toEqual(['INVALID_PLACE_OF_SERVICE']);
});

test('NPIs need the 80840 Luhn check digit; a missing billing NPI falls back to the facility NPI', async () => {
  const result = await validate([
    { number: 'NPI-REND', renderingNpi: '1234567890' },
    { number: 'NPI-BILL', billingNpi: '1234567890' },
    { number: 'NPI-FALLBACK', billingNpi: null, facility: 'OPC' },
  ]);
  expect(codes(result['NPI-REND'])).toEqual(['INVALID_RENDERING_NPI']);
  expect(codes(result['NPI-BILL'])).toEqual(['INVALID_BILLING_NPI']);
  expect(result['NPI-FALLBACK'].status).toBe('VALIDATED');
  const { rows } = await db.owner.query("select c.billing_npi = f.npi as same from billing.charge c join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id where c.charge_number = 'NPI-FALLBACK'");
  expect(rows[0].same).toBe(true);
});

test('units and amount must be positive; the service date must not be in the future', async () => {
  const result = await validate([
    { number: 'UNITS', units: 0 },
    { number: 'AMOUNT', amount: -5 },
    { number: 'FUTURE', daysAgo: -1 },
  ]);
  expect(codes(result.UNITS)).toEqual(['INVALID_UNITS']);
  expect(codes(result.AMOUNT)).toEqual(['INVALID_AMOUNT']);
  expect(codes(result.FUTURE)).toEqual(['FUTURE_SERVICE_DATE']);
});

test('coverage must be active on the service date, belong to the member, or be resolvable', async () => {
  const [a, b] = await activeMembers(db, tenantId);
  const terminated = (await db.owner.query(
    `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, effective_from, effective_to, status, priority)
     values ($1, $2, (select id from core.payer where tenant_id = $1 and code = 'MCR'), 'TERM000001', date '2024-01-01', current_date - 20, 'TERMINATED', 2)
     returning id as coverage_id`,
    [tenantId, a.member_id],
  )).rows[0];
  const result = await validate([
    { number: 'COV-BEFORE', member: a.member_number, serviceDate: '2023-06-01' },
    { number: 'COV-OTHER', member: a.member_number, coveragePolicyId: b.coverage_id },
    { number: 'COV-TERM', member: a.member_number, coveragePolicyId: terminated.coverage_id },
  ]);
  expect(codes(result['COV-BEFORE'])).toEqual(['NO_ACTIVE_COVERAGE']);
  expect(result['COV-BEFORE'].validation_errors[0].message).toContain('2023-06-01');
  expect(codes(result['COV-OTHER'])).toEqual(['COVERAGE_OTHER_MEMBER']);
  expect(codes(result['COV-TERM'])).toEqual(['COVERAGE_NOT_ACTIVE']);
});

test('every failure of a charge is listed, and fixing it and re-validating makes it VALIDATED', async () => {
  const result = await validate([{ number: 'MANY', procedureCode: 'ABC', modifiers: ['1'], placeOfService: '00', units: -1, amount: 0 }]);
  expect(codes(result.MANY)).toEqual(['INVALID_PROCEDURE_CODE', 'INVALID_MODIFIER', 'INVALID_PLACE_OF_SERVICE', 'INVALID_UNITS', 'INVALID_AMOUNT']);
  for (const error of result.MANY.validation_errors) expect(Object.keys(error).sort()).toEqual(['code', 'field', 'message']);
  await db.owner.query("update billing.charge set procedure_code = '99214', modifiers = '{}', place_of_service = '11', units = 1, amount = 80 where charge_number = 'MANY'");
  const [again] = await asTenant<ValidatedCharge>(db, tenantId, 'claims.write', "select * from billing.fn_validate_charges(array(select id from billing.charge where charge_number = 'MANY'))");
  expect(again).toMatchObject({ status: 'VALIDATED', validation_errors: [] });
});

test('validation needs claims.write; bad input is 22023', async () => {
  const ids = await insertCharges(db, tenantId, [{ number: 'PERM' }]);
  await expect(asTenant(db, tenantId, 'claims.read', 'select * from billing.fn_validate_charges($1)', [[ids.PERM]])).rejects.toMatchObject({ code: '42501', message: 'permission denied: claims.write required' });
  await expect(asTenant(db, tenantId, 'claims.write', "select * from billing.fn_validate_charges('{}')")).rejects.toMatchObject({ code: '22023' });
  expect((await db.owner.query("select status from billing.charge where charge_number = 'PERM'")).rows[0].status).toBe('NEW');
});
