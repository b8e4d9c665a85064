// A batch's records and an artifact's rows name their parent through a check once per statement
// (migration 56) instead of a foreign key checked once per row: what the foreign key guaranteed
// still holds. A record naming no batch of its tenant is refused; a record never moves to another
// batch; deleting a batch or an artifact deletes its records or rows; a parent with children is
// not re-keyed.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { artifactId, feedId } from './helpers.ts';

let db: TestDatabase;
let tenant: string;
let otherTenant: string;
let feed: string;
let artifact: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'parents');
  otherTenant = await seedTestTenant(db, 'parents-other');
  feed = await feedId(db, tenant, 'service_events');
  artifact = await artifactId(db, tenant, 'service_events');
});
afterAll(async () => {
  await db.drop();
});

async function newBatch(): Promise<string> {
  return (await db.owner.query(
    "insert into ingestion.batch (tenant_id, feed_id, artifact_id, idempotency_key_fields, total, pending) values ($1, $2, $3, '{EventId}', 0, 0) returning id",
    [tenant, feed, artifact])).rows[0].id;
}

const addRecords = (tenantId: string, batchId: string, rows: number[]) => db.owner.query(
  `insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key)
   select $1, $2, n, jsonb_build_object('EventId', 'E' || n), '{E' || n || '}' from unnest($3::int[]) n`, [tenantId, batchId, rows]);

const recordCount = async (batchId: string) =>
  (await db.owner.query('select count(*)::int as n from ingestion.batch_record where batch_id = $1', [batchId])).rows[0].n as number;

test('records of an existing batch go in; a record naming no batch of its tenant is refused and nothing of its statement is kept', async () => {
  const batch = await newBatch();
  await addRecords(tenant, batch, [1, 2, 3]);
  expect(await recordCount(batch)).toBe(3);

  const missing = '00000000-0000-4000-8000-000000000001';
  await expect(addRecords(tenant, missing, [1])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names batch_id ${missing}, which is not a batch of tenant ${tenant}`) });
  // The batch exists, but in another tenant: as unknown as no batch at all.
  await expect(addRecords(otherTenant, batch, [4])).rejects.toMatchObject({ code: '23503' });
  expect(await recordCount(missing)).toBe(0);
  expect(await recordCount(batch)).toBe(3);
});

test('a record never moves to another batch; marking it (status, outcome) is an ordinary update', async () => {
  const [from, to] = [await newBatch(), await newBatch()];
  await addRecords(tenant, from, [1]);
  await expect(db.owner.query('update ingestion.batch_record set batch_id = $2 where batch_id = $1', [from, to]))
    .rejects.toMatchObject({ code: '55000', message: expect.stringContaining('never change tenant_id or their parent') });
  await db.owner.query("update ingestion.batch_record set status = 'SUCCESS', attempts = 1 where batch_id = $1", [from]);
  expect((await db.owner.query('select batch_id, status from ingestion.batch_record where batch_id = $1', [from])).rows).toEqual([{ batch_id: from, status: 'SUCCESS' }]);
});

test('deleting a batch deletes its records; a batch with records is not re-keyed', async () => {
  const [kept, dropped] = [await newBatch(), await newBatch()];
  await addRecords(tenant, kept, [1, 2]);
  await addRecords(tenant, dropped, [1, 2, 3]);
  await expect(db.owner.query('update ingestion.batch set id = gen_random_uuid() where id = $1', [kept]))
    .rejects.toMatchObject({ code: '23503' });
  await db.owner.query('delete from ingestion.batch where id = $1', [dropped]);
  expect(await recordCount(dropped)).toBe(0);
  expect(await recordCount(kept)).toBe(2);
});

test('an artifact\'s rows: refused without their artifact, deleted with it', async () => {
  const fresh = (await db.owner.query(
    "insert into ingestion.artifact (tenant_id, feed_id, file_name, content_type, format) values ($1, $2, 'parents.csv', 'text/csv', 'csv') returning id",
    [tenant, feed])).rows[0].id as string;
  const addRows = (artifactIdValue: string, tenantId = tenant) => db.owner.query(
    `insert into ingestion_private.artifact_row (tenant_id, artifact_id, row_number, data) select $1, $2, n, '{"EventId": "A"}' from generate_series(1, 3) n`,
    [tenantId, artifactIdValue]);
  await addRows(fresh);
  await expect(addRows(fresh, otherTenant)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('which is not an artifact of tenant') });
  const rows = async () => (await db.owner.query('select count(*)::int as n from ingestion_private.artifact_row where artifact_id = $1', [fresh])).rows[0].n;
  expect(await rows()).toBe(3);
  await db.owner.query('delete from ingestion.artifact where id = $1', [fresh]);
  expect(await rows()).toBe(0);
});
