// Bad input is a clear 4xx that names the field or row and writes nothing; permissions are
// checked in SQL (403 naming the permission); another tenant's batches and artifacts are 404s,
// through REST and GraphQL.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { artifactId, rowCounts, serviceEvents } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let tokenA: string;
let alphaArtifact: string;
let betaArtifact: string;
let betaBatch: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  beta = await seedTestTenant(db, 'beta', { seed: 7 });
  service = await startTestService(db);
  tokenA = await service.token(alpha, ['ingestion.read', 'ingestion.update']);
  alphaArtifact = await artifactId(db, alpha, 'service_events');
  betaArtifact = await artifactId(db, beta, 'service_events');
  betaBatch = (await db.owner.query('select id from ingestion.batch where tenant_id = $1 limit 1', [beta])).rows[0].id;
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

async function expectNothingWritten(send: () => Promise<{ status: number; body: any }>, status: number, code: string, message: RegExp): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const before = await rowCounts(db);
  const res = await send();
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message).toMatch(message);
  expect(await rowCounts(db)).toEqual(before);
}

const post = (body: unknown, token = tokenA) => () => service.rest('POST', '/batches', { token, body });

test('malformed JSON is a 400 and nothing is written', async () => {
  await expectNothingWritten(() => service.rest('POST', '/batches', { token: tokenA, rawBody: '{"artifactId": "x", "records": [' }), 400, 'malformed_json', /not valid JSON/);
});

test('malformed JSON is answered without repeating the body (a member\'s data, PHI)', async () => {
  const rawBody = `{"artifactId": "${alphaArtifact}", "records": [{"rowNumber": 1, "data": {"SubscriberId": W123456789}}]}`;
  const before = await rowCounts(db);
  const res = await service.rest('POST', '/batches', { token: tokenA, rawBody });
  expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'malformed_json' });
  expect(res.body.error.message).toMatch(/not valid JSON/);
  expect(JSON.stringify(res.body)).not.toContain('W123456789');
  expect(await rowCounts(db)).toEqual(before);
});

test('a record nested thousands of levels deep is a 400 naming it, before any record is written', async () => {
  // 6,001 records (several slices), the last one's data an array 6,000 deep, written by hand: the
  // body has no \u escape, the case in which slices are written out only as they are sent.
  const flat = Array.from({ length: 6000 }, (_, i) => `{"rowNumber": ${i + 1}, "data": {"EventId": "DEEP${i + 1}"}}`);
  const deep = `{"rowNumber": 6001, "data": {"x": ${'['.repeat(6000)}${']'.repeat(6000)}}}`;
  const rawBody = `{"artifactId": "${alphaArtifact}", "records": [${[...flat, deep].join(',')}]}`;
  await expectNothingWritten(() => service.rest('POST', '/batches', { token: tokenA, rawBody }), 400, 'invalid_parameter',
    /records\[6000\]\.data \(rowNumber 6001\) nests objects or arrays more than 32 levels deep/);
});

test('a NUL character in a query parameter is a 400, not a 500', async () => {
  const res = await service.rest('GET', '/batches?status=%00', { token: tokenA });
  expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'invalid_text' });
});

test('wrong types name the field or row', async () => {
  await expectNothingWritten(post({ artifactId: 42, records: [] }), 400, 'invalid_parameter', /artifactId must be the UUID/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: {} }), 400, 'invalid_parameter', /records must be a non-empty array/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [] }), 400, 'invalid_parameter', /records must be a non-empty array/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: '1', data: {} }] }), 400, 'invalid_parameter', /records\[0\]\.rowNumber must be a positive integer, got "1"/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: 0, data: {} }] }), 400, 'invalid_parameter', /records\[0\]\.rowNumber must be a positive integer/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: 1.5, data: {} }] }), 400, 'invalid_parameter', /rowNumber must be a positive integer/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: 1, data: {} }, { rowNumber: 2, data: [1] }] }), 400, 'invalid_parameter', /records\[1\]\.data \(rowNumber 2\) must be an object/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: 1, data: {} }], idempotencyKeyFields: [] }), 400, 'invalid_parameter', /idempotencyKeyFields must be a non-empty array/);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: [{ rowNumber: 1, data: {} }], idempotencyKeyFields: ['ServiceDate', 7] }), 400, 'invalid_parameter', /idempotencyKeyFields\[1\]/);
  await expectNothingWritten(post([1, 2]), 400, 'invalid_parameter', /body must be a JSON object/);
});

