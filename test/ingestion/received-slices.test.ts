// A POST /batches received in slices stores each slice whole (ingestion_private.received_slice) and
// a worker writes its records, with their outcome, when it applies the slice (migration 72): a
// record is written once. What the records' table refused is refused when the slice arrives, with
// nothing of it kept; the records of a slice not yet applied are listed as PENDING with the key
// they will have; a worker that dies mid-slice leaves it whole, and it is applied once afterwards.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitsForALock } from '../support/lock-wait.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { processChunk } from '../../server/ingestion/process-batch.ts';
import { artifactId, counters, serviceEvents } from './helpers.ts';
import { asTenantUser } from '../support/tenant-user.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;
let token: string;
let artifact: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'slices');
  service = await startTestService(db); // no worker: the tests drive the chunks themselves
  token = await service.token(tenant, ['ingestion.read', 'ingestion.update']);
  artifact = await artifactId(db, tenant, 'service_events');
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

/** A session acting as the tenant's API user, as the route's connections do. */
async function asTenant<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.location.ownerUrl });
  await client.connect();
  try {
    await client.query("select set_config('role', 'rcm_visitor', false), set_config('jwt.claims.tenant_id', $1, false), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', false)", [tenant]);
    return await work(client);
  } finally {
    await client.end();
  }
}

const openBatch = (total: number) => asTenant(async (c) => (await c.query("select ingestion_private.fn_open_batch($1, '{EventId}', $2) as id", [artifact, total])).rows[0].id as string);
const receive = (batchId: string, records: unknown) => asTenant((c) => c.query('select ingestion_private.fn_receive_batch_records($1, $2::jsonb) as n', [batchId, JSON.stringify(records)]));
const slices = async (batchId: string) => (await db.owner.query('select first_record, record_count from ingestion_private.received_slice where batch_id = $1 order by first_record', [batchId])).rows;

async function runToEnd(batchId: string, client: pg.PoolClient): Promise<number[]> {
  const sizes: number[] = [];
  for (let afterRow = 0; ;) {
    const result = await processChunk(client, tenant, batchId, 5000, afterRow);
    if (result.processed > 0) sizes.push(result.processed);
    if (result.lastRow !== null) afterRow = result.lastRow;
    if (result.pending === 0 || result.processed === 0) return sizes;
  }
}

test('a slice repeating a row number of the batch, or with a malformed record, is refused and nothing of it is kept', async () => {
  const batchId = await openBatch(10);
  await receive(batchId, serviceEvents(4, { prefix: 'SLD' }));
  // Rows 3 and 4 again, in a slice of its own: the records' primary key would have refused them.
  await expect(receive(batchId, serviceEvents(3, { prefix: 'SLE', firstRow: 3 }))).rejects.toMatchObject({ code: '23505', message: expect.stringContaining('already received') });
  await expect(receive(batchId, [...serviceEvents(2, { prefix: 'SLF', firstRow: 5 }), ...serviceEvents(1, { prefix: 'SLG', firstRow: 6 })]))
    .rejects.toMatchObject({ code: '23505', message: expect.stringContaining('more than once') });
  await expect(receive(batchId, [{ rowNumber: 5, data: 'not an object' }])).rejects.toMatchObject({ code: '22023' });
  await expect(receive(batchId, [{ rowNumber: 0, data: {} }])).rejects.toMatchObject({ code: '22023' });
  await expect(receive(batchId, [{ rowNumber: 'five', data: {} }])).rejects.toMatchObject({ code: '22P02' });
  // More than the batch was opened for.
  await expect(receive(batchId, serviceEvents(7, { prefix: 'SLH', firstRow: 5 }))).rejects.toMatchObject({ code: '22023', message: expect.stringContaining('opened for 10 records') });
  expect(await slices(batchId)).toEqual([{ first_record: 1, record_count: 4 }]);
  // The rest arrives, in descending row numbers: positions follow arrival, not row numbers.
  await receive(batchId, serviceEvents(6, { prefix: 'SLI', firstRow: 5 }).reverse());
  expect(await slices(batchId)).toEqual([{ first_record: 1, record_count: 4 }, { first_record: 5, record_count: 6 }]);
  expect((await db.owner.query('select received_records from ingestion.batch where id = $1', [batchId])).rows[0].received_records).toBe(10);
});

