// sql/functions/ is the source of every function it defines: re-applying the files to a
// migrated database changes nothing, the database's functions are the files' and the migrations'
// and no other, a function an earlier version of the files defined is dropped when the files no
// longer define it, and a broken file is reported by name.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import pg from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyFunctions, listFunctionFiles, orderFunctionFiles } from '../../server/db/apply-functions.ts';
import { repoRoot } from '../../server/config.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const definitions = async () =>
  (await db.owner.query(
    `select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('core', 'core_private', 'member', 'service', 'billing', 'ingestion', 'eligibility', 'reporting', 'ops', 'payer_gate') or n.nspname like '%\\_private'
     order by 1`,
  )).rows as { name: string; def: string }[];

async function apply(dir?: string): Promise<void> {
  const client = new pg.Client({ connectionString: db.location.ownerUrl });
  await client.connect();
  try {
    await applyFunctions(client, dir);
  } finally {
    await client.end();
  }
}

function namesCreatedIn(files: string[]): Set<string> {
  return new Set(files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/create\s+(?:or\s+replace\s+)?function\s+([a-z_]+\.[a-z0-9_]+)\s*\(/gi)].map((m) => m[1].toLowerCase()),
  ));
}

function migrationFiles(): string[] {
  return ['committed', 'current'].flatMap((folder) => {
    const dir = path.join(repoRoot, 'migrations', folder);
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => path.join(dir, f)) : [];
  });
}

test('re-applying sql/functions leaves the database as it was', async () => {
  const before = await definitions();
  await apply();
  expect(await definitions()).toEqual(before);
});

test("the database's functions are those of sql/functions and the migrations, and no other", async () => {
  const defined = new Set([...namesCreatedIn(listFunctionFiles()), ...namesCreatedIn(migrationFiles())]);
  const stray = (await definitions()).map((d) => d.name.split('(')[0]).filter((name) => !defined.has(name));
  expect(stray).toEqual([]);
});

test('a function that an earlier version of the files defined is dropped once no file defines it', async () => {
  // As if an earlier sql/functions had billing_private.fn_old_name(int) and a later one renamed it.
  await db.owner.query('create function billing_private.fn_old_name(n int) returns int language sql as $$ select n $$');
  await db.owner.query("insert into rcm_meta.sql_function (signature) values ('billing_private.fn_old_name(integer)')");
  await apply();
  const { rows } = await db.owner.query("select to_regprocedure('billing_private.fn_old_name(integer)') as fn");
  expect(rows[0].fn).toBeNull();
  // What the files define is still there, and remembered for the next apply.
  const remembered = await db.owner.query('select count(*)::int as n from rcm_meta.sql_function where to_regprocedure(signature) is not null');
  expect(remembered.rows[0].n).toBeGreaterThan(100);
});

test('a file whose body does not compile stops the apply with its name and line, and changes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-functions-'));
  try {
    fs.mkdirSync(path.join(dir, 'billing'));
    // a.sql calls a function of b.sql: fine in any order; c.sql reads a table that does not exist.
    fs.writeFileSync(path.join(dir, 'billing', 'a.sql'), 'create or replace function billing.fn_probe_a() returns int language sql as $$ select billing.fn_probe_b() $$;\n');
    fs.writeFileSync(path.join(dir, 'billing', 'b.sql'), 'create or replace function billing.fn_probe_b() returns int language sql as $$ select 1 $$;\n');
    fs.writeFileSync(path.join(dir, 'billing', 'c.sql'), '-- a probe\ncreate or replace function billing.fn_probe_c() returns int language sql as $$\n  select count(*)::int from billing.no_such_table $$;\n');
    const before = await definitions();
    await expect(apply(dir)).rejects.toThrow(/billing\/c\.sql:3: relation "billing\.no_such_table" does not exist/);
    expect(await definitions()).toEqual(before);
    // A view of another file's view, or calling another file's function, comes after that file whatever the names.
    fs.writeFileSync(path.join(dir, 'billing', 'v.sql'), 'create or replace view billing.probe_v as select * from billing.probe_w;\n');
    fs.writeFileSync(path.join(dir, 'billing', 'w.sql'), 'create or replace view billing.probe_w as select billing.fn_probe_x() as a;\n');
    fs.writeFileSync(path.join(dir, 'billing', 'x.sql'), 'create or replace function billing.fn_probe_x() returns int language sql as $$ select 1 $$;\n');
    const order = orderFunctionFiles(listFunctionFiles(dir)).map((f) => path.relative(dir, f));
    expect(order).toEqual(['billing/a.sql', 'billing/b.sql', 'billing/c.sql', 'billing/x.sql', 'billing/w.sql', 'billing/v.sql']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every function named in sql/functions exists in the database', async () => {
  const named = listFunctionFiles().flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/create\s+or\s+replace\s+function\s+([a-z_]+\.[a-z0-9_]+)\s*\(/gi)].map((m) => m[1].toLowerCase()),
  );
  expect(named.length).toBeGreaterThan(0);
  const inDb = new Set((await definitions()).map((d) => d.name.split('(')[0]));
  expect(named.filter((name) => !inDb.has(name))).toEqual([]);
});

test("no database comment uses PostGraphile 4's @omit, which PostGraphile 5 ignores (its @behavior hides)", async () => {
  const tagged = (await db.owner.query<{ object: string }>(
    `select coalesce(p.oid::regprocedure::text, c.oid::regclass::text, d.classoid::regclass::text || ' ' || d.objoid) as object
     from pg_description d left join pg_proc p on d.classoid = 'pg_proc'::regclass and p.oid = d.objoid
     left join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
     where d.description ~ '(^|\\n)@omit'`,
  )).rows.map((r) => r.object);
  expect(tagged).toEqual([]);
});
