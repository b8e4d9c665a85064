// A batch made from an artifact makes its records as the worker applies the artifact's rows, a
// range at a time (fn_create_batch_from_artifact, lock_pending_records): every row applied and
// recorded once, with two workers and across a worker that dies mid-range; counters tie out
// with the records and the rows not yet recorded; a row the database rejects fails alone.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitsForALock } from '../support/lock-wait.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { processChunk } from '../../server/ingestion/process-batch.ts';
import { counters } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'artb');
  service = await startTestService(db); // no worker: the tests drive the chunks themselves
  token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

/** Uploads a service_events CSV of `rows` rows (row i's EventId is `${prefix}${i}`; `edit` may change a row) and makes it a batch. */
async function artifactBatch(prefix: string, rows: number, edit: (i: number, row: string[]) => void = () => undefined): Promise<string> {
  const lines = ['EventId,MemberId,FacilityId,ServiceDate'];
  for (let i = 1; i <= rows; i++) {
    const row = [`${prefix}${i}`, `M${String((i % 40) + 1).padStart(7, '0')}`, 'MAIN', '2026-02-03'];
    edit(i, row);
    lines.push(row.join(','));
  }
  const uploaded = await service.rest('POST', `/artifacts?feed=service_events&fileName=${prefix}.csv`, { token, rawBody: lines.join('\n'), contentType: 'text/csv' });
  expect(uploaded.status).toBe(201);
  const batch = await service.rest('POST', `/artifacts/${uploaded.body.id}/batches`, { token });
  expect(batch.status).toBe(202);
  return batch.body.id;
}

async function runToEnd(batchId: string, client: pg.PoolClient | pg.Client, chunk = 5000): Promise<number[]> {
  const sizes: number[] = [];
  let afterRow = 0;
  for (;;) {
    const result = await processChunk(client as pg.PoolClient, tenant, batchId, chunk, afterRow);
    if (result.processed > 0) sizes.push(result.processed);
    if (result.lastRow !== null) afterRow = result.lastRow;
    if (result.pending === 0) return sizes;
    if (result.processed === 0) {
      if (afterRow === 0) return sizes;
      afterRow = 0;
    }
  }
}

const records = async (batchId: string) => (await db.owner.query(
  `select count(*)::int as n, count(distinct row_number)::int as rows, min(row_number) as first, max(row_number) as last,
          count(*) filter (where attempts <> 1)::int as not_once, count(*) filter (where status = 'SUCCESS')::int as success,
          count(*) filter (where status = 'ERROR')::int as error
   from ingestion.batch_record where batch_id = $1`, [batchId])).rows[0];

test('two workers share an artifact batch by ranges: every row applied and recorded once, counters tie out with records and unrecorded rows', async () => {
  const rows = 12_345; // ranges of 5,000 (INGEST_CHUNK_SIZE): 5,000, 5,000, 2,345
  const batchId = await artifactBatch('AB', rows, (i, row) => {
    if (i % 1000 === 7) row[0] = ''; // no key: MISSING_KEY_FIELD
    if (i % 1000 === 9) row[1] = 'M9999999'; // UNKNOWN_MEMBER
    if (i === 12_000) row[0] = 'AB10'; // the key of row 10, in another range: applied once
  });
  expect(await counters(db, batchId)).toMatchObject({ total: rows, pending: rows, processed: 0 });
  expect((await records(batchId)).n).toBe(0);
  const before = Number((await db.owner.query('select count(*) from service.service_event where tenant_id = $1', [tenant])).rows[0].count);

  let sampling = true;
  const observer = new pg.Client({ connectionString: db.location.ownerUrl });
  await observer.connect();
  let samples = 0;
  const watch = (async () => {
    while (sampling) {
      // One snapshot: the batch's counters are its records' statuses plus the rows not yet recorded.
      const s = (await observer.query(`select b.total, b.processed, b.pending, b.success, b.error, b.artifact_rows_unrecorded as unrecorded,
          (select count(*)::int from ingestion.batch_record r where r.batch_id = b.id and r.status = 'PENDING') as pending_rows,
          (select count(*)::int from ingestion.batch_record r where r.batch_id = b.id and r.status = 'SUCCESS') as success_rows,
          (select count(*)::int from ingestion.batch_record r where r.batch_id = b.id and r.status = 'ERROR') as error_rows
        from ingestion.batch b where b.id = $1`, [batchId])).rows[0];
      expect([s.pending, s.success, s.error, s.total]).toEqual([s.pending_rows + s.unrecorded, s.success_rows, s.error_rows, s.processed + s.pending]);
      samples++;
    }
  })();
  const [a, b] = await Promise.all([0, 1].map(async () => {
    const client = await db.owner.connect();
    try {
      return await runToEnd(batchId, client);
    } finally {
      client.release();
    }
  }));
  sampling = false;
  await watch;
  await observer.end();

  expect(samples).toBeGreaterThan(1);
  expect([...a, ...b].sort((x, y) => x - y)).toEqual([2_345, 5_000, 5_000]); // whole ranges, each taken by one worker
  const errors = 2 * 13; // rows 7, 1007 .. 12007 and 9 .. 12009
  expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: rows, processed: rows, pending: 0, success: rows - errors, error: errors, skipped_duplicates: 1 });
  expect(await records(batchId)).toEqual({ n: rows, rows, first: 1, last: rows, not_once: 0, success: rows - errors, error: errors });
  const codes = (await service.rest('GET', `/batches/${batchId}`, { token })).body.topErrorCodes;
  expect(codes).toEqual(expect.arrayContaining([{ code: 'MISSING_KEY_FIELD', count: 13 }, { code: 'UNKNOWN_MEMBER', count: 13 }]));
  const after = Number((await db.owner.query('select count(*) from service.service_event where tenant_id = $1', [tenant])).rows[0].count);
  expect(after - before).toBe(rows - errors - 1);
  expect((await db.owner.query('select artifact_rows_unrecorded from ingestion.batch where id = $1', [batchId])).rows[0].artifact_rows_unrecorded).toBe(0);
});

