// billing.fn_build_claims and billing.fn_record_claim_status, called as an API user in SQL.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { asTenant, asEveryTenant, baseTenant, insertCharges, activeMembers } from './fixtures.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await baseTenant(db, 'build');
});
afterAll(async () => db.drop());

interface Outcome {
  charge_id: string;
  claim_id: string | null;
  claim_total_amount: string | null;
  error_code: string | null;
  error_message: string | null;
}

async function validated(specs: Parameters<typeof insertCharges>[2]): Promise<Record<string, string>> {
  const ids = await insertCharges(db, tenantId, specs);
  await asTenant(db, tenantId, 'claims.write', 'select * from billing.fn_validate_charges($1)', [Object.values(ids)]);
  return ids;
}

const build = (ids: string[], permissions = 'claims.write') => asTenant<Outcome>(db, tenantId, permissions, 'select * from billing.fn_build_claims($1)', [ids]);

test('charges of one member, coverage, billing NPI, facility and event make one claim; a different facility makes another', async () => {
  const ids = await validated([
    { number: 'G1-A', amount: 100, daysAgo: 3 },
    { number: 'G1-B', amount: 50.25, daysAgo: 2, procedureCode: '36415' },
    { number: 'G1-C', amount: 20, daysAgo: 2, facility: 'LAB', procedureCode: '80053' },
  ]);
  const outcome = await build(Object.values(ids));
  expect(outcome.every((o) => o.error_code === null)).toBe(true);
  const byCharge = Object.fromEntries(outcome.map((o) => [o.charge_id, o]));
  expect(byCharge[ids['G1-A']].claim_id).toBe(byCharge[ids['G1-B']].claim_id);
  expect(byCharge[ids['G1-C']].claim_id).not.toBe(byCharge[ids['G1-A']].claim_id);
  expect(byCharge[ids['G1-A']].claim_total_amount).toBe('150.25');

  const { rows: claims } = await db.owner.query(
    `select c.id, c.status, c.line_count, c.total_amount, c.earliest_service_date = current_date - 3 as earliest_ok,
            c.timely_filing_deadline - c.earliest_service_date as window, p.timely_filing_days
     from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.id = $1`,
    [byCharge[ids['G1-A']].claim_id],
  );
  expect(claims[0]).toMatchObject({ status: 'BUILT', line_count: 2, total_amount: '150.25', earliest_ok: true });
  expect(claims[0].window).toBe(claims[0].timely_filing_days);
  const { rows: charges } = await db.owner.query('select distinct status from billing.charge where id = any($1)', [Object.values(ids)]);
  expect(charges).toEqual([{ status: 'BILLED' }]);
  const { rows: history } = await db.owner.query('select from_status, to_status from billing.claim_status_history where claim_id = $1 order by seq', [byCharge[ids['G1-A']].claim_id]);
  expect(history).toEqual([{ from_status: null, to_status: 'BUILT' }]);
});

test('the same charges again return the same claims and build nothing new', async () => {
  const ids = await validated([{ number: 'IDEM-A' }, { number: 'IDEM-B', facility: 'OPC' }]);
  const first = await build(Object.values(ids));
  const count = async () => Number((await db.owner.query('select count(*) from billing.claim where tenant_id = $1', [tenantId])).rows[0].count);
  const before = await count();
  const second = await build(Object.values(ids).reverse());
  expect(await count()).toBe(before);
  const pairs = (rows: Outcome[]) => rows.map((o) => `${o.charge_id}:${o.claim_id}`).sort();
  expect(pairs(second)).toEqual(pairs(first));
  // a charge billed together with another can't come back alone
  const partial = await build([ids['IDEM-A']]);
  expect(partial).toHaveLength(1);
  expect(partial[0].claim_id).not.toBeNull(); // IDEM-A's claim has only IDEM-A (different facilities)
});

test('a request mixing already-built charges with new ones answers every charge once and builds only the new claims', async () => {
  const ids = await validated([{ number: 'MIX-A', facility: 'OPC' }, { number: 'MIX-B', facility: 'LAB' }]);
  const first = await build([ids['MIX-A']]);
  const claimsBefore = Number((await db.owner.query('select count(*) from billing.claim where tenant_id = $1', [tenantId])).rows[0].count);
  const mixed = await build([ids['MIX-A'], ids['MIX-B'], ids['MIX-B']]);
  expect(mixed.map((o) => o.charge_id).sort()).toEqual([ids['MIX-A'], ids['MIX-B']].sort());
  expect(mixed.every((o) => o.error_code === null && o.claim_id !== null)).toBe(true);
  expect(mixed.find((o) => o.charge_id === ids['MIX-A'])?.claim_id).toBe(first[0].claim_id);
  const claimsAfter = Number((await db.owner.query('select count(*) from billing.claim where tenant_id = $1', [tenantId])).rows[0].count);
  expect(claimsAfter).toBe(claimsBefore + 1);
});

