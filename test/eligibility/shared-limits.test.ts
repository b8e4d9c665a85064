// Three real worker processes (`npm run worker`) sweeping three tenants that reach the same payers
// through the same trading partner: the partner's own count of concurrent requests never passes
// the payer's max_in_flight, and a breaker one process opens stops the 270s of the others.
// Each process runs one job at a time (INGEST_QUEUE_CONCURRENCY=1), so runs started while another
// is running go to the other processes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { asTenantUser, membersByNumber, scenarioTenant, waitFor, waitForRun, type ScenarioMember } from './support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
const tenants: string[] = [];
const workers: ChildProcess[] = [];
const workerApp = `rcm-test-shared-limits-${process.pid}`;
/** The worker processes' data folder (their secrets file): removed after the test. */
const workerDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-test-shared-limits-'));
/**
 * The breaker's cool-off: long enough for the test to see it open and start two more runs on the
 * other processes before it ends, on a loaded machine too.
 */
const COOLOFF_MS = 4000;

const members = (prefix: string, payer: string, count: number, subscriberPrefix: string, day = 1): ScenarioMember[] =>
  Array.from({ length: count }, (_, i) => ({ number: `${prefix}${String(i).padStart(3, '0')}`, subscriberId: `${subscriberPrefix}${prefix}${String(i).padStart(6, '0')}`, payer, day }));

function startWorkerProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'server', 'cli', 'worker.ts')], {
      env: {
        ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.location.ownerUrl, RCM_DATA_DIR: workerDataDir, PGAPPNAME: workerApp,
        LOG_LEVEL: 'info', INGEST_QUEUE_CONCURRENCY: '1', ELIGIBILITY_LANE_FACTOR: '1', ELIGIBILITY_CACHE_HOURS: '0',
        ELIGIBILITY_RETRY_BASE_MS: '1000', ELIGIBILITY_MAX_ATTEMPTS: '2', ELIGIBILITY_BREAKER_FAILURES: '2', ELIGIBILITY_BREAKER_COOLOFF_MS: String(COOLOFF_MS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"msg":"worker started"')) resolve(proc);
    });
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 200 });
  for (const slug of ['shared-a', 'shared-b', 'shared-c']) {
    // AETNA: 12 healthy members. MCR: 3 healthy members (visits in 2 days); the first tenant also has
    // 2 members the payer fails (visits tomorrow, so its run sends them first: two failures in a row).
    const tenantId = await scenarioTenant(db, slug, sandbox.url, [
      ...members('AE', 'AETNA', 12, 'ACT'), ...(slug === 'shared-a' ? members('MF', 'MCR', 2, 'ERR500') : []), ...members('MH', 'MCR', 3, 'ACT', 2)]);
    await db.owner.query("update core.payer set max_in_flight = 3 where tenant_id = $1 and code = 'AETNA'", [tenantId]);
    await db.owner.query("update core.payer set max_in_flight = 2 where tenant_id = $1 and code = 'MCR'", [tenantId]);
    tenants.push(tenantId);
  }
  for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess());
}, 60_000);
afterAll(async () => {
  for (const worker of workers) {
    worker.removeAllListeners('exit');
    worker.kill('SIGTERM');
  }
  await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode !== null ? resolve(null) : worker.once('exit', resolve)))));
  await sandbox?.close();
  await db?.drop();
  fs.rmSync(workerDataDir, { recursive: true, force: true });
});

async function sweep(tenantId: string, payerCode: string): Promise<string> {
  const payer = (await db.owner.query('select id from core.payer where tenant_id = $1 and code = $2', [tenantId, payerCode])).rows[0].id;
  return asTenantUser(db, tenantId, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, $1) as id', [[payer]])).rows[0].id);
}

async function sweepAll(payerCode: string): Promise<string[]> {
  const runs: string[] = [];
  for (const tenantId of tenants) runs.push(await sweep(tenantId, payerCode));
  return runs;
}

/** Adds the worker process running each of these runs' jobs right now (graphile-worker's locked_by). */
async function notePlaces(runIds: string[], places: Map<string, string>): Promise<void> {
  const { rows } = await db.owner.query("select key, locked_by from graphile_worker.jobs where key = any($1) and locked_by is not null", [runIds.map((id) => `sweep-run:${id}`)]);
  for (const row of rows) places.set(row.key.slice('sweep-run:'.length), row.locked_by);
}

/** The worker processes running sweep jobs right now. */
async function busyWorkers(): Promise<number> {
  return Number((await db.owner.query("select count(distinct locked_by) as n from graphile_worker.jobs where task_identifier = 'eligibility/run-sweep' and locked_by is not null")).rows[0].n);
}

