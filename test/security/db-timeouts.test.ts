// Issue 13 item 4: every API request runs with a statement timeout and an idle-in-transaction
// timeout (set per request: requests run as rcm_visitor through SET ROLE, so a role setting would
// not apply), and the API pool gives up waiting for a connection. The test service runs with short
// limits; a table held locked by the owner stands in for a slow statement. The service runs in a
// process of its own (its /healthz time is the server's), except for the pool test, which takes
// every connection of the service's pool itself.
import type { PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { startTestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { timed, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let token: string;
const SHORT_LIMITS = { API_STATEMENT_TIMEOUT_MS: '300', API_POOL_CONNECT_TIMEOUT_MS: '300' };

beforeAll(async () => {
  db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, 'timeouts');
  service = await startServiceProcess(db, { env: SHORT_LIMITS });
  token = await service.token(tenantId);
  await service.graphql(token, '{ __typename }'); // the first request's cold code paths are not measured
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

async function whileLocked<T>(table: string, work: () => Promise<T>): Promise<T> {
  const owner = await db.owner.connect();
  try {
    await owner.query('begin');
    await owner.query(`lock table ${table} in access exclusive mode`);
    return await work();
  } finally {
    await owner.query('rollback');
    owner.release();
  }
}

describe('database time limits of API requests', () => {
  it('cancels a REST statement that runs past API_STATEMENT_TIMEOUT_MS with 503 statement_timeout', async () => {
    const run = await whileLocked('core.facility', () => withHealthProbe(service, () => service.rest('GET', '/facilities', { token })));
    expect(run.value.status).toBe(503);
    expect(run.value.body.error.code).toBe('statement_timeout');
    expect(run.ms).toBeGreaterThanOrEqual(250);
    expect(run.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect((await service.rest('GET', '/facilities', { token })).status).toBe(200);
  });

  it('cancels a GraphQL statement that runs past the timeout with SQLSTATE 57014', async () => {
    const run = await whileLocked('member.member', () => timed(() => service.graphql(token, '{ members(first: 10) { nodes { rowId } } }')));
    expect(run.value.errors?.[0]?.extensions?.code).toBe('57014');
    expect(run.value.errors?.[0]?.message).toMatch(/statement timeout/);
    expect(run.ms).toBeLessThan(1000);
    const after = await service.graphql(token, '{ members(first: 10) { nodes { rowId } } }');
    expect(after.errors).toBeUndefined();
  });

  it('answers 503 database_busy when no API connection frees up within API_POOL_CONNECT_TIMEOUT_MS', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, SHORT_LIMITS, { API_POOL_MAX: '4' });
    const inProcess = await startTestService(db).finally(() => { process.env = saved; });
    const held: PoolClient[] = [];
    try {
      // Opening a connection can itself take longer than the 300 ms limit on a loaded machine: try again.
      for (let attempt = 0; held.length < inProcess.apiPool.options.max && attempt < 50; attempt++) {
        const client = await inProcess.apiPool.connect().catch(() => null);
        if (client) held.push(client);
      }
      expect(held).toHaveLength(4);
      const run = await timed(() => inProcess.rest('GET', '/me', { token }));
      expect(run.value.status).toBe(503);
      expect(run.value.body.error.code).toBe('database_busy');
      expect(run.ms).toBeLessThan(1000);
      for (const client of held.splice(0)) client.release();
      expect((await inProcess.rest('GET', '/me', { token })).status).toBe(200);
    } finally {
      for (const client of held) client.release();
      await inProcess.stop();
    }
  });
});
