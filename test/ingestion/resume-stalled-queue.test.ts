// Crash recovery when a batch was enqueued again while its job ran (closing an upload does that):
// graphile-worker then takes the key off the running job and gives it to a new one. If the worker
// running the first job dies, that job, now without a key, keeps the feed's queue locked, and the
// keyed job waits behind it until graphile-worker's 4-hour lock timeout. Resume-stalled must
// release it. Found by the faults bench (batches posted one after another, workers SIGKILLed).
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { artifactId, counters, finished, serviceEvents, waitForBatch } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let runner: Runner | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'resumequeue');
  service = await startTestService(db); // API only: no worker takes the job until the test starts one
});
afterAll(async () => {
  await runner?.stop();
  await service.stop();
  await db.drop();
});

test('a dead worker\'s job that lost its key to a second enqueue is released by resume-stalled, and the batch completes', async () => {
  const token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(20, { prefix: 'RSQ' }), idempotencyKeyFields: ['EventId'] } });
  expect(res.status).toBe(202);
  const batchId: string = res.body.id;
  const key = `ingestion/process-batch:${batchId}`;

  // A worker took the batch's job and was SIGKILLed: the job and the feed's queue stay locked by it.
  await db.owner.query("update graphile_worker._private_jobs set locked_by = 'dead-worker', locked_at = now() - interval '1 minute' where key = $1", [key]);
  await db.owner.query(
    `update graphile_worker._private_job_queues q set locked_by = 'dead-worker', locked_at = now() - interval '1 minute'
     from graphile_worker._private_jobs j where j.key = $1 and q.id = j.job_queue_id`, [key]);
  // Before it died the batch was enqueued again, as closing an upload does while the job runs.
  await db.owner.query('select ingestion_private.enqueue_process_batch($1, $2)', [tenant, batchId]);
  const jobs = async () => (await db.owner.query(
    `select j.key is not null as keyed, j.locked_by from graphile_worker._private_jobs j
     where j.payload ->> 'batchId' = $1 order by j.id`, [batchId])).rows;
  expect(await jobs()).toEqual([{ keyed: false, locked_by: 'dead-worker' }, { keyed: true, locked_by: null }]);

  const resumed = (await db.owner.query("select ingestion_private.fn_resume_stalled_batches(interval '0 seconds') as n")).rows[0].n;
  expect(resumed).toBe(1);
  expect((await jobs()).map((j) => j.locked_by)).toEqual([null, null]);
  const lockedQueues = (await db.owner.query("select count(*)::int as n from graphile_worker._private_job_queues where locked_by = 'dead-worker'")).rows[0].n;
  expect(lockedQueues).toBe(0);

  // A worker now runs the keyed job: every record applied once.
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 200 });
  const done = await waitForBatch(db, batchId, finished, 30000);
  expect(done).toMatchObject({ status: 'COMPLETED', total: 20, processed: 20, success: 20, error: 0, pending: 0 });
  expect((await counters(db, batchId)).success).toBe(20);
}, 60000);
