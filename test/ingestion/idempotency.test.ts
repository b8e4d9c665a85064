// Idempotency keys (a feed applies a key once, across batches and re-deliveries, enforced by a
// unique index) and counters that tie out at every moment while two workers share a batch.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { processBatch, processChunk } from '../../server/ingestion/process-batch.ts';
import { logger } from '../../server/log.ts';
import { artifactId, counters, serviceEvents } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let token: string;
let artifact: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'idem');
  service = await startTestService(db); // no worker: the tests drive the chunks themselves
  token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  artifact = await artifactId(db, tenant, 'service_events');
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

async function runToEnd(batchId: string, chunk = 1000): Promise<void> {
  const client = await db.owner.connect();
  try {
    for (;;) {
      const result = await processChunk(client, tenant, batchId, chunk);
      if (result.pending === 0 || result.processed === 0) return;
    }
  } finally {
    client.release();
  }
}

test('a re-delivered row is SUCCESS without a second write, counted in skippedDuplicates', async () => {
  const first = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: serviceEvents(10, { prefix: 'RD' }), idempotencyKeyFields: ['ServiceDate', 'MemberId', 'EventId'] } });
  await runToEnd(first.body.id);
  const written = (await db.owner.query("select event_number, updated_at, xmin::text from service.service_event where tenant_id = $1 and event_number like 'RD%' order by 1", [tenant])).rows;
  expect(written).toHaveLength(10);

  // The source re-delivers the same ten rows (one of them changed) plus two new ones.
  const again = serviceEvents(12, { prefix: 'RD' });
  again[0].data.Status = 'CANCELLED';
  const second = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: again, idempotencyKeyFields: ['ServiceDate', 'MemberId', 'EventId'] } });
  await runToEnd(second.body.id);
  const status = await service.rest('GET', `/batches/${second.body.id}`, { token });
  expect(status.body).toMatchObject({ status: 'COMPLETED', total: 12, processed: 12, success: 12, error: 0, skippedDuplicates: 10 });
  const after = (await db.owner.query("select event_number, updated_at, xmin::text from service.service_event where tenant_id = $1 and event_number like 'RD%' order by 1", [tenant])).rows;
  expect(after).toHaveLength(12);
  expect(after.slice(0, 10)).toEqual(written); // untouched: no second write
  const skipped = await service.rest('GET', `/batches/${second.body.id}/records?limit=3`, { token });
  expect(skipped.body.records.map((r: { skippedDuplicate: boolean; status: string }) => [r.status, r.skippedDuplicate])).toEqual([['SUCCESS', true], ['SUCCESS', true], ['SUCCESS', true]]);
  expect(skipped.body.nextAfter).toBe(3);
});

test('the same key twice in one batch is applied once; a record lacking a key field is an ERROR row, not a rejected batch', async () => {
  const records = serviceEvents(4, { prefix: 'DUPK' });
  records[3].data = { ...records[0].data };
  delete (records[2].data as Record<string, unknown>).EventId;
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records, idempotencyKeyFields: ['EventId'] } });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ total: 4, processed: 1, error: 1, pending: 3, topErrorCodes: [{ code: 'MISSING_KEY_FIELD', count: 1 }] });
  await runToEnd(res.body.id);
  expect(await counters(db, res.body.id)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: 4, processed: 4, success: 3, error: 1, skipped_duplicates: 1 });
  const errors = await service.rest('GET', `/batches/${res.body.id}/records?status=ERROR`, { token });
  expect(errors.body.records[0]).toMatchObject({ rowNumber: 3, errorDetail: { field: 'EventId', code: 'MISSING_KEY_FIELD', value: null } });
});

test('the applied-keys table enforces idempotency with its unique index, not code', async () => {
  const feed = (await db.owner.query("select id from ingestion.feed where tenant_id = $1 and name = 'service_events'", [tenant])).rows[0].id;
  const key = (await db.owner.query('select key, batch_id from ingestion_private.applied_key where tenant_id = $1 and feed_id = $2 limit 1', [tenant, feed])).rows[0];
  await expect(db.owner.query('insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number) values ($1, $2, $3, $4, 99)', [tenant, feed, key.key, key.batch_id]))
    .rejects.toMatchObject({ code: '23505', constraint: 'applied_key_pkey' });
});

