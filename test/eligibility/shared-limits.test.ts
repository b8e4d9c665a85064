// Three real worker processes (`npm run worker`) sweeping three tenants that reach the same payers
// through the same trading partner: the partner's own count of concurrent requests never passes
// the payer's max_in_flight, and a breaker one process opens stops the 270s of the others.
import { spawn, type ChildProcess } from 'node:child_process';
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

const members = (prefix: string, payer: string, count: number, subscriberPrefix: string, day = 1): ScenarioMember[] =>
  Array.from({ length: count }, (_, i) => ({ number: `${prefix}${String(i).padStart(3, '0')}`, subscriberId: `${subscriberPrefix}${prefix}${String(i).padStart(6, '0')}`, payer, day }));

function startWorkerProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'server', 'cli', 'worker.ts')], {
      env: {
        ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.location.ownerUrl, RCM_DATA_DIR: path.join(os.tmpdir(), workerApp), PGAPPNAME: workerApp,
        LOG_LEVEL: 'info', INGEST_QUEUE_CONCURRENCY: '1', ELIGIBILITY_LANE_FACTOR: '1', ELIGIBILITY_CACHE_HOURS: '0',
        ELIGIBILITY_RETRY_BASE_MS: '20', ELIGIBILITY_MAX_ATTEMPTS: '2', ELIGIBILITY_BREAKER_FAILURES: '2', ELIGIBILITY_BREAKER_COOLOFF_MS: '1500',
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
    // AETNA: 12 healthy members; MCR: 2 members the payer fails (visits tomorrow) and 3 healthy ones (in 2 days).
    const tenantId = await scenarioTenant(db, slug, sandbox.url, [
      ...members('AE', 'AETNA', 12, 'ACT'), ...members('MF', 'MCR', 2, 'ERR500'), ...members('MH', 'MCR', 3, 'ACT', 2)]);
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
});

async function sweepAll(payerCode: string): Promise<string[]> {
  const runs: string[] = [];
  for (const tenantId of tenants) {
    const payer = (await db.owner.query('select id from core.payer where tenant_id = $1 and code = $2', [tenantId, payerCode])).rows[0].id;
    runs.push(await asTenantUser(db, tenantId, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, $1) as id', [[payer]])).rows[0].id));
  }
  return runs;
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
  const runs = await sweepAll('MCR');
  let breaker: { opened_at: Date; open_until: Date } | undefined;
  await waitFor(async () => {
    breaker = (await db.owner.query("select opened_at, open_until from payer_gate.gateway where state = 'OPEN'")).rows[0];
    return breaker !== undefined;
  }, 30_000, 'the breaker to open');
  // Every tenant's operators see it open.
  const shown = await db.owner.query("select count(distinct tenant_id)::int as n from eligibility.payer_circuit_breaker where tenant_id = any($1) and state = 'OPEN'", [tenants]);
  expect(shown.rows[0].n).toBe(3);
  for (const runId of runs) expect(await waitForRun(db, runId, ['COMPLETED', 'CANCELLED', 'FAILED'], 60_000)).toMatchObject({ status: 'COMPLETED' });
  // Nothing went to the payer from any process while the breaker was open (a 270 admitted the
  // moment before it opened is stamped a few ms later: 200 ms of grace).
  const sentWhileOpen = await db.owner.query(
    `select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = any($1)
     and sent_at > $2::timestamptz + interval '200 milliseconds' and sent_at < $3`, [runs, breaker!.opened_at, breaker!.open_until]);
  expect(sentWhileOpen.rows[0].n).toBe(0);
  // The runs that had not sent to the payer when it opened sent nothing until it closed.
  const started = await db.owner.query(
    `select r.id, r.started_at, (select min(i.sent_at) from eligibility.eligibility_inquiry i where i.sweep_run_id = r.id) as first_sent
     from eligibility.eligibility_sweep_run r where r.id = any($1)`, [runs]);
  // (A run whose process started it after the breaker opened, as on a loaded machine, waited too.)
  const grace = 200;
  const stopped = started.rows.filter((r) => r.first_sent >= breaker!.open_until);
  const opener = started.rows.filter((r) => r.first_sent.getTime() <= breaker!.opened_at.getTime() + grace);
  expect(opener.length).toBeGreaterThanOrEqual(1);
  expect(stopped.length + opener.length).toBe(3);
  expect(stopped.length).toBeGreaterThanOrEqual(1);
  for (const runId of runs) {
    const byNumber = Object.entries(await membersByNumber(db, runId));
    expect(byNumber.filter(([n]) => n.startsWith('MH')).map(([, m]) => m.status)).toEqual(['RECEIVED', 'RECEIVED', 'RECEIVED']);
    expect(byNumber.filter(([n]) => n.startsWith('MF')).every(([, m]) => m.status === 'FAILED' && /^HTTP 500/.test(m.failure_reason ?? ''))).toBe(true);
  }
});