test('a worker that dies mid-range leaves nothing: the other worker takes the next range meanwhile, and the range is applied once afterwards', async () => {
  const rows = 7_000;
  const batchId = await artifactBatch('KILL', rows);
  const dying = new pg.Client({ connectionString: db.location.ownerUrl });
  await dying.connect();
  try {
    // The dying worker applies rows 1-5,000 in a transaction that never commits.
    await dying.query('begin');
    await dying.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true)", [tenant]);
    const taken = (await dying.query('select ingestion_private.fn_process_chunk($1, 5000, 0) as r', [batchId])).rows[0].r;
    expect(taken).toMatchObject({ processed: 5000, lastRow: 5000 });
    // Meanwhile the other worker passes the range the dying one holds; its chunk commits once
    // the dying one's transaction is gone (both move the batch's counters).
    const client = await db.owner.connect();
    try {
      const otherPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      const other = processChunk(client, tenant, batchId, 5000, 0);
      // It has applied its range and waits for the batch row the dying transaction updated (its own
      // backend: another file's lock waits, in another database, must not count).
      expect(await waitsForALock(db.owner, otherPid)).toBe(true);
      await dying.query('rollback'); // the process is killed: its transaction is gone
      expect(await other).toMatchObject({ processed: 2000, lastRow: 7000, pending: 5000 });
      expect(await runToEnd(batchId, client)).toEqual([5000]);
    } finally {
      client.release();
    }
  } finally {
    await dying.end();
  }
  expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED', total: rows, processed: rows, success: rows, pending: 0 });
  expect(await records(batchId)).toEqual({ n: rows, rows, first: 1, last: rows, not_once: 0, success: rows, error: 0 });
  expect(Number((await db.owner.query("select count(*) from service.service_event where tenant_id = $1 and event_number like 'KILL%'", [tenant])).rows[0].count)).toBe(rows);
});

test('an artifact row the database rejects for a reason the checks did not foresee fails alone; the rest of its range is applied', async () => {
  await db.owner.query("alter table service.service_event add constraint test_reserved_artifact_event check (event_number <> 'RSVA2')");
  try {
    const batchId = await artifactBatch('RSVA', 4);
    const client = await db.owner.connect();
    try {
      await runToEnd(batchId, client);
    } finally {
      client.release();
    }
    expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: 4, processed: 4, success: 3, error: 1 });
    const errors = await service.rest('GET', `/batches/${batchId}/records?status=ERROR`, { token });
    expect(errors.body.records).toEqual([expect.objectContaining({ rowNumber: 2, errorDetail: expect.objectContaining({ code: 'REJECTED_BY_DATABASE' }) })]);
    expect(errors.body.records[0].errorDetail.message).toMatch(/test_reserved_artifact_event.*SQLSTATE 23514/);
    const keys = (await db.owner.query('select row_number from ingestion_private.applied_key where batch_id = $1 order by 1', [batchId])).rows.map((r) => r.row_number);
    expect(keys).toEqual([1, 3, 4]);
    expect(await records(batchId)).toEqual({ n: 4, rows: 4, first: 1, last: 4, not_once: 0, success: 3, error: 1 });
  } finally {
    await db.owner.query('alter table service.service_event drop constraint test_reserved_artifact_event');
  }
});