test('three processes sweeping three tenants never send the payer more than its max_in_flight at once', async () => {
  const runs = await sweepAll('AETNA');
  let mostBusy = 0;
  await waitFor(async () => {
    mostBusy = Math.max(mostBusy, await busyWorkers());
    const done = await db.owner.query("select count(*)::int as n from eligibility.eligibility_sweep_run where id = any($1) and status = 'COMPLETED'", [runs]);
    return done.rows[0].n === 3;
  }, 60_000, 'the three runs to complete');
  expect(mostBusy).toBe(3); // each run on its own process, at the same time
  // Each tenant alone would send 3 at once, 9 together; the partner saw 3 at most.
  expect(sandbox.stats().maxInFlightByPayer['60054']).toBe(3);
  for (const runId of runs) expect(await waitForRun(db, runId)).toMatchObject({ status: 'COMPLETED', received_count: 12 });
});

test('a breaker one process opens stops the 270s the other processes send to that payer', async () => {
  // The first tenant's run opens the breaker on its own: its two failing members go first, together.
  // The other two tenants' runs start once it is open. (Started together, the three runs race: the
  // slot the first failure frees may go to any run's first 270 before the second failure opens the
  // breaker, and then no run is left to show the others stopped.)
  const opener = await sweep(tenants[0], 'MCR');
  const places = new Map<string, string>();
  let breaker: { opened_at: Date; open_until: Date; shown: number } | undefined;
  await waitFor(async () => {
    // The gateway and what each tenant's operators read, in one snapshot.
    breaker = (await db.owner.query(
      `select g.opened_at, g.open_until, (select count(distinct b.tenant_id)::int from eligibility.payer_circuit_breaker b
         where b.tenant_id = any($1) and b.state = 'OPEN' and b.opened_at = g.opened_at) as shown
       from payer_gate.gateway g where g.state = 'OPEN'`, [tenants])).rows[0];
    return breaker !== undefined;
  }, 30_000, 'the breaker to open');
  await notePlaces([opener], places);
  const others = [await sweep(tenants[1], 'MCR'), await sweep(tenants[2], 'MCR')];
  await waitFor(async () => {
    await notePlaces(others, places);
    return others.every((runId) => places.has(runId));
  }, 30_000, "the other tenants' runs to be taken by a worker");
  for (const runId of [opener, ...others]) expect(await waitForRun(db, runId, ['COMPLETED', 'CANCELLED', 'FAILED'], 60_000)).toMatchObject({ status: 'COMPLETED' });

  // Every tenant's operators saw it open, and the three runs ran on three processes.
  expect(breaker!.shown).toBe(3);
  expect(new Set([opener, ...others].map((runId) => places.get(runId))).size).toBe(3);
  const runs = (await db.owner.query(
    `select r.id, r.started_at, (select min(i.sent_at) from eligibility.eligibility_inquiry i where i.sweep_run_id = r.id) as first_sent,
            (select count(*)::int from eligibility.eligibility_inquiry i where i.sweep_run_id = r.id and i.sent_at > $2 and i.sent_at < $3) as sent_while_open
     from eligibility.eligibility_sweep_run r where r.id = any($1)`, [[opener, ...others], breaker!.opened_at, breaker!.open_until])).rows;
  for (const run of runs.filter((r) => others.includes(r.id))) {
    // Its process had the run going while the breaker was open, and sent nothing until it closed.
    expect(run.started_at.getTime()).toBeLessThan(breaker!.open_until.getTime());
    expect(run.first_sent.getTime()).toBeGreaterThanOrEqual(breaker!.open_until.getTime());
  }
  // The opener's own process: only a 270 that took its slot before the breaker opened may be stamped
  // after (the failure that opened it held the other of the payer's 2 slots).
  expect(runs.find((r) => r.id === opener).sent_while_open).toBeLessThanOrEqual(1);
  expect(sandbox.stats().maxInFlightByPayer.CMS).toBeLessThanOrEqual(2);
  for (const runId of [opener, ...others]) {
    const byNumber = Object.entries(await membersByNumber(db, runId));
    expect(byNumber.filter(([n]) => n.startsWith('MH')).map(([, m]) => m.status)).toEqual(['RECEIVED', 'RECEIVED', 'RECEIVED']);
  }
  const failing = Object.entries(await membersByNumber(db, opener)).filter(([n]) => n.startsWith('MF')).map(([, m]) => m);
  expect(failing).toHaveLength(2);
  expect(failing.every((m) => m.status === 'FAILED' && /^HTTP 500/.test(m.failure_reason ?? ''))).toBe(true);
});
