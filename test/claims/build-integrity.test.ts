// What replaces the per-row foreign keys of claim lines (their claim, their charge) and claim
// history rows (their claim), migration 55-claim-build-throughput: one check per statement that
// each names a claim, and a charge, of its tenant; parents that cannot go away under them (a
// deleted claim takes its lines and history, a charge on a line is never deleted nor re-keyed).
// Written as the owner (psql), the only role that can write these tables besides the functions.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { asTenant, baseTenant, insertCharges } from './fixtures.ts';

let db: TestDatabase;
let tenant: string;
let other: string;
let claimId: string;
let chargeIds: string[];
let otherCharge: string;
const unknown = '00000000-0000-4000-8000-000000000000';

async function builtClaim(tenantId: string, numbers: string[]): Promise<{ claimId: string; chargeIds: string[] }> {
  const ids = Object.values(await insertCharges(db, tenantId, numbers.map((number) => ({ number }))));
  await asTenant(db, tenantId, 'claims.write', 'select * from billing.fn_validate_charges($1)', [ids]);
  const outcome = await asTenant<{ claim_id: string }>(db, tenantId, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [ids]);
  return { claimId: outcome[0].claim_id, chargeIds: ids };
}

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'build-integrity');
  other = await baseTenant(db, 'build-integrity-other');
  ({ claimId, chargeIds } = await builtClaim(tenant, ['INT-1', 'INT-2']));
  otherCharge = (await insertCharges(db, other, [{ number: 'INT-OTHER', status: 'VALIDATED' }]))['INT-OTHER'];
});
afterAll(async () => db.drop());

const count = async (sql: string, params: unknown[]) => (await db.owner.query(`select count(*)::int as n from ${sql}`, params)).rows[0].n as number;
const addLine = (tenantId: string, claim: string, charge: string, lineNumber = 9) =>
  db.owner.query(
    `insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, units, amount, service_date, place_of_service)
     values ($1, $2, $3, $4, '99213', 1, 10, current_date - 5, '11')`, [tenantId, claim, lineNumber, charge]);
const addHistory = (tenantId: string, claim: string) =>
  db.owner.query("insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status) values ($1, $2, 'BUILT', 'BUILT')", [tenantId, claim]);

test('the built claim has its lines, each naming a charge of the claim\'s tenant, and its BUILT history row', async () => {
  const { rows } = await db.owner.query(
    `select (select count(*)::int from billing.claim_line l join billing.charge c on c.tenant_id = l.tenant_id and c.id = l.charge_id
             where l.tenant_id = k.tenant_id and l.claim_id = k.id) as lines,
            (select count(*)::int from billing.claim_status_history h where h.tenant_id = k.tenant_id and h.claim_id = k.id and h.to_status = 'BUILT') as history
     from billing.claim k where k.id = $1`, [claimId]);
  expect(rows[0]).toEqual({ lines: 2, history: 1 });
});

test('a line naming no claim, no charge, or another tenant\'s claim or charge is refused (23503), nothing written', async () => {
  const lines = () => count('billing.claim_line', []);
  const before = await lines();
  const free = (await insertCharges(db, tenant, [{ number: 'INT-FREE' }]))['INT-FREE'];
  await expect(addLine(tenant, unknown, free)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_line 9 names claim_id ${unknown}`) });
  await expect(addLine(tenant, claimId, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names charge_id ${unknown}, which is not a charge of tenant ${tenant}`) });
  await expect(addLine(tenant, claimId, otherCharge)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names charge_id ${otherCharge}`) });
  await expect(addLine(other, claimId, otherCharge)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${claimId}, which is not a claim of tenant ${other}`) });
  await expect(db.owner.query('update billing.claim_line set charge_id = $1 where claim_id = $2 and line_number = 1', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update billing.claim_line set claim_id = $1 where claim_id = $2', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  expect(await lines()).toBe(before);
  // A line naming the claim and a charge of its tenant is accepted.
  await addLine(tenant, claimId, free);
  expect(await lines()).toBe(before + 1);
  await db.owner.query('delete from billing.claim_line where claim_id = $1 and line_number = 9', [claimId]);
});

test('a history row naming no claim or another tenant\'s claim is refused (23503), nothing written', async () => {
  const before = await count('billing.claim_status_history where claim_id = $1', [claimId]);
  await expect(addHistory(tenant, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_status_history names claim_id ${unknown}`) });
  await expect(addHistory(other, claimId)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`which is not a claim of tenant ${other}`) });
  await expect(db.owner.query('update billing.claim_status_history set claim_id = $1 where claim_id = $2', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  expect(await count('billing.claim_status_history where claim_id = $1', [claimId])).toBe(before);
  await addHistory(tenant, claimId);
  expect(await count('billing.claim_status_history where claim_id = $1', [claimId])).toBe(before + 1);
});

test('a charge on a claim line is never deleted, re-keyed or truncated away (23503); a charge on no line still can be deleted', async () => {
  await expect(db.owner.query('delete from billing.charge where id = $1', [chargeIds[0]])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`charge ${chargeIds[0]} is on a claim line`) });
  await expect(db.owner.query('update billing.charge set id = gen_random_uuid() where id = $1', [chargeIds[1]])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate billing.charge cascade')).rejects.toMatchObject({ code: '23503' });
  expect(await count('billing.charge where id = any($1)', [chargeIds])).toBe(2);
  const spare = (await insertCharges(db, tenant, [{ number: 'INT-SPARE' }]))['INT-SPARE'];
  await db.owner.query('delete from billing.charge where id = $1', [spare]);
  expect(await count('billing.charge where id = $1', [spare])).toBe(0);
});

test('a claim is never re-keyed nor truncated away from its lines and history; deleting it takes them with it', async () => {
  await expect(db.owner.query('update billing.claim set id = gen_random_uuid() where id = $1', [claimId])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim ${claimId} has lines and a status history`) });
  await expect(db.owner.query('truncate billing.claim cascade')).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('truncate them at once') });
  expect(await count('billing.claim where id = $1', [claimId])).toBe(1);
  const spare = await builtClaim(tenant, ['INT-GONE-1', 'INT-GONE-2']);
  await db.owner.query('delete from billing.claim where id = $1', [spare.claimId]);
  expect(await count('billing.claim_line where claim_id = $1', [spare.claimId])).toBe(0);
  expect(await count('billing.claim_status_history where claim_id = $1', [spare.claimId])).toBe(0);
  expect(await count('billing.claim_line where claim_id = $1', [claimId])).toBe(2);
});

test('a charge\'s updated_at moves on every update: set by the build itself, by the row trigger otherwise', async () => {
  const ids = Object.values(await insertCharges(db, tenant, [{ number: 'INT-TIME' }]));
  const stamp = async () => (await db.owner.query<{ t: string }>('select updated_at::text as t from billing.charge where id = $1', [ids[0]])).rows[0].t;
  const inserted = await stamp();
  await asTenant(db, tenant, 'claims.write', 'select * from billing.fn_validate_charges($1)', [ids]);
  const validated = await stamp();
  expect(validated > inserted).toBe(true);
  await asTenant(db, tenant, 'claims.write', 'select * from billing.fn_build_claims($1)', [ids]);
  const billed = await stamp();
  expect(billed > validated).toBe(true);
  await db.owner.query("update billing.charge set place_of_service = '11' where id = $1", [ids[0]]);
  expect(await stamp() > billed).toBe(true);
});
