// Issue 13 item 2: POST /artifacts parses JSON lines in linear time and refuses a record longer
// than INGEST_MAX_RECORD_BYTES (1 MB) with a 400 naming the row, as soon as the row passes the
// limit; nothing is kept.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { bodyFile, postFromAnotherProcess, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let token: string;
const SIXTEEN_MB = 16 * 1024 * 1024;

async function artifactCount(): Promise<number> {
  return Number((await db.owner.query('select count(*) from ingestion_private.artifact_row')).rows[0].count)
    + Number((await db.owner.query('select count(*) from ingestion.artifact')).rows[0].count);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, 'uploads');
  service = await startServiceProcess(db);
  token = await service.token(tenantId);
  // The first large upload of a fresh service pays for cold code paths (seconds on a loaded
  // machine); measured are the later ones.
  await send(`{"MemberId":"${'w'.repeat(SIXTEEN_MB)}"}\n`, 'application/x-ndjson');
  await send(`MemberId\n${'w'.repeat(SIXTEEN_MB)}\n`, 'text/csv');
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

/** An upload sent by a client process: its time is the server's, and a 400 answered before the
 *  whole body is sent (the server then closes) is still read, where fetch fails with EPIPE. */
async function send(body: string, contentType: string) {
  const { file, remove } = await bodyFile(body);
  try {
    return await postFromAnotherProcess(`${service.url}/artifacts?feed=members&fileName=hostile`, file, { 'content-type': contentType, authorization: `Bearer ${token}` });
  } finally {
    await remove();
  }
}
/** send() with /healthz probed meanwhile. */
const upload = (body: string, contentType: string) => withHealthProbe(service, () => send(body, contentType));

describe('POST /artifacts record size', () => {
  it('refuses a 16 MB single JSON line with 400 naming row 1 in < 1 s, keeping nothing', async () => {
    const before = await artifactCount();
    const run = await upload(`{"MemberId":"${'x'.repeat(SIXTEEN_MB)}"}\n`, 'application/x-ndjson');
    expect(run.value.status).toBe(400);
    expect(run.value.body.error.code).toBe('malformed_jsonl');
    expect(run.value.body.error.message).toMatch(/^row 1 .*longer than the limit of 1048576 characters \(INGEST_MAX_RECORD_BYTES\)/);
    expect(run.value.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await artifactCount()).toBe(before);
  });

  it('names the long row after good ones', async () => {
    const before = await artifactCount();
    const good = '{"MemberId":"M1","FirstName":"Ann"}\n'.repeat(3);
    const run = await upload(`${good}{"MemberId":"${'x'.repeat(2 * 1024 * 1024)}"}\n`, 'application/x-ndjson');
    expect(run.value.status).toBe(400);
    expect(run.value.body.error.message).toMatch(/^row 4 /);
    expect(await artifactCount()).toBe(before);
  });

  it('refuses a 16 MB CSV record with 400 naming row 1 in < 1 s, keeping nothing', async () => {
    const before = await artifactCount();
    const run = await upload(`MemberId,FirstName\nM1,${'x'.repeat(SIXTEEN_MB)}\n`, 'text/csv');
    expect(run.value.status).toBe(400);
    expect(run.value.body.error.code).toBe('record_too_large');
    expect(run.value.body.error.message).toBe('row 1 of the CSV file is longer than the limit of 1048576 bytes (INGEST_MAX_RECORD_BYTES)');
    expect(run.value.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await artifactCount()).toBe(before);
  });

  it('names the long CSV row after good ones, a quoted line break inside a row not counted as a row', async () => {
    const before = await artifactCount();
    const run = await upload(`MemberId,FirstName\nM1,Ann\nM2,"Ann\nMarie"\nM3,${'x'.repeat(2 * 1024 * 1024)}\n`, 'text/csv');
    expect(run.value.status).toBe(400);
    expect(run.value.body.error.message).toMatch(/^row 3 of the CSV file is longer than the limit/);
    expect(await artifactCount()).toBe(before);
  });

  it('still takes JSON lines whose lines straddle chunks', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ MemberId: `M${i}`, FirstName: 'Ann', LastName: 'Lee' })).join('\n');
    const run = await upload(`${lines}\n`, 'application/x-ndjson');
    expect(run.value.status).toBe(201);
    expect(Number((await db.owner.query('select count(*) from ingestion_private.artifact_row where artifact_id = $1', [run.value.body.id])).rows[0].count)).toBe(20_000);
  });
});
