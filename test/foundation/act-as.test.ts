// psql as a tenant in one call (core.act_as, npm run psql -- --tenant), only for the database
// owner. (Cross-tenant mode: test/security/cross-tenant-mode.test.ts.)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, ownerSession, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { repoRoot } from '../../server/config.ts';

const run = promisify(execFile);
let db: TestDatabase;
let demo: string;
let other: string;

beforeAll(async () => {
  db = await createTestDatabase();
  demo = await seedTestTenant(db, 'demo');
  other = await seedTestTenant(db, 'other');
});
afterAll(async () => db.drop());

test('select core.act_as(\'demo\') makes the session the demo tenant with every permission, until another act_as', async () => {
  await ownerSession(db, async (client) => {
    await expect(client.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null)')).rejects.toThrow(/no tenant|permission denied/);
    const { rows } = await client.query("select core.act_as('demo') as said");
    expect(rows[0].said).toBe('acting as tenant demo with admin');
    const seen = await client.query("select core.current_tenant_id() as tenant, core.current_permissions() as permissions, current_setting('jwt.claims.sub') as sub");
    expect(seen.rows[0]).toEqual({ tenant: demo, permissions: ['admin'], sub: expect.stringMatching(/^psql:/) });
    const run = await client.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id');
    const tenantOfRun = await client.query('select tenant_id from eligibility.eligibility_sweep_run where id = $1', [run.rows[0].id]);
    expect(tenantOfRun.rows[0].tenant_id).toBe(demo);
    await client.query("select core.act_as('other', 'eligibility.read')");
    const now = await client.query('select core.current_tenant_id() as tenant, core.current_permissions() as permissions');
    expect(now.rows[0]).toEqual({ tenant: other, permissions: ['eligibility.read'] });
  });
});

test('act_as refuses an unknown tenant or malformed permissions, and changes nothing', async () => {
  await ownerSession(db, async (client) => {
    await expect(client.query("select core.act_as('nobody')")).rejects.toMatchObject({ code: 'P0002', message: 'no tenant with slug nobody' });
    await expect(client.query("select core.act_as('demo', 'admin; drop table x')")).rejects.toMatchObject({ code: '22023' });
    const { rows } = await client.query('select core.current_tenant_id() as tenant');
    expect(rows[0].tenant).toBeNull();
  });
});

test('the API roles cannot execute core.act_as or core.act_for_every_tenant', async () => {
  const api = new pg.Client({ connectionString: db.location.authUrl });
  await api.connect();
  try {
    await expect(api.query("select core.act_as('demo')")).rejects.toMatchObject({ code: '42501' });
    await expect(api.query('select core.act_for_every_tenant()')).rejects.toMatchObject({ code: '42501' });
    await api.query('set role rcm_visitor');
    await expect(api.query("select core.act_as('demo')")).rejects.toMatchObject({ code: '42501' });
    await expect(api.query('select core.act_for_every_tenant()')).rejects.toMatchObject({ code: '42501' });
  } finally {
    await api.end();
  }
  const grants = await db.owner.query(
    "select r.rolname, has_function_privilege(r.oid, 'core.act_as(text, text)', 'execute') as act_as, has_function_privilege(r.oid, 'core.act_for_every_tenant()', 'execute') as every from pg_roles r where r.rolname in ('rcm_visitor', 'rcm_authenticator') order by 1",
  );
  expect(grants.rows).toEqual([{ rolname: 'rcm_authenticator', act_as: false, every: false }, { rolname: 'rcm_visitor', act_as: false, every: false }]);
});

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const env = () => ({ ...process.env, DATABASE_URL: db.location.ownerUrl, LOG_LEVEL: 'silent', NODE_OPTIONS: '' });

test('npm run psql -- --tenant demo [--permissions ...] acts as the tenant from the first statement', async () => {
  const { stdout } = await run(node, ['server/cli/psql.ts', '--tenant', 'demo', '--permissions', 'eligibility.read,eligibility.update', '-At', '-c', 'select core.current_tenant_id(), core.current_permissions()'], { cwd: repoRoot, env: env() });
  expect(stdout.trim()).toBe(`${demo}|{eligibility.read,eligibility.update}`);
  const all = await run(node, ['server/cli/psql.ts', '--tenant', 'other', '-At', '-c', 'select core.current_tenant_id(), core.current_permissions()'], { cwd: repoRoot, env: env() });
  expect(all.stdout.trim()).toBe(`${other}|{admin}`);
  await expect(run(node, ['server/cli/psql.ts', '--tenant', 'nobody', '-c', 'select 1'], { cwd: repoRoot, env: env() })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no tenant with slug nobody') });
});
