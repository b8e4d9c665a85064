// sql/functions/ is the source of every function it defines: re-applying the files to a
// migrated database changes nothing, and the database has no function of those files' names
// that the files do not define.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import pg from 'pg';
import fs from 'node:fs';
import { applyFunctions, listFunctionFiles } from '../../server/db/apply-functions.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const definitions = async () =>
  (await db.owner.query(
    `select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('core', 'core_private', 'member', 'service', 'billing', 'ingestion', 'eligibility', 'reporting', 'ops') or n.nspname like '%\\_private'
     order by 1`,
  )).rows as { name: string; def: string }[];

test('re-applying sql/functions leaves the database as it was', async () => {
  const before = await definitions();
  const client = new pg.Client({ connectionString: db.location.ownerUrl });
  await client.connect();
  try {
    await applyFunctions(client);
  } finally {
    await client.end();
  }
  expect(await definitions()).toEqual(before);
});

test('every function named in sql/functions exists in the database', async () => {
  const named = listFunctionFiles().flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/create\s+or\s+replace\s+function\s+([a-z_]+\.[a-z0-9_]+)\s*\(/gi)].map((m) => m[1].toLowerCase()),
  );
  expect(named.length).toBeGreaterThan(0);
  const inDb = new Set((await definitions()).map((d) => d.name.split('(')[0]));
  expect(named.filter((name) => !inDb.has(name))).toEqual([]);
});
