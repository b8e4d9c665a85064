// Re-firing a run whose worker is alive sends nothing twice: with two workers on the database, an
// operator's fn_refire_sweep_run on a live run (even with stale_after_seconds => 1) is refused and
// the second worker never picks the run up; after the run ends, re-firing is a harmless no-op.
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { asTenantUser, scenarioTenant, sqlError, waitFor, waitForRun, type ScenarioMember } from '../eligibility/support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let tenant: string;
const runners: Runner[] = [];

const MEMBERS: ScenarioMember[] = Array.from({ length: 24 }, (_, i) => ({ number: `R${String(i).padStart(3, '0')}`, subscriberId: `ACTR${String(i).padStart(8, '0')}`, payer: 'AETNA' }));

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 250 });
  tenant = await scenarioTenant(db, 'refire', sandbox.url, MEMBERS);
  await db.owner.query("update core.payer set max_in_flight = 2 where tenant_id = $1 and code = 'AETNA'", [tenant]);
  for (let i = 0; i < 2; i++) runners.push(await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 100 }));
});
afterAll(async () => {
  for (const runner of runners) await runner.stop();
  await sandbox?.close();
  await db?.drop();
});

const count = async (sql: string, params: unknown[]) => Number((await db.owner.query(sql, params)).rows[0].n);
const refire = (runId: string, staleAfterSeconds: number) =>
  asTenantUser(db, tenant, ['eligibility.update'], (c) => c.query('select eligibility.fn_refire_sweep_run($1, $2)', [runId, staleAfterSeconds]));

test('a live run is never re-fired: every 270 goes out once although an operator re-fires it again and again', async () => {
  const runId = await asTenantUser(db, tenant, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id')).rows[0].id);
  await waitFor(async () => (await count("select count(*) as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'RECEIVED'", [runId])) >= 2, 20_000, 'the run to be under way');

  // Over the whole run, including moments its heartbeat is older than 1 s.
  const refusals: { code: string; message: string }[] = [];
  while ((await db.owner.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0].status === 'RUNNING') {
    try {
      await refire(runId, 1);
      refusals.push({ code: 'none', message: 'accepted' });
    } catch (error) {
      refusals.push({ code: (error as { code: string }).code, message: (error as Error).message });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  expect(refusals.length).toBeGreaterThan(5);
  // The last call may land as the run completes; every call made while it ran was refused.
  const whileRunning = refusals.slice(0, -1);
  expect(whileRunning.every((r) => r.code === '55000' && r.message === `sweep run ${runId} is running on a live worker; not re-fired`)).toBe(true);

  const run = await waitForRun(db, runId);
  expect(run).toMatchObject({ status: 'COMPLETED', total_members: 24, received_count: 24, inquiries_sent: 24 });
  expect(await count('select count(*) as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and sent_at is not null', [runId])).toBe(24);
  expect(sandbox.stats().requests).toBe(24);
  // No job was left behind for the other worker, and a finished run's re-fire sends nothing.
  await waitFor(async () => (await count("select count(*) as n from graphile_worker.jobs where key = 'sweep-run:' || $1", [runId])) === 0, 10_000, 'no job left');
  await refire(runId, 1);
  await waitFor(async () => (await count("select count(*) as n from graphile_worker.jobs where key = 'sweep-run:' || $1", [runId])) === 0, 10_000, 'the re-fired job to exit');
  expect(sandbox.stats().requests).toBe(24);
});

test('re-fire names the run it refuses and a missing run is 404', async () => {
  const missing = await sqlError(refire('00000000-0000-4000-8000-000000000000', 1));
  expect(missing.code).toBe('P0002');
});
