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