test('duplicate row numbers are a 400 naming the row', async () => {
  const records = serviceEvents(3);
  records[2].rowNumber = 2;
  await expectNothingWritten(post({ artifactId: alphaArtifact, records }), 400, 'duplicate_row_number', /records\[2\]\.rowNumber 2 appears more than once/);
});

test('the SQL function refuses the same for GraphQL and psql callers', async () => {
  const records = serviceEvents(2);
  records[1].rowNumber = 1;
  const before = await rowCounts(db);
  const res = await service.graphql(tokenA, 'mutation($a: UUID!, $r: JSON!) { createBatch(input: { artifactId: $a, records: $r }) { result { rowId } } }', { a: alphaArtifact, r: records });
  expect(res.errors?.[0].message).toMatch(/rowNumber 1 appears 2 times/);
  const bad = await service.graphql(tokenA, 'mutation($a: UUID!, $r: JSON!) { createBatch(input: { artifactId: $a, records: $r }) { result { rowId } } }', { a: alphaArtifact, r: [{ rowNumber: 1, data: 'x' }] });
  expect(bad.errors?.[0].message).toMatch(/records\[0\] must be \{"rowNumber": <positive integer>, "data": \{...\}\}, got object \(rowNumber 1, data string\)/);
  // The record's shape, never its values (a member's data).
  const phi = await service.graphql(tokenA, 'mutation($a: UUID!, $r: JSON!) { createBatch(input: { artifactId: $a, records: $r }) { result { rowId } } }', { a: alphaArtifact, r: [{ rowNumber: 0, data: { LastName: 'Smith', SubscriberId: 'W123456789' } }] });
  expect(phi.errors?.[0].message).toMatch(/records\[0\] must be .*got object \(rowNumber 0, data object\)/);
  expect(JSON.stringify(phi.errors)).not.toMatch(/Smith|W123456789/);
  expect(await rowCounts(db)).toEqual(before);
});

test('oversize: more records than the per-call limit is a 413 naming the limit; a body over the byte limit is a 413', async () => {
  const records = Array.from({ length: 100_001 }, (_, i) => ({ rowNumber: i + 1, data: { EventId: `E${i}` } }));
  await expectNothingWritten(post({ artifactId: alphaArtifact, records }), 413, 'too_many_records', /at most 100000 per call \(INGEST_MAX_RECORDS_PER_CALL\).*POST \/artifacts/);
  const huge = JSON.stringify({ artifactId: alphaArtifact, records: [{ rowNumber: 1, data: { Blob: 'x'.repeat(65 * 1024 * 1024) } }] });
  await expectNothingWritten(() => service.rest('POST', '/batches', { token: tokenA, rawBody: huge }), 413, 'body_too_large', /larger than the limit/);
});

test('unknown artifact and another tenant\'s artifact are the same 404', async () => {
  await expectNothingWritten(post({ artifactId: '00000000-0000-4000-8000-000000000000', records: serviceEvents(1) }), 404, 'not_found', /artifact 00000000-0000-4000-8000-000000000000 not found/);
  await expectNothingWritten(post({ artifactId: betaArtifact, records: serviceEvents(1) }), 404, 'not_found', new RegExp(`artifact ${betaArtifact} not found`));
  await expectNothingWritten(() => service.rest('POST', `/artifacts/${betaArtifact}/batches`, { token: tokenA }), 404, 'not_found', /not found/);
  expect((await service.rest('GET', `/artifacts/${betaArtifact}`, { token: tokenA })).status).toBe(404);
});

test('another tenant\'s batch is a 404 for status, records and retry', async () => {
  for (const [method, path] of [['GET', `/batches/${betaBatch}`], ['GET', `/batches/${betaBatch}/records?status=ERROR`], ['POST', `/batches/${betaBatch}/retry`]]) {
    const res = await service.rest(method, path, { token: tokenA });
    expect({ path, status: res.status, code: res.body.error.code }).toEqual({ path, status: 404, code: 'not_found' });
  }
  expect((await db.owner.query("select count(*)::int as n from ingestion.batch_record where batch_id = $1 and status = 'ERROR'", [betaBatch])).rows[0].n).toBeGreaterThan(0);
  const list = await service.rest('GET', '/batches?limit=500', { token: tokenA });
  expect(list.body.batches.map((b: { id: string }) => b.id)).not.toContain(betaBatch);
  expect(list.body.batches.length).toBeGreaterThan(0);
});

