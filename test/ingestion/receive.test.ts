// A POST /batches of more records than one slice (INGEST_RECEIVE_SLICE_RECORDS, 5,000) is stored
// slice by slice while the worker already applies what has arrived: the batch is RECEIVING, its
// counters tie out at every moment (records not yet received are pending), and an upload that
// stops half-way is finished with the records it received and says so; sending the batch again
// applies the rest and skips what was applied.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { artifactId, finished, serviceEvents, waitForBatch, type BatchCounters } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let token: string;
let artifact: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'receive');
  service = await startTestService(db, { jobs: true, cron: false });
  token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  artifact = await artifactId(db, tenant, 'service_events');
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const tiesOut = (c: BatchCounters) => c.total === c.processed + c.pending && c.processed === c.success + c.error;

test('25,000 records in one POST: applied while the upload is open, counters tie out at every moment, all SUCCESS', async () => {
  const total = 25_000;
  const samples: (BatchCounters & { id: string })[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await db.owner.query(
        "select b.id, status, total, processed, success, error, pending, skipped_duplicates from ingestion.batch b join ingestion.feed f on f.id = b.feed_id where b.tenant_id = $1 and f.name = 'service_events' and b.total = $2",
        [tenant, total]);
      samples.push(...rows);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: serviceEvents(total, { prefix: 'RCV' }), idempotencyKeyFields: ['EventId'] } });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ id: expect.any(String), total, interruptedReason: null });
  expect(['PENDING', 'PROCESSING', 'COMPLETED']).toContain(res.body.status);
  const done = await waitForBatch(db, res.body.id, finished, 60_000);
  sampling = false;
  await sampler;
  expect(done).toMatchObject({ status: 'COMPLETED', total, processed: total, success: total, error: 0, pending: 0 });
  expect(samples.length).toBeGreaterThan(0);
  expect(samples.filter((s) => !tiesOut(s))).toEqual([]);
  const events = (await db.owner.query("select count(*)::int as n from service.service_event where tenant_id = $1 and event_number like 'RCV%'", [tenant])).rows[0].n;
  expect(events).toBe(total);
}, 90_000);

test('row numbers sent in descending order: the lanes, which read on from their last row, come back for the rows before it', async () => {
  const records = serviceEvents(14_000, { prefix: 'DESC' }).reverse(); // slices: rows 14000-13001, 13000-8001, then four of 2,000 down to row 1
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records, idempotencyKeyFields: ['EventId'] } });
  expect(res.status).toBe(202);
  expect(await waitForBatch(db, res.body.id, finished, 60_000)).toMatchObject({ status: 'COMPLETED', total: 14_000, success: 14_000, pending: 0 });
  const marked = (await db.owner.query("select count(*)::int as n from ingestion.batch_record where batch_id = $1 and status = 'SUCCESS' and attempts = 1", [res.body.id])).rows[0].n;
  expect(marked).toBe(14_000);
}, 90_000);

test('an upload that stops half-way: the stalled-batch cron finishes the batch with what arrived and says so; sending it again applies the rest once', async () => {
  const records = serviceEvents(5, { prefix: 'HALF' });
  // What the route does, stopped after the first slice (as when its process dies).
  const client = await db.owner.connect();
  let batchId: string;
  try {
    await client.query('begin');
    await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true)", [tenant]);
    batchId = (await client.query("select ingestion_private.fn_open_batch($1, '{EventId}', 5) as id", [artifact])).rows[0].id;
    await client.query('select ingestion_private.fn_receive_batch_records($1, $2::jsonb)', [batchId, JSON.stringify(records.slice(0, 3))]);
    await client.query('commit');
  } finally {
    client.release();
  }
  const open = await waitForBatch(db, batchId, (c) => c.processed === 3, 20_000);
  expect(open).toMatchObject({ status: 'RECEIVING', total: 5, processed: 3, success: 3, pending: 2 });
  const retry = await service.rest('POST', `/batches/${batchId}/retry`, { token });
  expect(retry.status).toBe(409);
  expect(retry.body.error.message).toBe(`batch ${batchId} is still being received; retry its ERROR rows once the upload has finished`);

  expect((await db.owner.query("select ingestion_private.fn_resume_stalled_batches(interval '0 seconds') as n")).rows[0].n).toBe(1);
  const finishedBatch = await waitForBatch(db, batchId, finished, 20_000);
  expect(finishedBatch).toMatchObject({ status: 'COMPLETED', total: 3, processed: 3, success: 3, pending: 0 });
  const shown = await service.rest('GET', `/batches/${batchId}`, { token });
  expect(shown.body.interruptedReason).toBe(
    'the upload stopped after 3 of 5 records (no records arrived for 00:00:00); the 3 received are applied. Send the batch again: records already applied are skipped by their idempotency keys.');

  const again = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records, idempotencyKeyFields: ['EventId'] } });
  expect(again.status).toBe(202);
  expect(await waitForBatch(db, again.body.id, finished, 20_000)).toMatchObject({ status: 'COMPLETED', total: 5, success: 5, skipped_duplicates: 3 });
  expect((await db.owner.query("select count(*)::int as n from service.service_event where tenant_id = $1 and event_number like 'HALF%'", [tenant])).rows[0].n).toBe(5);
}, 60_000);

test('a slice the database refuses: the POST fails, and the batch is finished at once with the records of the slices before it', async () => {
  // The slices of 14,000 records: 1,000, 1,000, 5,000, then four of 1,750; the last (rows 12251-14000) is refused.
  await db.owner.query(`create function public.test_refuse_row() returns trigger language plpgsql as $$
    begin if 13001 between new.min_row_number and new.max_row_number then raise exception 'disk full (test)'; end if; return new; end $$`);
  await db.owner.query('create trigger test_refuse_row before insert on ingestion_private.received_slice for each row execute function public.test_refuse_row()');
  try {
    const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: serviceEvents(14_000, { prefix: 'REFUSED' }), idempotencyKeyFields: ['EventId'] } });
    expect(res.status).toBe(500);
    const batch = (await db.owner.query(
      "select b.id, b.interrupted_reason from ingestion.batch b where b.tenant_id = $1 and b.interrupted_reason like '%disk full (test)%'", [tenant])).rows;
    expect(batch).toHaveLength(1);
    expect(batch[0].interrupted_reason).toMatch(/^the upload stopped after 12250 of 14000 records \(POST \/batches failed while writing its records: disk full \(test\)\)/);
    expect(await waitForBatch(db, batch[0].id, finished, 30_000)).toMatchObject({ status: 'COMPLETED', total: 12_250, success: 12_250, pending: 0 });
  } finally {
    await db.owner.query('drop trigger test_refuse_row on ingestion_private.received_slice');
    await db.owner.query('drop function public.test_refuse_row()');
  }
}, 60_000);
