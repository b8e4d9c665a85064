import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await seedTestTenant(db, 'alpha');
});
afterAll(async () => db.drop());

async function asUser(permissions: string, sql: string): Promise<unknown> {
  const client = await db.owner.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', $2, true)", [tenantId, permissions]);
    return (await client.query(sql)).rows;
  } finally {
    await client.query('rollback');
    client.release();
  }
}

test('assert_permission raises 42501 naming the missing permission', async () => {
  await expect(asUser('claims.read', "select core.assert_permission('claims.write')")).rejects.toMatchObject({ code: '42501', message: 'permission denied: claims.write required' });
});

test('admin holds every permission', async () => {
  await expect(asUser('admin', "select core.assert_permission('eligibility.update')")).resolves.toBeDefined();
});

test('charges need claims.read or claims.write to be seen', async () => {
  await db.owner.query(
    `insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, units, amount, service_date)
     select $1, 'C1', (select id from member.member where tenant_id = $1 limit 1), (select id from core.facility where tenant_id = $1 limit 1), '99213', 1, 100, current_date`,
    [tenantId],
  );
  expect(await asUser('eligibility.read', 'select charge_number from billing.charge')).toEqual([]);
  expect(await asUser('claims.read', "select charge_number from billing.charge where charge_number = 'C1'")).toEqual([{ charge_number: 'C1' }]);
  expect(await asUser('claims.write', "select charge_number from billing.charge where charge_number = 'C1'")).toEqual([{ charge_number: 'C1' }]);
});
