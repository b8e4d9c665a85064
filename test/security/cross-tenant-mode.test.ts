// Issue 13 item 14: cross-tenant mode of the functions that act for every tenant (the nightly
// claims steps) only by the owner's explicit core.act_for_every_tenant(), never by the role name
// the API logs in as: a differently named API login without a tenant gets nothing.
import pg from 'pg';
import { createTestDatabase, ownerSession, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { withCredentials } from '../../server/db/database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestTenant(db, 'demo');
  await seedTestTenant(db, 'other');
});
afterAll(async () => db.drop());

test('a login other than rcm_authenticator, without a tenant, gets no tenant\'s rows and no cross-tenant mode (issue 13 item 14)', async () => {
  // An operator pointed AUTH_DATABASE_URL at a differently named role: it must not act for every tenant.
  const role = `rcm_api_${Date.now()}`;
  await db.owner.query(`create role ${role} login password 'pw-for-test' noinherit`);
  await db.owner.query(`grant rcm_visitor to ${role}`);
  const api = new pg.Client({ connectionString: withCredentials(db.location.ownerUrl, role, 'pw-for-test') });
  await api.connect();
  try {
    await api.query('set role rcm_visitor');
    await expect(api.query('select billing.fn_check_timely_filing()')).rejects.toMatchObject({ code: '42501', message: 'no tenant in the request' });
    // Setting the flag by hand is not enough: the mode is for owner sessions only.
    await api.query("select set_config('rcm.act_for_every_tenant', 'on', false)");
    await expect(api.query('select billing.fn_check_timely_filing()')).rejects.toMatchObject({ code: '42501', message: 'no tenant in the request' });
  } finally {
    await api.end();
    await db.owner.query(`drop owned by ${role}; drop role ${role}`);
  }
});

test('the owner acts for every tenant only after core.act_for_every_tenant(), and act_as ends it', async () => {
  await ownerSession(db, async (client) => {
    await expect(client.query('select billing.fn_check_timely_filing()')).rejects.toMatchObject({ code: '42501' });
    expect((await client.query('select core.act_for_every_tenant() as said')).rows[0].said).toBe('acting for every tenant');
    const { rows } = await client.query('select billing.fn_check_timely_filing() as r');
    expect(rows[0].r).toEqual(expect.any(Object));
    await client.query("select core.act_as('demo', 'claims.read')");
    await expect(client.query('select billing.fn_check_timely_filing()')).rejects.toMatchObject({ code: '42501', message: 'permission denied: claims.write required' });
  });
});
