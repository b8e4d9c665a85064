// A member-coverage the payer always fails keeps its retry count across a worker crash: the run
// re-fired after a SIGKILL during the coverage's backoff sends only the tries left, so the partner
// sees ELIGIBILITY_MAX_ATTEMPTS 270s in all. Before, the count started from 1 again on the new
// worker (the faults bench saw 5 270s where the policy allows 4), and the re-sent first try counted
// against the payer's breaker as a fresh 270.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { sweepSettings } from '../../server/eligibility/settings.ts';
import { asTenantUser, scenarioTenant, waitFor, waitForRun } from './support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let tenant: string;
let child: ChildProcess | undefined;
let runner: Runner | undefined;

const here = path.dirname(fileURLToPath(import.meta.url));
const app = `rcm-test-retry-count-${process.pid}`;

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 50 });
  tenant = await scenarioTenant(db, 'retrycount', sandbox.url, [
    { number: 'E1', subscriberId: 'ERR500000001', payer: 'AETNA' },
    { number: 'A1', subscriberId: 'ACT000000001', payer: 'AETNA' },
    { number: 'A2', subscriberId: 'ACT000000002', payer: 'AETNA' },
  ]);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await runner?.stop();
  await sandbox?.close();
  await db?.drop();
});

const count = async (sql: string, params: unknown[]) => Number((await db.owner.query(sql, params)).rows[0].n);

test('SIGKILL during a retry backoff: the re-fired run sends only the tries left (ELIGIBILITY_MAX_ATTEMPTS in all)', async () => {
  const maxAttempts = sweepSettings().maxAttempts;
  const runId = await asTenantUser(db, tenant, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id')).rows[0].id);
  // The first worker backs off 30 s after the first 5xx (the payer answers the others, so both
  // bases are set): the kill lands in that backoff.
  child = await new Promise<ChildProcess>((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(here, 'fixtures', 'worker-process.ts'), db.location.ownerUrl], {
      env: { ...process.env, PGAPPNAME: app, LOG_LEVEL: 'silent', NODE_OPTIONS: '', ELIGIBILITY_RETRY_BASE_MS: '30000', ELIGIBILITY_MEMBER_RETRY_BASE_MS: '30000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    proc.once('error', reject);
    proc.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('worker ready')) resolve(proc); });
  });
  const retries = "select count(*) as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and outcome = 'RETRY'";
  await waitFor(async () => (await count(retries, [runId])) === 1, 30_000, 'the first 5xx recorded');
  child.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));
  child = undefined;
  await waitFor(async () => (await count('select count(*) as n from pg_stat_activity where application_name = $1', [app])) === 0, 30_000, "the killed worker's sessions ended");
  expect(sandbox.stats().byScenario.http_500).toBe(1);

  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await asTenantUser(db, tenant, ['eligibility.update'], (c) => c.query('select eligibility.fn_refire_sweep_run($1, 1)', [runId]));
  const base = process.env.ELIGIBILITY_RETRY_BASE_MS;
  process.env.ELIGIBILITY_RETRY_BASE_MS = '100';
  try {
    runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 200 });
    expect(await waitForRun(db, runId, ['COMPLETED', 'CANCELLED', 'FAILED'], 40_000)).toMatchObject({ status: 'COMPLETED', received_count: 2, failed_count: 1 });
  } finally {
    if (base === undefined) delete process.env.ELIGIBILITY_RETRY_BASE_MS;
    else process.env.ELIGIBILITY_RETRY_BASE_MS = base;
  }
  expect(sandbox.stats().byScenario.http_500).toBe(maxAttempts);
  const tries = (await db.owner.query(
    `select i.attempt, i.outcome from eligibility.eligibility_inquiry i join member.coverage_policy c on c.tenant_id = i.tenant_id and c.id = i.coverage_policy_id
     where i.sweep_run_id = $1 and c.subscriber_id = 'ERR500000001' order by i.attempt`, [runId])).rows;
  expect(tries).toEqual([...Array.from({ length: maxAttempts - 1 }, (_, i) => ({ attempt: i + 1, outcome: 'RETRY' })), { attempt: maxAttempts, outcome: 'PERMANENT' }]);
});
