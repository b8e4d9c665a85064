// A job whose database goes away under it (a Postgres restart: every connection cut, new ones
// refused for a moment) is failed once the database is back, and retried: the worker process
// lives on. Before, graphile-worker wrote the failure at once on an idle pooled connection that
// the cut had already killed, did not retry it, and the rejected promise crashed the worker
// process with the job locked for graphile-worker's 4-hour timeout (the faults bench's Postgres
// restart during a nightly claims build). The database here is reached through a TCP relay that
// the test cuts and starts again.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/free-port.ts';
import { relayTo, type Relay } from '../support/tcp-relay.ts';

let db: TestDatabase;
let relay: Relay | undefined;
let worker: ChildProcess | undefined;
beforeAll(async () => { db = await createTestDatabase(); });
// The drop waits for the backends the cut left behind (one still in pg_sleep(30)) and forces them out
// after 5 s; under a full parallel run this hook once ran past the 60 s default.
afterAll(async () => {
  worker?.kill('SIGKILL');
  relay?.server.close();
  for (const pair of relay?.pairs ?? []) {
    pair.socket.destroy();
    pair.upstream.destroy();
  }
  await db.drop();
}, 120_000);

/**
 * What a Postgres restart does to the worker: new connections refused, the busy backend's
 * connection dropped, and the idle ones dropped too (a statement sent on them in that moment is
 * never answered). `busyPort`: the busy backend's client_port, the relay's end of that connection.
 */
async function cut(r: Relay, busyPort: number): Promise<void> {
  const closed = new Promise<void>((resolve) => r.server.close(() => resolve()));
  for (const pair of r.pairs) {
    pair.socket.unpipe(pair.upstream);
    pair.upstream.unpipe(pair.socket);
  }
  for (const pair of r.pairs) if (pair.upstream.localPort === busyPort) pair.socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const pair of r.pairs) {
    pair.socket.destroy();
    pair.upstream.destroy();
  }
  await closed;
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a job cut off by a database restart is failed once the database is back and runs again; the worker lives on', async () => {
  const target = new URL(db.location.ownerUrl);
  const port = await freePort();
  relay = await relayTo(target, port);
  const url = Object.assign(new URL(db.location.ownerUrl), { hostname: '127.0.0.1', port: String(port) }).toString();
  worker = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures', 'restart-worker-process.ts'), url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  worker.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  worker.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  expect(await until(async () => (output.includes('worker ready') ? true : undefined), 30_000)).toBe(true);

  const { rows } = await db.owner.query(`select (graphile_worker.add_job('test/hold', '{}', max_attempts => 5)).id::text as id`);
  const jobId = rows[0].id as string;
  // The job holds its statement...
  const busyPort = await until(async () => (await db.owner.query(`select client_port from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'`)).rows[0]?.client_port as number | undefined, 15_000);
  expect(busyPort).toBeDefined();
  // ...when the database goes away for a second.
  await cut(relay, busyPort!);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  relay = await relayTo(target, port);

  // The failure is written once the database is back (attempt 1 recorded, the job unlocked), and the retry succeeds.
  const done = await until(async () => ((await db.owner.query('select 1 from graphile_worker.jobs where id = $1::bigint', [jobId])).rowCount === 0 ? true : undefined), 20_000);
  const left = (await db.owner.query('select attempts, locked_by, last_error from graphile_worker.jobs where id = $1::bigint', [jobId])).rows[0];
  expect({ done, left, exited: worker.exitCode }).toEqual({ done: true, left: undefined, exited: null });
}, 60_000);
