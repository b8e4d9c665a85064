// The manual's "Batch data ingestion" page, as written: its curl commands (POST /batches, GET
// /batches/:id, POST /batches/:id/retry) with a bearer token on a second port, its validation
// table and its troubleshooting table, row by row.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { startWorker } from '../../server/worker/runner.ts';
import type { Runner } from 'graphile-worker';
import { artifactId, counters, finished, serviceEvents, waitForBatch } from './helpers.ts';
import { freePort } from '../support/free-port.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let token: string;
let ports: number[];
let runner: Runner;
const startRunner = () => startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 2, cron: false, pollInterval: 100 });

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'manual');
  ports = [await freePort(), await freePort()];
  service = await startTestService(db, { ports });
  runner = await startRunner();
  token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
});
afterAll(async () => {
  await runner.stop();
  await service.stop();
  await db.drop();
});

test('the curl commands work as written on the second port: start, check status, retry', async () => {
  expect(service.ports).toEqual(ports);
  const port = ports[1];
  const records = serviceEvents(3, { prefix: 'CURL' });
  records.push({ rowNumber: 4, data: { ...records[0].data, EventId: 'CURL9', MemberId: 'M7777777' } });
  // curl -X POST http://localhost:3007/batches -H "Content-Type: application/json" -d '{...}'
  const started = await service.rest('POST', '/batches', {
    token, port,
    body: { artifactId: await artifactId(db, tenant, 'service_events'), records, idempotencyKeyFields: ['ServiceDate', 'MemberId', 'EventId'] },
  });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ status: 'PENDING', total: 4, processed: 0, pending: 4, success: 0, error: 0, skippedDuplicates: 0 });

  await waitForBatch(db, started.body.id, finished);
  // curl http://localhost:3007/batches/<batch_id>
  const status = await service.rest('GET', `/batches/${started.body.id}`, { token, port });
  expect(status.status).toBe(200);
  expect(status.body).toMatchObject({
    id: started.body.id, status: 'COMPLETED_WITH_ERRORS', total: 4, processed: 4, success: 3, error: 1, pending: 0,
    topErrorCodes: [{ code: 'UNKNOWN_MEMBER', count: 1 }],
  });
  expect(status.body.completedAt).toEqual(expect.any(String));

  // curl -X POST http://localhost:3007/batches/<batch_id>/retry
  await db.owner.query("insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, 'M7777777', 'Late', 'Arrival', '1980-01-01')", [tenant]);
  const retry = await service.rest('POST', `/batches/${started.body.id}/retry`, { token, port });
  expect(retry.status).toBe(202);
  expect(retry.body).toMatchObject({ requeued: 1 });
  const after = await waitForBatch(db, started.body.id, finished);
  expect(after).toMatchObject({ status: 'COMPLETED', total: 4, processed: 4, success: 4, error: 0, pending: 0 });
});

test('validation table: "Batch status: counters tie out: total = processed = success + error"', async () => {
  const records = serviceEvents(30, { prefix: 'VAL' });
  records[5].data.ServiceDate = '2026-02-30';
  records[9].data.FacilityId = 'NOPE';
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records, idempotencyKeyFields: ['EventId'] } });
  const done = await waitForBatch(db, res.body.id, finished);
  expect(done.total).toBe(30);
  expect(done.processed).toBe(done.total);
  expect(done.success + done.error).toBe(done.processed);
  expect(done).toMatchObject({ success: 28, error: 2 });
  const errors = await service.rest('GET', `/batches/${res.body.id}/records?status=ERROR`, { token });
  expect(errors.body.records.map((r: { rowNumber: number; errorDetail: unknown }) => [r.rowNumber, r.errorDetail])).toEqual([
    [6, { field: 'ServiceDate', code: 'INVALID_DATE', message: 'ServiceDate must be a calendar date as YYYY-MM-DD', value: '2026-02-30' }],
    [10, { field: 'FacilityId', code: 'UNKNOWN_FACILITY', message: 'no facility with code NOPE in this tenant', value: 'NOPE' }],
  ]);
});