test('more than 50 lines for one claim key split into claims of at most 50 lines', async () => {
  const specs = Array.from({ length: 120 }, (_, i) => ({ number: `SPLIT-${String(i).padStart(3, '0')}`, amount: 10, daysAgo: 4 }));
  const ids = await validated(specs);
  const outcome = await build(Object.values(ids));
  const claims = [...new Set(outcome.map((o) => o.claim_id))];
  expect(claims).toHaveLength(3);
  const { rows } = await db.owner.query('select line_count, total_amount, (select max(line_number) from billing.claim_line l where l.claim_id = c.id) as max_line from billing.claim c where id = any($1) order by line_count desc', [claims]);
  expect(rows).toEqual([
    { line_count: 50, total_amount: '500.00', max_line: 50 },
    { line_count: 50, total_amount: '500.00', max_line: 50 },
    { line_count: 20, total_amount: '200.00', max_line: 20 },
  ]);
});

test('one failing charge among valid ones: every failing charge is named and nothing is built', async () => {
  const [member] = await activeMembers(db, tenantId);
  const ids = await validated([{ number: 'MIX-OK', member: member.member_number }, { number: 'MIX-BAD', procedureCode: 'XX' }]);
  const fresh = await insertCharges(db, tenantId, [{ number: 'MIX-NEW' }, { number: 'MIX-VOID', status: 'VOID' }]);
  const unknown = '00000000-0000-4000-8000-000000000001';
  const claimsBefore = (await db.owner.query('select count(*)::int as n from billing.claim')).rows[0].n;
  const outcome = await build([ids['MIX-OK'], ids['MIX-BAD'], fresh['MIX-NEW'], fresh['MIX-VOID'], unknown]);
  expect(outcome.map((o) => [o.charge_id, o.error_code]).sort()).toEqual(
    [[ids['MIX-BAD'], 'INVALID'], [fresh['MIX-NEW'], 'NOT_VALIDATED'], [fresh['MIX-VOID'], 'VOID'], [unknown, 'NOT_FOUND']].sort(),
  );
  expect(outcome.find((o) => o.error_code === 'NOT_VALIDATED')!.error_message).toBe('Charge MIX-NEW is NEW: not validated yet. Validate first (billing.fn_validate_charges, or wait for the nightly pass), then re-call.');
  expect(outcome.find((o) => o.error_code === 'INVALID')!.error_message).toContain('Procedure code "XX"');
  expect((await db.owner.query('select count(*)::int as n from billing.claim')).rows[0].n).toBe(claimsBefore);
  expect((await db.owner.query('select status from billing.charge where id = $1', [ids['MIX-OK']])).rows[0].status).toBe('VALIDATED');
});

test('a charge billed on a claim with other charges is ALREADY_BILLED when asked for alone', async () => {
  const ids = await validated([{ number: 'AB-1' }, { number: 'AB-2' }]);
  const [first] = await build(Object.values(ids));
  const outcome = await build([ids['AB-1']]);
  expect(outcome).toEqual([expect.objectContaining({ charge_id: ids['AB-1'], error_code: 'ALREADY_BILLED' })]);
  expect(outcome[0].error_message).toContain(first.claim_id!);
});

test('another tenant\'s charge is NOT_FOUND', async () => {
  const other = await baseTenant(db, 'build-other');
  const theirs = await insertCharges(db, other, [{ number: 'THEIRS' }]);
  await asTenant(db, other, 'claims.write', 'select * from billing.fn_validate_charges($1)', [[theirs.THEIRS]]);
  const outcome = await build([theirs.THEIRS]);
  expect(outcome).toEqual([expect.objectContaining({ error_code: 'NOT_FOUND' })]);
  expect((await db.owner.query('select status from billing.charge where id = $1', [theirs.THEIRS])).rows[0].status).toBe('VALIDATED');
});

