// A tenant's ingestion batch does not wait behind its own running sweep: each domain has its own
// serial queue (core_private.job_queue). Before, one queue per tenant held a 1-record batch
// PENDING until the sweep ended (72.6 s on the demo tenant).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { asTenantUser, scenarioTenant, waitFor, waitForRun } from '../eligibility/support.ts';
import { artifactId, counters, finished, serviceEvents } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let sandbox: SandboxPartner;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // 40 members, 2 at a time, 700 ms an answer: the sweep runs 14 s or more.
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 700 });
  const members = Array.from({ length: 40 }, (_, i) => ({ number: `H${String(i + 1).padStart(2, '0')}`, subscriberId: `ACT${String(i + 1).padStart(9, '0')}` }));
  tenant = await scenarioTenant(db, 'hol', `${sandbox.url}/core/realtime`.replace('/core/realtime/core/realtime', '/core/realtime'), members);
  await db.owner.query('update core.payer set max_in_flight = 2 where tenant_id = $1', [tenant]);
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await db?.drop();
});

test('a 1-record batch completes while a sweep of the same tenant is running', async () => {
  const runId = await asTenantUser(db, tenant, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id')).rows[0].id as string);
  await waitFor(async () => Boolean((await db.owner.query("select 1 from eligibility.eligibility_sweep_run where id = $1 and status = 'RUNNING'", [runId])).rowCount), 10_000, 'the sweep to run');
  const token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(1, { prefix: 'HOL' }) } });
  expect(res.status).toBe(202);
  await waitFor(async () => finished(await counters(db, res.body.id)), 10_000, 'the batch to finish');
  const batch = await counters(db, res.body.id);
  const run = (await db.owner.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
  expect({ batch: batch.status, processed: batch.processed, sweepStillRunning: run.status }).toEqual({ batch: expect.stringMatching(/^COMPLETED/), processed: 1, sweepStillRunning: 'RUNNING' });
  // (How fast, on a quiet machine: `npm run bench -- headofline`, under a second.)
  const queues = await db.owner.query('select queue_name from graphile_worker._private_job_queues order by 1');
  expect(queues.rows.map((q) => q.queue_name.replace(/[0-9a-f-]{36}/g, '<id>'))).toEqual(['tenant:<id>:feed:<id>', 'tenant:<id>:sweeps']);
  expect((await waitForRun(db, runId)).status).toBe('COMPLETED');
});