test('two workers on the same batch: counters tie out at every moment; every record applied once', async () => {
  const records = serviceEvents(3000, { prefix: 'CC' });
  // Keys repeated far apart land in chunks of different workers: exactly one of each pair applies.
  for (let i = 0; i < 50; i++) records[2950 + i].data = { ...records[i * 7].data };
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records, idempotencyKeyFields: ['EventId'] } });
  const batchId = res.body.id;
  const before = Number((await db.owner.query('select count(*) from service.service_event where tenant_id = $1', [tenant])).rows[0].count);

  let sampling = true;
  const samples: Record<string, number>[] = [];
  const observer = new pg.Client({ connectionString: db.location.ownerUrl });
  await observer.connect();
  const watch = (async () => {
    while (sampling) {
      samples.push((await observer.query('select total, processed, success, error, pending, skipped_duplicates from ingestion.batch where id = $1', [batchId])).rows[0]);
      // Records and counters in one snapshot: the counters are the records' statuses.
      const both = (await observer.query(`select b.pending, b.success, (select count(*)::int from ingestion.batch_record r where r.batch_id = b.id and r.status = 'PENDING') as pending_rows,
        (select count(*)::int from ingestion.batch_record r where r.batch_id = b.id and r.status = 'SUCCESS') as success_rows from ingestion.batch b where b.id = $1`, [batchId])).rows[0];
      expect([both.pending, both.success]).toEqual([both.pending_rows, both.success_rows]);
    }
  })();
  const worker = async () => {
    const client = await db.owner.connect();
    const done: number[] = [];
    try {
      for (;;) {
        const r = await processChunk(client, tenant, batchId, 100);
        if (r.processed === 0) return done;
        done.push(r.processed);
      }
    } finally {
      client.release();
    }
  };
  const [a, b] = await Promise.all([worker(), worker()]);
  sampling = false;
  await watch;
  await observer.end();

  expect(a.length).toBeGreaterThan(0);
  expect(b.length).toBeGreaterThan(0);
  expect(samples.length).toBeGreaterThan(3);
  for (const s of samples) {
    expect(s.total).toBe(s.processed + s.pending);
    expect(s.processed).toBe(s.success + s.error);
  }
  expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED', total: 3000, processed: 3000, success: 3000, error: 0, pending: 0, skipped_duplicates: 50 });
  const attempts = (await db.owner.query('select attempts, count(*)::int as n from ingestion.batch_record where batch_id = $1 group by 1', [batchId])).rows;
  expect(attempts).toEqual([{ attempts: 1, n: 3000 }]);
  const after = Number((await db.owner.query('select count(*) from service.service_event where tenant_id = $1', [tenant])).rows[0].count);
  expect(after - before).toBe(2950);
});

test('a row the database rejects for a reason the checks did not foresee fails alone, with the database\'s message', async () => {
  await db.owner.query("alter table service.service_event add constraint test_reserved_event check (event_number <> 'RSV0000002')");
  try {
    const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: serviceEvents(4, { prefix: 'RSV' }), idempotencyKeyFields: ['EventId'] } });
    await runToEnd(res.body.id);
    expect(await counters(db, res.body.id)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: 4, processed: 4, success: 3, error: 1 });
    const errors = await service.rest('GET', `/batches/${res.body.id}/records?status=ERROR`, { token });
    expect(errors.body.records).toHaveLength(1);
    expect(errors.body.records[0].rowNumber).toBe(2);
    expect(errors.body.records[0].errorDetail.code).toBe('REJECTED_BY_DATABASE');
    expect(errors.body.records[0].errorDetail.message).toMatch(/test_reserved_event.*SQLSTATE 23514/);
    const keys = (await db.owner.query('select row_number from ingestion_private.applied_key where batch_id = $1 order by 1', [res.body.id])).rows.map((r) => r.row_number);
    expect(keys).toEqual([1, 3, 4]); // the rejected row did not claim its key: a retry can apply it
  } finally {
    await db.owner.query('alter table service.service_event drop constraint test_reserved_event');
  }
});

