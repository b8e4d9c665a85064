// Issue 13 item 3: one GraphQL request cannot ask for unbounded work. Deep nesting, many aliases,
// a first/last above the maximum page size and an oversize request are refused before any SQL
// runs; a page size given by a variable is capped, a connection without one gets the maximum; introspection is off when configured off (the
// production default).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { post, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, 'gqllimits');
  await db.owner.query(
    `insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth)
     select $1, 'M' || n, 'Pat', 'Doe' || n, date '1980-01-01' from generate_series(1, 5200) n`,
    [tenantId],
  );
  service = await startServiceProcess(db, { env: { GRAPHQL_INTROSPECTION: 'false' } });
  token = await service.token(tenantId);
  await service.graphql(token, '{ __typename }'); // the schema is built on the first request
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

async function ask(query: string, variables?: Record<string, unknown>) {
  return withHealthProbe(service, () =>
    post(`${service.url}/graphql`, JSON.stringify({ query, variables }), {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
    }));
}

function messages(body: { errors?: { message: string }[] }): string {
  return (body.errors ?? []).map((e) => e.message).join('\n');
}

describe('GraphQL request limits', () => {
  it('refuses the members -> tenant -> members query of the issue with 400 naming the row limit', async () => {
    const run = await ask('{ members(first: 400) { nodes { tenant { members(first: 3000) { nodes { firstName lastName dateOfBirth } } } } } }');
    expect(run.value.status).toBe(400);
    expect(messages(run.value.body)).toMatch(/nested connections ask for up to 1200000 rows, above the limit of 100000/);
    expect(run.value.body.data).toBeUndefined();
    expect(run.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
  });

  it('refuses a literal first above GRAPHQL_MAX_PAGE_SIZE with 400', async () => {
    const run = await ask('{ members(first: 100000) { nodes { rowId } } }');
    expect(run.value.status).toBe(400);
    expect(messages(run.value.body)).toMatch(/first: 100000 is above the maximum page size of 5000/);
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses nesting deeper than GRAPHQL_MAX_DEPTH with 400', async () => {
    const run = await ask('{ members(first: 1) { nodes { tenant { members(first: 1) { nodes { tenant { members(first: 1) { nodes { tenant { members(first: 1) { nodes { rowId } } } } } } } } } } } }');
    expect(run.value.status).toBe(400);
    expect(messages(run.value.body)).toMatch(/depth limit/i);
    expect(run.ms).toBeLessThan(1000);
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES with 400', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: members(first: 10) { totalCount }`).join(' ');
    const run = await ask(`{ ${aliases} }`);
    expect(run.value.status).toBe(400);
    expect(messages(run.value.body)).toMatch(/aliases limit/i);
    expect(run.ms).toBeLessThan(1000);
  });

  it('caps first given by a variable at the maximum page size', async () => {
    const run = await ask('query Page($n: Int!) { members(first: $n) { totalCount nodes { rowId } } }', { n: 100000 });
    expect(run.value.status).toBe(200);
    expect(run.value.body.data.members.totalCount).toBeGreaterThanOrEqual(5200);
    expect(run.value.body.data.members.nodes).toHaveLength(5000);
    expect(run.ms).toBeLessThan(1000);
  });

  it('gives a connection asked for without first the maximum page size, not the whole table', async () => {
    const run = await ask('{ members { totalCount nodes { rowId } } }');
    expect(run.value.status).toBe(200);
    expect(run.value.body.data.members.totalCount).toBeGreaterThanOrEqual(5200);
    expect(run.value.body.data.members.nodes).toHaveLength(5000);
    // The same document again: the rewritten one is reused (grafast's plan cache keys on it).
    const again = await ask('{ members { totalCount nodes { rowId } } }');
    expect(again.value.body.data.members.nodes).toHaveLength(5000);
  });

  it('refuses a request body over GRAPHQL_MAX_REQUEST_BYTES', async () => {
    const run = await ask(`{ members(first: 1) { nodes { rowId } } } # ${'x'.repeat(200_000)}`);
    expect(run.value.status).toBe(413);
    expect(run.ms).toBeLessThan(1000);
  });

  it('answers no introspection when it is off', async () => {
    const run = await ask('{ __schema { types { name } } }');
    expect(run.value.status).toBe(400);
    expect(messages(run.value.body)).toMatch(/introspection/i);
  });
});