test('a charge is on at most one claim line (unique index)', async () => {
  const ids = await validated([{ number: 'UNIQ' }]);
  const [outcome] = await build([ids.UNIQ]);
  await expect(db.owner.query(
    `insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, units, amount, service_date, place_of_service)
     select tenant_id, $1, 2, charge_id, procedure_code, units, amount, service_date, place_of_service from billing.claim_line where charge_id = $2`,
    [outcome.claim_id, ids.UNIQ],
  )).rejects.toMatchObject({ code: '23505', constraint: 'claim_line_one_per_charge' });
});

test('a claim\'s member and payer are its coverage\'s (one check over coverage, member and payer)', async () => {
  const ids = await validated([{ number: 'COV-FK' }]);
  const [outcome] = await build([ids['COV-FK']]);
  const otherPayer = (await db.owner.query(
    'select p.id from core.payer p join billing.claim c on c.tenant_id = p.tenant_id and c.payer_id <> p.id where c.id = $1 limit 1', [outcome.claim_id])).rows[0].id;
  await expect(db.owner.query('update billing.claim set payer_id = $2 where id = $1', [outcome.claim_id, otherPayer]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`payer_id ${otherPayer}, which is not a coverage policy of tenant`) });
});

test('building needs claims.write; empty input is 22023', async () => {
  const ids = await validated([{ number: 'PERM-B' }]);
  await expect(build([ids['PERM-B']], 'claims.read')).rejects.toMatchObject({ code: '42501' });
  await expect(build([])).rejects.toMatchObject({ code: '22023', message: 'chargeIds must be a non-empty array of charge ids' });
});

test('claim statuses follow the state machine and land in the history', async () => {
  const ids = await validated([{ number: 'SM-1', amount: 300 }]);
  const [{ claim_id: claimId }] = await build([ids['SM-1']]);
  const record = (status: string, extra = ', null, null, null') => asTenant(db, tenantId, 'claims.write', `select status, paid_amount from billing.fn_record_claim_status($1, $2${extra})`, [claimId, status]);
  await expect(record('PAID', ', 10, null, null')).rejects.toMatchObject({ code: '55000', message: expect.stringContaining('is BUILT; it cannot become PAID (legal next status: SUBMITTED)') });
  await record('SUBMITTED');
  await expect(record('REJECTED')).rejects.toMatchObject({ code: '22023', message: expect.stringContaining('reason is required') });
  await record('REJECTED', ", null, null, 'NM1*85 billing provider NPI missing'");
  await record('SUBMITTED');
  await record('ACCEPTED');
  await expect(record('DENIED', ", null, 'BOGUS', null")).rejects.toMatchObject({ code: '22023' });
  await expect(record('PAID')).rejects.toMatchObject({ code: '22023', message: expect.stringContaining('paidAmount') });
  const [paid] = await record('PAID', ', 240.50, null, null');
  expect(paid).toEqual({ status: 'PAID', paid_amount: '240.50' });
  await expect(record('DENIED', ", null, 'CODING', null")).rejects.toMatchObject({ code: '55000', message: expect.stringContaining('none, it is final') });
  const { rows } = await db.owner.query('select from_status, to_status from billing.claim_status_history where claim_id = $1 order by seq', [claimId]);
  expect(rows.map((r) => r.to_status).slice(1)).toEqual(['SUBMITTED', 'REJECTED', 'SUBMITTED', 'ACCEPTED', 'PAID']);
  expect(rows.slice(1).map((r) => r.from_status)).toEqual(['BUILT', 'SUBMITTED', 'REJECTED', 'SUBMITTED', 'ACCEPTED']);
  await expect(asTenant(db, tenantId, 'claims.write', "select billing.fn_record_claim_status('00000000-0000-4000-8000-000000000009', 'SUBMITTED')")).rejects.toMatchObject({ code: 'P0002' });
});

test('psql as the owner, after core.act_for_every_tenant(), builds claims (the manual\'s one-shot); without it, no tenant is no permission', async () => {
  const ids = await validated([{ number: 'PSQL-1' }]);
  await expect(db.owner.query('select * from billing.fn_build_claims($1)', [[ids['PSQL-1']]])).rejects.toMatchObject({ code: '42501' });
  const rows = await asEveryTenant(db, 'select * from billing.fn_build_claims($1)', [[ids['PSQL-1']]]);
  expect(rows).toEqual([expect.objectContaining({ charge_id: ids['PSQL-1'], error_code: null })]);
});