test('records of a slice not yet applied are listed as PENDING with their key; applied, each is one record with its outcome, a missing key an ERROR', async () => {
  const batchId = await openBatch(3);
  const records = serviceEvents(3, { prefix: 'SLL' });
  delete (records[1].data as Record<string, unknown>).EventId;
  await receive(batchId, records);
  const pending = await service.rest('GET', `/batches/${batchId}/records?status=PENDING`, { token });
  expect(pending.status).toBe(200);
  expect(pending.body.records.map((r: { rowNumber: number; status: string; idempotencyKey: string | null }) => [r.rowNumber, r.status, r.idempotencyKey]))
    .toEqual([[1, 'PENDING', '{SLL0000001}'], [2, 'PENDING', null], [3, 'PENDING', '{SLL0000003}']]);
  expect(await counters(db, batchId)).toMatchObject({ status: 'RECEIVING', total: 3, processed: 0, pending: 3 });
  // The records' data is patient data: the function behind the listing shows it only with
  // ingestion.read, whoever calls it (a tenant's claims user in psql here).
  const unapplied = 'select count(*)::int as n from ingestion_private.unapplied_received_records($1, 0, 100)';
  expect((await asTenantUser(db, tenant, ['claims.read'], (c) => c.query(unapplied, [batchId]))).rows[0].n).toBe(0);
  expect((await asTenantUser(db, tenant, ['ingestion.read'], (c) => c.query(unapplied, [batchId]))).rows[0].n).toBe(3);

  await asTenant((c) => c.query('select ingestion_private.fn_close_batch($1)', [batchId]));
  const client = await db.owner.connect();
  try {
    expect(await runToEnd(batchId, client)).toEqual([3]);
  } finally {
    client.release();
  }
  expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: 3, processed: 3, success: 2, error: 1, pending: 0 });
  expect(await slices(batchId)).toEqual([]);
  const all = await service.rest('GET', `/batches/${batchId}/records`, { token });
  expect(all.body.records.map((r: { rowNumber: number; status: string; attempts: number; errorDetail: { code: string } | null }) => [r.rowNumber, r.status, r.attempts, r.errorDetail?.code ?? null]))
    .toEqual([[1, 'SUCCESS', 1, null], [2, 'ERROR', 1, 'MISSING_KEY_FIELD'], [3, 'SUCCESS', 1, null]]);
});

test('a worker that dies mid-slice leaves it whole: the other worker takes the next slice meanwhile, and every record is applied once', async () => {
  const batchId = await openBatch(7000);
  await receive(batchId, serviceEvents(5000, { prefix: 'SLK' }));
  await receive(batchId, serviceEvents(2000, { prefix: 'SLK', firstRow: 5001 }).map((r, i) => ({ ...r, data: { ...r.data, EventId: `SLK${5001 + i}` } })));
  await asTenant((c) => c.query('select ingestion_private.fn_close_batch($1)', [batchId]));
  const dying = new pg.Client({ connectionString: db.location.ownerUrl });
  await dying.connect();
  try {
    await dying.query('begin');
    await dying.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true)", [tenant]);
    expect((await dying.query('select ingestion_private.fn_process_chunk($1, 5000, 0) as r', [batchId])).rows[0].r).toMatchObject({ processed: 5000, lastRow: 5000 });
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
  expect(await counters(db, batchId)).toMatchObject({ status: 'COMPLETED', total: 7000, processed: 7000, success: 7000, pending: 0 });
  const { rows: [r] } = await db.owner.query(
    "select count(*)::int as n, count(distinct row_number)::int as rows, count(*) filter (where attempts <> 1 or status <> 'SUCCESS')::int as not_once from ingestion.batch_record where batch_id = $1", [batchId]);
  expect(r).toEqual({ n: 7000, rows: 7000, not_once: 0 });
  expect(Number((await db.owner.query("select count(*) from service.service_event where tenant_id = $1 and event_number like 'SLK%'", [tenant])).rows[0].count)).toBe(7000);
});

test('a received slice is stored compressed (migration 75): its WAL is a fraction of the records\' text', async () => {
  const records = serviceEvents(2000, { prefix: 'ZIP' });
  const batchId = await openBatch(records.length);
  await receive(batchId, records);
  const { rows } = await db.owner.query(
    'select pg_column_compression(records) as method, pg_column_size(records) as stored, octet_length(records::text) as text from ingestion_private.received_slice where batch_id = $1', [batchId]);
  expect(rows).toHaveLength(1);
  expect(rows[0].method).toBe('pglz');
  expect(rows[0].stored).toBeLessThan(rows[0].text / 4);
});

test('deleting a batch takes its slices not yet applied with it', async () => {
  const batchId = await openBatch(2);
  await receive(batchId, serviceEvents(2, { prefix: 'SLX' }));
  await db.owner.query('delete from ingestion.batch where id = $1', [batchId]);
  expect(await slices(batchId)).toEqual([]);
});
