// The data model's rules, read from the catalog: tenant_id leads every key, RLS is enabled and
// forced everywhere, the API role owns nothing and cannot bypass RLS.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { API_SCHEMAS } from '../../server/graphql/preset.ts';

let db: TestDatabase;
const TENANT_SCHEMAS = [...API_SCHEMAS, 'core_private'];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function tenantTables(): Promise<{ oid: number; name: string }[]> {
  const { rows } = await db.owner.query(
    `select c.oid, n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and (n.nspname = any($1) or n.nspname like '%\\_private') and c.relname <> 'tenant' and not c.relispartition`,
    [TENANT_SCHEMAS],
  );
  return rows;
}

test('every tenant table has tenant_id leading its primary key, unique keys and foreign keys', async () => {
  const tables = await tenantTables();
  expect(tables.length).toBeGreaterThan(5);
  const { rows } = await db.owner.query(
    `select conrelid::regclass::text as table_name, conname, contype, (select attname from pg_attribute where attrelid = conrelid and attnum = conkey[1]) as first_column
     from pg_constraint where contype in ('p', 'u', 'f') and conrelid = any($1::oid[])`,
    [tables.map((t) => t.oid)],
  );
  const broken = rows.filter((r) => r.first_column !== 'tenant_id' && !(r.contype === 'f' && r.conname.endsWith('tenant_id_fkey'))).map((r) => `${r.table_name}.${r.conname}`);
  expect(broken).toEqual([]);
  const withoutPk = tables.filter((t) => !rows.some((r) => r.contype === 'p' && r.table_name === t.name.replace(/^core\./, 'core.')));
  expect(withoutPk.map((t) => t.name)).toEqual([]);
});

test('row-level security is enabled and forced on every tenant table', async () => {
  const tables = await tenantTables();
  const { rows } = await db.owner.query('select oid::regclass::text as name from pg_class where oid = any($1::oid[]) and not (relrowsecurity and relforcerowsecurity)', [tables.map((t) => t.oid)]);
  expect(rows).toEqual([]);
});

test('the API role is not an owner, cannot bypass RLS and logs in without inheriting', async () => {
  const { rows } = await db.owner.query("select rolname, rolbypassrls, rolinherit, rolsuper from pg_roles where rolname in ('rcm_authenticator', 'rcm_visitor') order by rolname");
  expect(rows).toEqual([
    { rolname: 'rcm_authenticator', rolbypassrls: false, rolinherit: false, rolsuper: false },
    { rolname: 'rcm_visitor', rolbypassrls: false, rolinherit: true, rolsuper: false },
  ]);
  const owned = await db.owner.query("select count(*)::int as n from pg_class where relowner in (select oid from pg_roles where rolname in ('rcm_authenticator', 'rcm_visitor'))");
  expect(owned.rows[0].n).toBe(0);
});

test('no table, sequence or function is granted to PUBLIC in our schemas', async () => {
  const { rows } = await db.owner.query(
    `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = any($1) and has_function_privilege('public', p.oid, 'execute') and p.prokind = 'f'
       and p.proname not in ('tg__set_updated_at')`,
    [TENANT_SCHEMAS],
  );
  expect(rows).toEqual([]);
});

test('the high-volume tables issue time-ordered ids (uuidv7) on PostgreSQL 18, so inserts append to their primary-key index', async () => {
  const { rows: [{ version }] } = await db.owner.query<{ version: number }>("select current_setting('server_version_num')::int as version");
  const { rows } = await db.owner.query(
    `select c.oid::regclass::text as name, pg_get_expr(d.adbin, d.adrelid) as id_default
     from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'id' join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
     where c.oid = any($1::regclass[]) order by 1`,
    [['member.member', 'member.coverage_policy', 'service.service_event', 'billing.charge', 'billing.claim', 'eligibility.eligibility_inquiry']],
  );
  expect(rows).toHaveLength(6);
  expect(rows.map((r) => r.id_default)).toEqual(rows.map(() => (version >= 180000 ? 'uuidv7()' : 'gen_random_uuid()')));
});