test('a deadlock while applying is not the row\'s fault: the chunk rolls back with 40P01, the rows stay PENDING, and the retried job applies them', async () => {
  await db.owner.query(`create function public.test_deadlock() returns trigger language plpgsql as $$
    begin
      if new.event_number = 'DLK0000002' then
        raise exception 'deadlock detected (test)' using errcode = '40P01';
      end if;
      return new;
    end $$`);
  await db.owner.query('create trigger test_deadlock before insert or update on service.service_event for each row execute function public.test_deadlock()');
  try {
    const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: serviceEvents(3, { prefix: 'DLK' }), idempotencyKeyFields: ['EventId'] } });
    await expect(runToEnd(res.body.id)).rejects.toMatchObject({ code: '40P01' });
    expect(await counters(db, res.body.id)).toMatchObject({ total: 3, pending: 3, processed: 0, error: 0 });
    // Two lanes: the job fails only once both have stopped, so no lane works behind its retry.
    let borrowed = 0;
    const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
      const client = await db.owner.connect();
      borrowed++;
      try {
        return await work(client);
      } finally {
        borrowed--;
        client.release();
      }
    };
    await expect(processBatch(withClient, { tenantId: tenant, batchId: res.body.id }, { chunkSize: 1, parallelism: 2 }, logger('test')))
      .rejects.toMatchObject({ code: '40P01' });
    expect(borrowed).toBe(0);
    await db.owner.query('drop trigger test_deadlock on service.service_event'); // the other transaction is gone
    await runToEnd(res.body.id);
    expect(await counters(db, res.body.id)).toMatchObject({ status: 'COMPLETED', total: 3, success: 3, error: 0 });
  } finally {
    await db.owner.query('drop trigger if exists test_deadlock on service.service_event');
    await db.owner.query('drop function public.test_deadlock()');
  }
});

test('a NUL character in a record is a 400, not a server error', async () => {
  const records = serviceEvents(2, { prefix: 'NUL' });
  records[1].data.Status = 'SCHED\u0000ULED';
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records } });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toBe('records[1].data (rowNumber 2) contains a NUL character (\\u0000) or half of a surrogate pair, which text fields cannot hold');
});

test('a POST of many slices: a NUL in its last slice is a 400 naming the record with nothing written; raw non-ASCII text in a body without escapes arrives intact', async () => {
  const batchesBefore = (await db.owner.query('select count(*)::int as n from ingestion.batch where tenant_id = $1', [tenant])).rows[0].n;
  const records = serviceEvents(12_000, { prefix: 'NULS' });
  records[11_999].data.Status = 'SCHED\u0000ULED';
  const refused = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records } });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toBe('records[11999].data (rowNumber 12000) contains a NUL character (\\u0000) or half of a surrogate pair, which text fields cannot hold');
  expect((await db.owner.query('select count(*)::int as n from ingestion.batch where tenant_id = $1', [tenant])).rows[0].n).toBe(batchesBefore);
  // JSON.stringify writes é, 😀 and a lone U+FFFD as they are: no \u escape in the body, so its
  // slices go unchecked and are written out only as they are sent.
  const plain = serviceEvents(12_000, { prefix: 'UTF' });
  (plain[11_999].data as Record<string, string>).Note = 'café 😀 \ufffd';
  const accepted = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: plain } });
  expect(accepted.status).toBe(202);
  const stored = await db.owner.query(
    "select e -> 'data' ->> 'Note' as note from ingestion_private.received_slice s cross join jsonb_array_elements(s.records) e where s.batch_id = $1 and (e ->> 'rowNumber')::int = 12000",
    [accepted.body.id]);
  expect(stored.rows).toEqual([{ note: 'café 😀 \ufffd' }]);
  expect((await db.owner.query('select sum(record_count)::int as n from ingestion_private.received_slice where batch_id = $1', [accepted.body.id])).rows[0].n).toBe(12_000);
});

test('half of a surrogate pair is a 400 naming the record; the six characters \\u0000 typed as text are just text', async () => {
  const records = serviceEvents(3, { prefix: 'SURR' });
  records[2].data.Status = 'SCHEDULED\ud800';
  const res = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records } });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toBe('records[2].data (rowNumber 3) contains a NUL character (\\u0000) or half of a surrogate pair, which text fields cannot hold');
  const typed = serviceEvents(1, { prefix: 'TYPED' });
  (typed[0].data as Record<string, string>).Note = 'backslash \\u0000 and \\ud800 as typed';
  const ok = await service.rest('POST', '/batches', { token, body: { artifactId: artifact, records: typed } });
  expect(ok.status).toBe(202);
});