test('validation table: "Retry result: failed records flip PENDING -> SUCCESS on next tick"', async () => {
  const records = serviceEvents(4, { prefix: 'RTY', member: (i) => (i < 2 ? `M860000${i}` : 'M0000001') });
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records, idempotencyKeyFields: ['EventId'] } });
  await waitForBatch(db, res.body.id, finished);
  expect(await counters(db, res.body.id)).toMatchObject({ error: 2, success: 2 });
  // Fix upstream: the members arrive.
  await db.owner.query("insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) select $1, 'M860000' || i, 'Fixed', 'Upstream', '1970-01-01' from generate_series(0, 1) i", [tenant]);
  await runner.stop(); // hold the tick to see the PENDING step
  try {
    const retry = await service.rest('POST', `/batches/${res.body.id}/retry`, { token });
    expect(retry.body.requeued).toBe(2);
    const pending = await service.rest('GET', `/batches/${res.body.id}/records?status=PENDING`, { token });
    expect(pending.body.records.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([1, 2]);
    expect(await counters(db, res.body.id)).toMatchObject({ status: 'PENDING', pending: 2, processed: 2, success: 2, error: 0 });
  } finally {
    runner = await startRunner();
  }
  const after = await waitForBatch(db, res.body.id, finished);
  expect(after).toMatchObject({ status: 'COMPLETED', success: 4, error: 0 });
  const rows = (await db.owner.query('select row_number, status, attempts from ingestion.batch_record where batch_id = $1 order by 1', [res.body.id])).rows;
  expect(rows).toEqual([
    { row_number: 1, status: 'SUCCESS', attempts: 2 }, { row_number: 2, status: 'SUCCESS', attempts: 2 },
    { row_number: 3, status: 'SUCCESS', attempts: 1 }, { row_number: 4, status: 'SUCCESS', attempts: 1 },
  ]);
});

test('troubleshooting: "Batch never advances past PENDING" — worker not running; it advances once a worker runs', async () => {
  await runner.stop();
  let batchId: string;
  try {
    const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(5, { prefix: 'NOW' }) } });
    batchId = res.body.id;
    await new Promise((resolve) => setTimeout(resolve, 400));
    const status = await service.rest('GET', `/batches/${batchId}`, { token });
    expect(status.body).toMatchObject({ status: 'PENDING', pending: 5, processed: 0 });
    // The job is there, waiting for a worker (Check process-batch worker).
    const jobs = await db.owner.query("select task_identifier, queue_name from graphile_worker.jobs where key = $1", [`ingestion/process-batch:${batchId}`]);
    expect(jobs.rows).toEqual([{ task_identifier: 'ingestion/process-batch', queue_name: expect.stringMatching(new RegExp(`^tenant:${tenant}:feed:[0-9a-f-]{36}$`)) }]);
  } finally {
    runner = await startRunner();
  }
  expect(await waitForBatch(db, batchId, finished)).toMatchObject({ status: 'COMPLETED', success: 5 });
});

test('troubleshooting: "see Feed admin JOBS_DISABLED" — a disabled feed HOLDs its batches with the reason; re-enabling resumes them', async () => {
  const feed = (await service.rest('GET', '/feeds', { token })).body.feeds.find((f: { name: string }) => f.name === 'service_events');
  const off = await service.rest('PATCH', `/feeds/${feed.id}`, { token, body: { jobsDisabled: true, reason: 'EHR cut-over until Monday' } });
  expect(off.body).toMatchObject({ jobsDisabled: true, jobsDisabledReason: 'EHR cut-over until Monday' });
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(3, { prefix: 'HLD' }) } });
  expect(res.body).toMatchObject({ status: 'HELD', heldReason: 'EHR cut-over until Monday', pending: 3 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect((await service.rest('GET', `/batches/${res.body.id}`, { token })).body).toMatchObject({ status: 'HELD', pending: 3, processed: 0 });

  const on = await service.rest('PATCH', `/feeds/${feed.id}`, { token, body: { jobsDisabled: false } });
  expect(on.body).toMatchObject({ jobsDisabled: false, jobsDisabledReason: null });
  expect(await waitForBatch(db, res.body.id, finished)).toMatchObject({ status: 'COMPLETED', success: 3 });
  expect((await service.rest('GET', `/batches/${res.body.id}`, { token })).body.heldReason).toBeNull();
});

