// graphql/schema.graphql is the live schema; regenerate with `npm run schema:export`.
import fs from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { printApiSchema } from '../../server/graphql/export-schema.ts';
import { repoRoot } from '../../server/config.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

test('graphql/schema.graphql matches the live schema (run `npm run schema:export` when this fails)', async () => {
  const live = await printApiSchema(db.location.authUrl);
  const file = fs.readFileSync(path.join(repoRoot, 'graphql', 'schema.graphql'), 'utf8');
  expect(file).toBe(live);
});

test('no GraphQL name or lookup asks for the tenant: the token fixes it', async () => {
  const { buildSchema, isObjectType } = await import('graphql');
  const schema = buildSchema(fs.readFileSync(path.join(repoRoot, 'graphql', 'schema.graphql'), 'utf8'));
  const offending: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (/ByTenantId|TenantIdAnd/.test(field.name)) offending.push(`${type.name}.${field.name}`);
      if (field.args.some((arg) => arg.name === 'tenantId')) offending.push(`${type.name}.${field.name}(tenantId:)`);
    }
  }
  expect(offending).toEqual([]);
  const query = schema.getQueryType()!.getFields();
  expect(query.member.args.map((a) => a.name)).toEqual(['rowId']);
  expect(query.payerByCode.args.map((a) => a.name)).toEqual(['code']);
  const member = schema.getType('Member');
  expect(member && isObjectType(member) ? Object.keys(member.getFields()) : []).toEqual(expect.arrayContaining(['coveragePolicies', 'claims', 'serviceEvents']));
});
