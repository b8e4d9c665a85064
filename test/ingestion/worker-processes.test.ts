// Workers as separate processes. A worker killed with SIGKILL in the middle of a batch loses
// nothing and duplicates nothing: the chunks it committed stay done, the one it was applying leaves
// no trace, and once the batch's job runs again (resume-stalled) every record is applied exactly
// once. JOBS_DISABLED=true keeps a service process from running jobs: its batches stay PENDING.
// Each test has its own tenant, so a job left locked by one test's dead worker cannot hold the
// other test's batch on the tenant's queue.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { repoRoot } from '../../server/config.ts';
import { artifactId, counters, finished, serviceEvents, waitForBatch, type BatchCounters } from './helpers.ts';
import { freePort } from '../support/free-port.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let jobsOffTenant: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-crash-'));

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'crash');
  jobsOffTenant = await seedTestTenant(db, 'jobsoff');
  service = await startTestService(db); // API only; the workers are child processes
});
afterAll(async () => {
  await service.stop();
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface WorkerProcess {
  child: ChildProcess;
  /** The application_name of the worker's database connections (PGAPPNAME). */
  applicationName: string;
  /** What the worker logged so far (pino JSON lines), for failure messages. */
  output: () => string;
  /** SIGTERM, then wait until the process has exited (its locks released). */
  stop: () => Promise<void>;
}

let workersStarted = 0;
async function startWorkerProcess(): Promise<WorkerProcess> {
  const applicationName = `rcm-test-worker-${process.pid}-${++workersStarted}`;
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/cli/worker.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env, DATABASE_URL: db.location.ownerUrl, PGAPPNAME: applicationName, RCM_DATA_DIR: dataDir,
      INGEST_CHUNK_SIZE: '250', INGEST_QUEUE_CONCURRENCY: '1', LOG_LEVEL: 'debug', NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => { output += chunk.toString(); };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker: WorkerProcess = {
    child,
    applicationName,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  // A loaded CI machine can take seconds to start a process: wait until it takes jobs.
  for (let i = 0; i < 600 && !output.includes('worker started'); i++) {
    if (child.exitCode !== null) throw new Error(`worker process exited with ${child.exitCode}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!output.includes('worker started')) throw new Error(`worker process did not start in 60 s:\n${output}`);
  return worker;
}

/**
 * A killed client's backend finishes the statement it was running (a chunk's apply commits) and
 * only then finds the socket closed. The crash is over when the worker's backends are gone.
 */
async function backendCount(applicationName: string): Promise<number> {
  return (await db.owner.query('select count(*)::int as n from pg_stat_activity where application_name = $1', [applicationName])).rows[0].n;
}
async function waitForBackendsToEnd(applicationName: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await backendCount(applicationName) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the killed worker's database sessions (${applicationName}) did not end in 30 s`);
}

/** waitForBatch, and when it times out, the batch's job and the worker's log in the error. */
async function waitForBatchRunBy(worker: WorkerProcess, batchId: string, done: (c: BatchCounters) => boolean, timeoutMs: number): Promise<BatchCounters> {
  try {
    return await waitForBatch(db, batchId, done, timeoutMs);
  } catch (error) {
    const job = (await db.owner.query(
      'select attempts, last_error, run_at, locked_at, locked_by from graphile_worker.jobs where key = $1',
      [`ingestion/process-batch:${batchId}`],
    )).rows;
    throw new Error(`${(error as Error).message}\njob: ${JSON.stringify(job)}\nworker log:\n${worker.output().slice(-6000)}`, { cause: error });
  }
}

test('SIGKILL mid-batch, then the job runs again: every record applied once, counters tie out throughout', async () => {
  const token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  const total = 12000;
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(total, { prefix: 'KILL' }), idempotencyKeyFields: ['EventId'] } });
  expect(res.status).toBe(202);
  const batchId = res.body.id;

  const worker = await startWorkerProcess();
  const exited = new Promise((resolve) => worker.child.once('exit', (_code, signal) => resolve(signal)));
  const midway = await waitForBatchRunBy(worker, batchId, (c) => c.processed >= 1000, 30000);
  expect(midway.pending).toBeGreaterThan(0);
  expect(await backendCount(worker.applicationName)).toBeGreaterThan(0);
  worker.child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  await waitForBackendsToEnd(worker.applicationName);

  // After the crash: what was committed is consistent, nothing half-applied.
  const atCrash = await counters(db, batchId);
  expect(atCrash.pending).toBeGreaterThan(0);
  expect(atCrash.total).toBe(atCrash.processed + atCrash.pending);
  expect(atCrash.processed).toBe(atCrash.success + atCrash.error);
  const applied = async () => (await db.owner.query(`select
      (select count(*)::int from service.service_event where tenant_id = $1 and event_number like 'KILL%') as events,
      (select count(*)::int from ingestion_private.applied_key where batch_id = $2) as keys,
      (select count(*)::int from ingestion.batch_record where batch_id = $2 and status = 'SUCCESS') as success_rows`, [tenant, batchId])).rows[0];
  expect(await applied()).toEqual({ events: atCrash.success, keys: atCrash.success, success_rows: atCrash.success });
  const job = (await db.owner.query('select locked_at is not null as locked from graphile_worker.jobs where key = $1', [`ingestion/process-batch:${batchId}`])).rows;
  expect(job).toEqual([{ locked: true }]); // held by the dead worker

  // Recovery: resume-stalled gives the batch a job again; a fresh worker finishes it.
  const resumed = (await db.owner.query("select ingestion_private.fn_resume_stalled_batches(interval '0 seconds') as n")).rows[0].n;
  expect(resumed).toBe(1);
  const second = await startWorkerProcess();
  try {
    const done = await waitForBatchRunBy(second, batchId, finished, 60000);
    expect(done).toMatchObject({ status: 'COMPLETED', total, processed: total, success: total, error: 0, pending: 0, skipped_duplicates: 0 });
  } finally {
    await second.stop();
  }
  expect(await applied()).toEqual({ events: total, keys: total, success_rows: total });
  const attempts = (await db.owner.query('select attempts, count(*)::int as n from ingestion.batch_record where batch_id = $1 group by 1', [batchId])).rows;
  expect(attempts).toEqual([{ attempts: 1, n: total }]);
}, 150000);

test('JOBS_DISABLED=true: the service answers but runs no jobs; the batch stays PENDING until a worker runs', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/cli/start.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env, DATABASE_URL: db.location.ownerUrl, AUTHENTICATOR_PASSWORD: db.location.authenticatorPassword, JWT_SECRET: db.location.jwtSecret,
      PORTS: String(port), NO_DEMO: 'true', JOBS_DISABLED: 'true', RCM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !output.includes('JOBS_DISABLED'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output).toContain('JOBS_DISABLED: this process runs no jobs; batches stay PENDING until a worker runs');
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const token = await service.token(jobsOffTenant, ['ingestion.read', 'ingestion.update']);
    const posted = await fetch(`${base}/batches`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ artifactId: await artifactId(db, jobsOffTenant, 'service_events'), records: serviceEvents(3, { prefix: 'JD' }) }),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const status = (await (await fetch(`${base}/batches/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; pending: number };
    expect(status).toMatchObject({ status: 'PENDING', pending: 3 });

    const worker = await startWorkerProcess();
    try {
      expect(await waitForBatchRunBy(worker, id, finished, 30000)).toMatchObject({ status: 'COMPLETED', success: 3 });
    } finally {
      await worker.stop();
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}, 150000);