test('troubleshooting: "Retry has no effect" — nothing to retry says so; an unfixed cause fails again with error_detail', async () => {
  const records = serviceEvents(2, { prefix: 'NOFX', member: () => 'M5550000' });
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records } });
  await waitForBatch(db, res.body.id, finished);
  const first = await service.rest('POST', `/batches/${res.body.id}/retry`, { token });
  expect(first.body.requeued).toBe(2);
  const again = await waitForBatch(db, res.body.id, (c) => finished(c) && c.processed === 2);
  expect(again).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', error: 2 });
  const errors = await service.rest('GET', `/batches/${res.body.id}/records?status=ERROR`, { token });
  expect(errors.body.records.map((r: { attempts: number; errorDetail: { code: string; field: string; value: string } }) => [r.attempts, r.errorDetail.code, r.errorDetail.field, r.errorDetail.value]))
    .toEqual([[2, 'UNKNOWN_MEMBER', 'MemberId', 'M5550000'], [2, 'UNKNOWN_MEMBER', 'MemberId', 'M5550000']]);

  const done = await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(1, { prefix: 'CLEAN' }) } });
  await waitForBatch(db, done.body.id, finished);
  const none = await service.rest('POST', `/batches/${done.body.id}/retry`, { token });
  expect(none.status).toBe(200);
  expect(none.body).toMatchObject({ requeued: 0, status: 'COMPLETED' });
  expect(none.body.message).toMatch(/^No ERROR rows to retry/);
  expect(none.body.message).toMatch(/error_detail/);
});

test('GET /batches lists newest first with paging', async () => {
  for (let i = 0; i < 3; i++) {
    await service.rest('POST', '/batches', { token, body: { artifactId: await artifactId(db, tenant, 'service_events'), records: serviceEvents(1, { prefix: `PAGE${i}` }) } });
  }
  const page1 = await service.rest('GET', '/batches?limit=2', { token });
  expect(page1.status).toBe(200);
  expect(page1.body.batches).toHaveLength(2);
  expect(page1.body.nextOffset).toBe(2);
  const all = await service.rest('GET', '/batches?limit=500', { token });
  const created = all.body.batches.map((b: { createdAt: string }) => b.createdAt);
  expect(created).toEqual([...created].sort().reverse());
  expect(page1.body.batches.map((b: { id: string }) => b.id)).toEqual(all.body.batches.slice(0, 2).map((b: { id: string }) => b.id));
  const page2 = await service.rest('GET', '/batches?limit=2&offset=2', { token });
  expect(page2.body.batches.map((b: { id: string }) => b.id)).toEqual(all.body.batches.slice(2, 4).map((b: { id: string }) => b.id));
});

test('GraphQL and psql offer the same: createBatch, batchStatus, retryBatch; select ingestion.fn_retry_batch(...)', async () => {
  const artifact = await artifactId(db, tenant, 'service_events');
  const records = serviceEvents(2, { prefix: 'GQL', member: (i) => (i === 0 ? 'M0000001' : 'M4440000') });
  const created = await service.graphql<{ createBatch: { result: { rowId: string; status: string; total: number; pending: number } } }>(
    token, 'mutation($a: UUID!, $r: JSON!, $k: [String]) { createBatch(input: { artifactId: $a, records: $r, idempotencyKeyFields: $k }) { result { rowId status total pending } } }',
    { a: artifact, r: records, k: ['EventId'] },
  );
  expect(created.errors).toBeUndefined();
  expect(created.data.createBatch.result).toMatchObject({ status: 'PENDING', total: 2, pending: 2 });
  const batchId = created.data.createBatch.result.rowId;
  await waitForBatch(db, batchId, finished);
  const status = await service.graphql<{ batchStatus: { status: string; error: number; topErrorCodes: unknown } }>(token, 'query($id: UUID!) { batchStatus(batchId: $id) }', { id: batchId });
  expect(status.data.batchStatus).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', error: 1, topErrorCodes: [{ code: 'UNKNOWN_MEMBER', count: 1 }] });
  const readOnly = await service.token(tenant, ['ingestion.read']);
  const denied = await service.graphql(readOnly, 'mutation($id: UUID!) { retryBatch(input: { batchId: $id }) { result } }', { id: batchId });
  expect(denied.errors?.[0].message).toBe('permission denied: ingestion.update required');

  // psql, as a DBA acting for the tenant.
  const client = await db.owner.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.update', true)", [tenant]);
    const { rows } = await client.query('select ingestion.fn_retry_batch($1) as result', [batchId]);
    expect(rows[0].result).toMatchObject({ requeued: 1, status: 'PENDING' });
    await client.query('commit');
  } finally {
    client.release();
  }
  const again = await waitForBatch(db, batchId, (c) => finished(c) && c.pending === 0);
  expect(again).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', error: 1, success: 1 });
  const attempts = (await db.owner.query('select attempts from ingestion.batch_record where batch_id = $1 and row_number = 2', [batchId])).rows[0].attempts;
  expect(attempts).toBe(2);
});
