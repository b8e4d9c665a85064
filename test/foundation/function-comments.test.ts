// Every function the API exposes carries a `comment on function`: PostGraphile turns it into the
// GraphQL description integrators read in GraphiQL and the exported schema.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { API_SCHEMAS } from '../../server/graphql/preset.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

test('every function the API role can execute in an API schema has a comment', async () => {
  const { rows } = await db.owner.query(
    `select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any($1) and has_function_privilege('rcm_visitor', p.oid, 'execute')
        and p.prorettype <> 'trigger'::regtype and coalesce(obj_description(p.oid, 'pg_proc'), '') = ''
      order by 1`,
    [API_SCHEMAS],
  );
  expect(rows.map((r) => r.name)).toEqual([]);
});
