// The worker's pool waits for a database that is not taking connections (a Postgres restart)
// instead of failing: graphile-worker then records a job's outcome once Postgres is back, where
// before a refused connect crashed the worker process (found by npm run bench -- faults). Here the
// database "comes back" when a TCP relay to the test database starts listening on the pool's port.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { ReconnectingPool } from '../../server/db/reconnecting-pool.ts';
import { freePort } from '../support/free-port.ts';
import { relayTo, type Relay } from '../support/tcp-relay.ts';

let db: TestDatabase;
let relay: Relay | undefined;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => {
  relay?.server.close();
  await db.drop();
});

test('connect() while nothing listens waits, and answers once the database takes connections again', async () => {
  const target = new URL(db.location.ownerUrl);
  const port = await freePort();
  const url = Object.assign(new URL(db.location.ownerUrl), { hostname: '127.0.0.1', port: String(port) }).toString();
  const pool = new ReconnectingPool({ connectionString: url, max: 1, waitForDatabaseMs: 20_000 });
  const waits: number[] = [];
  pool.onReconnect = (ms) => waits.push(ms);
  try {
    const started = Date.now();
    const answer = pool.query('select 42 as n');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    relay = await relayTo(target, port);
    expect((await answer).rows[0].n).toBe(42);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(waits).toHaveLength(1);
  } finally {
    await pool.end();
  }
});

test('it gives up after waitForDatabaseMs, and at once on an error that is not about the connection', async () => {
  const port = await freePort();
  const down = new ReconnectingPool({ connectionString: Object.assign(new URL(db.location.ownerUrl), { hostname: '127.0.0.1', port: String(port) }).toString(), max: 1, waitForDatabaseMs: 800 });
  const started = Date.now();
  await expect(down.query('select 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  expect(Date.now() - started).toBeLessThan(3000);
  await down.end();
  const wrongPassword = new ReconnectingPool({ connectionString: Object.assign(new URL(db.location.ownerUrl), { password: 'wrong' }).toString(), max: 1, waitForDatabaseMs: 20_000 });
  const t0 = Date.now();
  await expect(wrongPassword.query('select 1')).rejects.toMatchObject({ code: '28P01' });
  expect(Date.now() - t0).toBeLessThan(3000);
  await wrongPassword.end();
});