test('GraphQL shows only the caller\'s feeds, artifacts, batches and records; retry of another tenant\'s batch is not found', async () => {
  const res = await service.graphql<{ batches: { nodes: { tenantId: string; rowId: string; summary: { status: string } }[] }; feeds: { totalCount: number }; artifacts: { nodes: { tenantId: string }[] }; batchRecords: { nodes: { tenantId: string }[] } }>(
    tokenA,
    '{ batches { nodes { tenantId rowId summary topErrorCodes } } feeds { totalCount } artifacts { nodes { tenantId } } batchRecords(first: 50) { nodes { tenantId } } }',
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.feeds.totalCount).toBe(4);
  const tenants = new Set([...res.data.batches.nodes, ...res.data.artifacts.nodes, ...res.data.batchRecords.nodes].map((n) => n.tenantId));
  expect(tenants).toEqual(new Set([alpha]));
  const retry = await service.graphql(tokenA, 'mutation($id: UUID!) { retryBatch(input: { batchId: $id }) { result } }', { id: betaBatch });
  expect(retry.errors?.[0].message).toBe(`batch ${betaBatch} not found`);
  const status = await service.graphql<{ batchStatus: unknown }>(tokenA, 'query($id: UUID!) { batchStatus(batchId: $id) }', { id: betaBatch });
  expect(status.errors?.[0].message).toBe(`batch ${betaBatch} not found`);
});

test('permissions: ingestion.read to view, ingestion.update to create and retry; 403 names the permission', async () => {
  const reader = await service.token(alpha, ['ingestion.read']);
  const outsider = await service.token(alpha, ['claims.read']);
  const ownBatch = (await db.owner.query('select id from ingestion.batch where tenant_id = $1 limit 1', [alpha])).rows[0].id;
  expect((await service.rest('GET', `/batches/${ownBatch}`, { token: reader })).status).toBe(200);
  await expectNothingWritten(post({ artifactId: alphaArtifact, records: serviceEvents(1) }, reader), 403, 'forbidden', /^permission denied: ingestion\.update required$/);
  await expectNothingWritten(() => service.rest('POST', `/batches/${ownBatch}/retry`, { token: reader }), 403, 'forbidden', /ingestion\.update required/);
  await expectNothingWritten(() => service.rest('POST', '/artifacts?feed=service_events', { token: reader, rawBody: 'EventId\nX1\n', contentType: 'text/csv' }), 403, 'forbidden', /ingestion\.update required/);
  for (const path of [`/batches/${ownBatch}`, '/batches', `/batches/${ownBatch}/records`, '/feeds', '/feeds/kinds', `/artifacts/${alphaArtifact}`]) {
    const res = await service.rest('GET', path, { token: outsider });
    expect({ path, status: res.status, message: res.body.error?.message }).toEqual({ path, status: 403, message: 'permission denied: ingestion.read required' });
  }
  expect((await service.rest('GET', '/batches', { token: null })).status).toBe(401);
  expect((await service.rest('POST', '/batches', { token: null, body: {} })).status).toBe(401);
});

test('bad query parameters are 400s', async () => {
  expect((await service.rest('GET', '/batches/not-a-uuid', { token: tokenA })).body.error.message).toBe('batch id must be a UUID, got "not-a-uuid"');
  const ownBatch = (await db.owner.query('select id from ingestion.batch where tenant_id = $1 limit 1', [alpha])).rows[0].id;
  const wrongStatus = await service.rest('GET', `/batches/${ownBatch}/records?status=FAILED`, { token: tokenA });
  expect(wrongStatus.status).toBe(400);
  expect(wrongStatus.body.error.message).toMatch(/status must be one of PENDING, SUCCESS, ERROR; got FAILED/);
  expect((await service.rest('GET', '/batches?limit=0', { token: tokenA })).status).toBe(400);
  expect((await service.rest('GET', '/batches?limit=abc', { token: tokenA })).status).toBe(400);
});
