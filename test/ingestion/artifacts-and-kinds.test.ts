// Artifacts (CSV and JSON lines, streamed; sha256 duplicates flagged; size limit), batches made
// from them, and each feed kind's apply function: what lands in the domain tables and the precise
// error of each bad row.
import crypto from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { artifactId, finished, rowCounts, waitForBatch } from './helpers.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  beta = await seedTestTenant(db, 'beta', { seed: 9 });
  service = await startTestService(db, { jobs: true });
  token = await service.token(alpha, ['ingestion.read', 'ingestion.update']);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const upload = (feed: string, body: string, contentType = 'text/csv') => service.rest('POST', `/artifacts?feed=${feed}&fileName=test.csv`, { token, rawBody: body, contentType });

const MEMBERS_CSV = [
  'MemberId,FirstName,LastName,DateOfBirth,Gender,State,PostalCode,FavoriteColor',
  'MA00001,Ana,Reyes,1980-02-29,F,NY,10001,blue',
  'MA00002,Ben,Okafor,1975-06-01,male,NY,10002-1234,red',
  '"MA00003","Chloe","Nguyen, Jr.",1990-01-31,F,NY,10003,',
  'MA00004,Dev,Patel,1981-02-29,M,NY,10004,green',
  'MA00005,,Kim,1970-01-01,F,NY,10005,',
  'MA00006,Eli,Stone,1899-12-31,U,NY,10006,',
].join('\n');

test('a CSV artifact is received with its sha256, size and row count; the same file twice is flagged', async () => {
  const first = await upload('members', MEMBERS_CSV);
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({
    feed: 'members', kind: 'members', format: 'csv', status: 'RECEIVED', rowCount: 6, duplicateOf: null,
    sizeBytes: Buffer.byteLength(MEMBERS_CSV), sha256: crypto.createHash('sha256').update(MEMBERS_CSV).digest('hex'),
  });
  const rows = (await db.owner.query('select row_number, data from ingestion_private.artifact_row where artifact_id = $1 order by 1', [first.body.id])).rows;
  expect(rows[2]).toEqual({ row_number: 3, data: { MemberId: 'MA00003', FirstName: 'Chloe', LastName: 'Nguyen, Jr.', DateOfBirth: '1990-01-31', Gender: 'F', State: 'NY', PostalCode: '10003', FavoriteColor: '' } });

  const second = await upload('members', MEMBERS_CSV);
  expect(second.status).toBe(201);
  expect(second.body.duplicateOf).toBe(first.body.id);
  const refused = await service.rest('POST', `/artifacts/${second.body.id}/batches`, { token });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain(`same content (sha256 ${first.body.sha256}) as artifact ${first.body.id}`);

  // The first file becomes a batch; the members it brings are applied with their errors.
  const batch = await service.rest('POST', `/artifacts/${first.body.id}/batches`, { token });
  expect(batch.status).toBe(202);
  expect(batch.body).toMatchObject({ total: 6, idempotencyKeyFields: ['MemberId'], artifactId: first.body.id });
  expect(await waitForBatch(db, batch.body.id, finished)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success: 3, error: 3 });
  const members = (await db.owner.query("select member_number, first_name, last_name, date_of_birth::text, gender, postal_code from member.member where tenant_id = $1 and member_number like 'MA%' order by 1", [alpha])).rows;
  expect(members).toEqual([
    { member_number: 'MA00001', first_name: 'Ana', last_name: 'Reyes', date_of_birth: '1980-02-29', gender: 'F', postal_code: '10001' },
    { member_number: 'MA00002', first_name: 'Ben', last_name: 'Okafor', date_of_birth: '1975-06-01', gender: 'M', postal_code: '100021234' },
    { member_number: 'MA00003', first_name: 'Chloe', last_name: 'Nguyen, Jr.', date_of_birth: '1990-01-31', gender: 'F', postal_code: '10003' },
  ]);
  const errors = await service.rest('GET', `/batches/${batch.body.id}/records?status=ERROR`, { token });
  expect(errors.body.records.map((r: { rowNumber: number; errorDetail: { code: string; field: string; value: string } }) => [r.rowNumber, r.errorDetail.field, r.errorDetail.code, r.errorDetail.value])).toEqual([
    [4, 'DateOfBirth', 'INVALID_DATE', '1981-02-29'],
    [5, 'FirstName', 'MISSING_FIELD', null],
    [6, 'DateOfBirth', 'OUT_OF_RANGE', '1899-12-31'],
  ]);

  // Forced, the duplicate file's rows are all skipped as already applied: nothing doubles.
  const forced = await service.rest('POST', `/artifacts/${second.body.id}/batches`, { token, body: { allowDuplicate: true } });
  expect(forced.status).toBe(202);
  expect(await waitForBatch(db, forced.body.id, finished)).toMatchObject({ success: 3, error: 3, skipped_duplicates: 3 });
});

test('JSON lines artifacts; malformed files, wrong content type, unknown feed and oversize are 4xx with nothing written', async () => {
  const jsonl = '{"EventId":"EJ1","MemberId":"M0000001","FacilityId":"LAB","ServiceDate":"2026-04-01"}\n\n{"EventId":"EJ2","MemberId":"M0000002","FacilityId":"LAB","ServiceDate":"2026-04-02"}\n';
  const ok = await upload('service_events', jsonl, 'application/x-ndjson');
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ format: 'jsonl', rowCount: 2 });

  let before = await rowCounts(db);
  const badCsv = await upload('members', 'MemberId,FirstName\nM1,Ann\nM2,Bob,extra\n');
  expect([badCsv.status, badCsv.body.error.code]).toEqual([400, 'malformed_csv']);
  expect(badCsv.body.error.message).toMatch(/line 3/);
  // Two columns of one name kept the second's values only.
  const twice = await upload('service_events', 'EventId,MemberId,EventId\nPB5,M1,PB6\n');
  expect([twice.status, twice.body.error.code, twice.body.error.message]).toEqual([400, 'malformed_csv', 'the CSV header names columns 1 and 3 alike: each column needs a name of its own']);
  expect(await rowCounts(db)).toEqual(before);
  // An exporter's trailing comma: the unnamed column is skipped, the file taken.
  const trailing = await upload('members', 'MemberId,FirstName,\nM1,Ann,\n');
  expect([trailing.status, trailing.body.rowCount]).toEqual([201, 1]);
  const kept = (await db.owner.query('select data from ingestion_private.artifact_row where artifact_id = $1', [trailing.body.id])).rows;
  expect(kept.map((r) => r.data)).toEqual([{ MemberId: 'M1', FirstName: 'Ann' }]);
  before = await rowCounts(db);
  const badJsonl = await upload('members', '{"MemberId":"M1"}\n{"MemberId":\n', 'application/x-ndjson');
  expect([badJsonl.status, badJsonl.body.error.code]).toEqual([400, 'malformed_jsonl']);
  expect(badJsonl.body.error.message).toMatch(/^line 2 is not valid JSON/);
  const nul = await upload('members', '{"MemberId":"M1","FirstName":"A\\u0000B"}\n', 'application/x-ndjson');
  expect([nul.status, nul.body.error.code]).toEqual([400, 'invalid_character']);
  const notObject = await upload('members', '["M1"]\n', 'application/x-ndjson');
  expect(notObject.body.error.message).toBe('line 1 must be a JSON object (one record per line)');
  const wrongType = await upload('members', '<xml/>', 'application/xml');
  expect([wrongType.status, wrongType.body.error.code]).toEqual([415, 'unsupported_media_type']);
  const noFeed = await upload('nope', 'MemberId\nM1\n');
  expect([noFeed.status, noFeed.body.error.message]).toEqual([404, 'feed nope not found']);
  const betaFeed = (await db.owner.query("select id from ingestion.feed where tenant_id = $1 and name = 'members'", [beta])).rows[0].id;
  expect((await upload(betaFeed, 'MemberId\nM1\n')).status).toBe(404);
  const missingFeed = await service.rest('POST', '/artifacts', { token, rawBody: 'MemberId\nM1\n', contentType: 'text/csv' });
  expect(missingFeed.status).toBe(400);

  process.env.INGEST_ARTIFACT_MAX_BYTES = '1kb';
  try {
    const big = `MemberId,FirstName\n${Array.from({ length: 200 }, (_, i) => `M${i},Name${i}`).join('\n')}\n`;
    const declared = await upload('members', big);
    expect([declared.status, declared.body.error.code]).toEqual([413, 'artifact_too_large']);
    expect(declared.body.error.message).toMatch(/limit of 1024 bytes \(INGEST_ARTIFACT_MAX_BYTES\)/);
    // Streamed without a Content-Length: the limit is counted while reading.
    const chunks = [big.slice(0, 600), big.slice(600)];
    const streamed = await fetch(`${service.url}/artifacts?feed=members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: new ReadableStream({ pull(controller) { const next = chunks.shift(); if (next) controller.enqueue(new TextEncoder().encode(next)); else controller.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('artifact_too_large');
  } finally {
    delete process.env.INGEST_ARTIFACT_MAX_BYTES;
  }
  expect(await rowCounts(db)).toEqual(before);
});

test('GET /feeds/kinds gives each kind\'s JSON schema, named as the manual names the fields', async () => {
  const res = await service.rest('GET', '/feeds/kinds', { token });
  expect(Object.keys(res.body).sort()).toEqual(['charges', 'coverage_policies', 'members', 'service_events']);
  expect(res.body.service_events.required).toEqual(['EventId', 'MemberId', 'FacilityId', 'ServiceDate']);
  expect(Object.keys(res.body.service_events.properties)).toEqual(expect.arrayContaining(['EventId', 'MemberId', 'FacilityId', 'ServiceDate', 'Status', 'ProviderNpi', 'ServiceTypeCode']));
  expect(Object.keys(res.body.charges.properties)).toEqual(expect.arrayContaining(['ChargeId', 'EventId', 'MemberId', 'ServiceDate', 'CptCode', 'Modifiers', 'IcdCodes', 'Units', 'Amount', 'RenderingNpi', 'BillingNpi', 'FacilityId', 'PlaceOfService']));
  expect(Object.keys(res.body.coverage_policies.properties)).toEqual(expect.arrayContaining(['MemberId', 'PayerId', 'SubscriberId', 'GroupNumber', 'Relationship', 'EffectiveFrom', 'EffectiveTo', 'Priority']));
  expect(res.body.members.required).toEqual(['MemberId', 'FirstName', 'LastName', 'DateOfBirth']);
});

async function runBatch(feed: string, records: Record<string, unknown>[], keys?: string[]) {
  const res = await service.rest('POST', '/batches', {
    token, body: { artifactId: await artifactId(db, alpha, feed), records: records.map((data, i) => ({ rowNumber: i + 1, data })), idempotencyKeyFields: keys },
  });
  expect(res.status).toBe(202);
  await waitForBatch(db, res.body.id, finished);
  const errors = (await service.rest('GET', `/batches/${res.body.id}/records?status=ERROR`, { token })).body.records as { rowNumber: number; errorDetail: { field: string; code: string; value: string | null } }[];
  return { id: res.body.id as string, errors: errors.map((r) => [r.rowNumber, r.errorDetail.field, r.errorDetail.code, r.errorDetail.value]) };
}

test('members: names are text of at most 100 characters (an object, a boolean or a list is not stored as its JSON)', async () => {
  const base = { MemberId: 'MT0001', FirstName: 'Ann', LastName: 'Lee', DateOfBirth: '1980-01-01' };
  const { errors } = await runBatch('members', [
    base,
    { ...base, MemberId: 'MT0002', FirstName: { a: 1 } },
    { ...base, MemberId: 'MT0003', LastName: true },
    { ...base, MemberId: 'MT0004', LastName: ['x'] },
    { ...base, MemberId: 'MT0005', FirstName: 'A'.repeat(101) },
    { ...base, MemberId: 'MT0006', MiddleName: 7 },
  ]);
  expect(errors).toEqual([
    [2, 'FirstName', 'INVALID_TYPE', null],
    [3, 'LastName', 'INVALID_TYPE', null],
    [4, 'LastName', 'INVALID_TYPE', null],
    [5, 'FirstName', 'TOO_LONG', null],
    [6, 'MiddleName', 'INVALID_TYPE', null],
  ]);
  expect((await db.owner.query("select member_number from member.member where tenant_id = $1 and member_number like 'MT000%' order by 1", [alpha])).rows).toEqual([{ member_number: 'MT0001' }]);
});

test('coverage_policies: payer codes and members of this tenant only; dependents need the subscriber; dates in order', async () => {
  await db.owner.query("insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, 'MBETA1', 'Other', 'Tenant', '1970-01-01')", [beta]);
  await db.owner.query("insert into core.payer (tenant_id, code, name, payer_identifier) values ($1, 'BETAONLY', 'Beta payer', 'BETA1')", [beta]);
  const base = { MemberId: 'M0000003', PayerId: 'AETNA', SubscriberId: 'ACT123456789', GroupNumber: 'G1', EffectiveFrom: '2026-01-01', Priority: 2 };
  const { errors } = await runBatch('coverage_policies', [
    base,
    { ...base, SubscriberId: 'ACT2', MemberId: 'MBETA1' },
    { ...base, SubscriberId: 'ACT3', PayerId: 'BETAONLY' },
    { ...base, SubscriberId: 'ACT4', Relationship: '19', SubscriberFirstName: 'Pat' },
    { ...base, SubscriberId: 'ACT5', EffectiveTo: '2025-12-31' },
    { ...base, SubscriberId: 'ACT6', Priority: 4 },
    { ...base, SubscriberId: 'ACT7', Relationship: '19', SubscriberFirstName: 'Pat', SubscriberLastName: 'Doe', SubscriberDateOfBirth: '1960-05-05', SubscriberGender: 'F' },
  ]);
  expect(errors).toEqual([
    [2, 'MemberId', 'UNKNOWN_MEMBER', 'MBETA1'],
    [3, 'PayerId', 'UNKNOWN_PAYER', 'BETAONLY'],
    [4, 'SubscriberLastName', 'MISSING_FIELD', null],
    [5, 'EffectiveTo', 'DATES_OUT_OF_ORDER', '2025-12-31'],
    [6, 'Priority', 'INVALID_VALUE', '4'],
  ]);
  const rows = (await db.owner.query(`select c.subscriber_id, p.code, c.priority, c.relationship_code, c.subscriber_last_name from member.coverage_policy c join core.payer p on p.id = c.payer_id
    join member.member m on m.id = c.member_id where c.tenant_id = $1 and m.member_number = 'M0000003' and c.subscriber_id in ('ACT123456789', 'ACT7') order by 1`, [alpha])).rows;
  expect(rows).toEqual([{ subscriber_id: 'ACT123456789', code: 'AETNA', priority: 2, relationship_code: '18', subscriber_last_name: null }, { subscriber_id: 'ACT7', code: 'AETNA', priority: 2, relationship_code: '19', subscriber_last_name: 'Doe' }]);
});

test('service_events: another tenant\'s facility is unknown; unknown fields are kept with the record and ignored', async () => {
  await db.owner.query("insert into core.facility (tenant_id, code, name) values ($1, 'BETAFAC', 'Beta clinic')", [beta]);
  const event = { EventId: 'EK1', MemberId: 'M0000004', FacilityId: 'OPC', ServiceDate: '2026-05-01', Status: 'checked_in', ProviderNpi: '1234567893', ServiceTypeCode: '98', Room: '12B' };
  const { id, errors } = await runBatch('service_events', [event, { ...event, EventId: 'EK2', FacilityId: 'BETAFAC' }, { ...event, EventId: 'EK3', ProviderNpi: '1234567890' }, { ...event, EventId: 'EK4', Status: 'DONE' }, { ...event, EventId: 'bad id!' }], ['EventId']);
  expect(errors).toEqual([
    [2, 'FacilityId', 'UNKNOWN_FACILITY', 'BETAFAC'],
    [3, 'ProviderNpi', 'INVALID_NPI', '1234567890'],
    [4, 'Status', 'INVALID_VALUE', 'DONE'],
    [5, 'EventId', 'INVALID_FORMAT', 'bad id!'],
  ]);
  const row = (await db.owner.query("select e.status, e.rendering_npi, e.service_type_code, f.code from service.service_event e join core.facility f on f.id = e.facility_id where e.tenant_id = $1 and e.event_number = 'EK1'", [alpha])).rows[0];
  expect(row).toEqual({ status: 'CHECKED_IN', rendering_npi: '1234567893', service_type_code: '98', code: 'OPC' });
  const kept = (await db.owner.query('select data from ingestion.batch_record where batch_id = $1 and row_number = 1', [id])).rows[0].data;
  expect(kept.Room).toBe('12B');
});

test('charges: land as NEW for the claims engineer; codes, amounts and references checked; a VALIDATED charge is not replaced', async () => {
  await db.owner.query("insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date) select $1, 'ECH1', m.id, f.id, '2026-05-02' from member.member m, core.facility f where m.tenant_id = $1 and m.member_number = 'M0000005' and f.tenant_id = $1 and f.code = 'LAB'", [alpha]);
  await db.owner.query("insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, units, amount, service_date, status) select $1, 'CH-LOCKED', m.id, f.id, '99213', 1, 10, '2026-05-02', 'VALIDATED' from member.member m, core.facility f where m.tenant_id = $1 and m.member_number = 'M0000005' and f.tenant_id = $1 and f.code = 'LAB'", [alpha]);
  const charge = { ChargeId: 'CH1', EventId: 'ECH1', MemberId: 'M0000005', ServiceDate: '2026-05-02', CptCode: '80053', Modifiers: ['QW'], IcdCodes: 'E11.9, I10', Units: '2', Amount: 88.5, BillingNpi: '1234567893', PlaceOfService: '81' };
  const { errors } = await runBatch('charges', [
    charge,
    { ...charge, ChargeId: 'CH2', CptCode: '8005' },
    { ...charge, ChargeId: 'CH3', Modifiers: '25,59,LT,RT,XS' },
    { ...charge, ChargeId: 'CH4', IcdCodes: ['E11.9', 'U07.1'] },
    { ...charge, ChargeId: 'CH5', EventId: 'NOPE' },
    { ...charge, ChargeId: 'CH6', Amount: 'twelve' },
    { ...charge, ChargeId: 'CH-LOCKED' },
    { ...charge, ChargeId: 'CH8', MemberId: 'M0000006' },
    { ...charge, ChargeId: 'CH9', Units: 0 },
  ]);
  expect(errors).toEqual([
    [2, 'CptCode', 'INVALID_CODE', '8005'],
    [3, 'Modifiers', 'TOO_MANY_CODES', '25,59,LT,RT,XS'],
    [4, 'IcdCodes', 'INVALID_CODE', 'U071'],
    [5, 'EventId', 'UNKNOWN_EVENT', 'NOPE'],
    [6, 'Amount', 'INVALID_NUMBER', 'twelve'],
    [7, 'ChargeId', 'CHARGE_NOT_EDITABLE', 'CH-LOCKED'],
    [8, 'EventId', 'EVENT_MEMBER_MISMATCH', 'ECH1'],
    [9, 'Units', 'OUT_OF_RANGE', '0'],
  ]);
  const row = (await db.owner.query(`select c.status, c.procedure_code, c.modifiers, c.diagnosis_codes, c.units::text, c.amount::text, c.place_of_service, f.code as facility
    from billing.charge c join core.facility f on f.id = c.facility_id where c.tenant_id = $1 and c.charge_number = 'CH1'`, [alpha])).rows[0];
  expect(row).toEqual({ status: 'NEW', procedure_code: '80053', modifiers: ['QW'], diagnosis_codes: ['E119', 'I10'], units: '2.00', amount: '88.50', place_of_service: '81', facility: 'LAB' });
  expect((await db.owner.query("select status, amount::text from billing.charge where tenant_id = $1 and charge_number = 'CH-LOCKED'", [alpha])).rows[0]).toEqual({ status: 'VALIDATED', amount: '10.00' });
});

test('the demo step seeds a feed and an artifact of each kind, and a processed batch whose errors a members batch and a retry fix', async () => {
  const feeds = (await service.rest('GET', '/feeds', { token })).body.feeds.map((f: { name: string; kind: string }) => [f.name, f.kind]);
  expect(feeds).toEqual([['charges', 'charges'], ['coverage_policies', 'coverage_policies'], ['members', 'members'], ['service_events', 'service_events']]);
  const seeded = (await db.owner.query("select b.id from ingestion.batch b join ingestion.feed f on f.id = b.feed_id where b.tenant_id = $1 and f.name = 'service_events' order by b.created_at limit 1", [alpha])).rows[0].id;
  expect((await service.rest('GET', `/batches/${seeded}`, { token })).body).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total: 8, success: 5, error: 3, topErrorCodes: [{ code: 'UNKNOWN_MEMBER', count: 3 }] });
  const members = await service.rest('POST', `/artifacts/${await artifactId(db, alpha, 'members')}/batches`, { token });
  await waitForBatch(db, members.body.id, finished);
  expect((await service.rest('POST', `/batches/${seeded}/retry`, { token })).body.requeued).toBe(3);
  expect(await waitForBatch(db, seeded, finished)).toMatchObject({ status: 'COMPLETED', success: 8, error: 0 });
});

test('a large artifact becomes a batch at once, its rows pending without a copy, well inside the API\'s statement timeout', async () => {
  // The feed is disabled, so the batch is HELD and no worker applies its rows during later tests.
  const feed = (await db.owner.query("select id from ingestion.feed where tenant_id = $1 and name = 'service_events'", [beta])).rows[0].id as string;
  const betaToken = await service.token(beta, ['ingestion.read', 'ingestion.update']);
  expect((await service.rest('PATCH', `/feeds/${feed}`, { token: betaToken, body: { jobsDisabled: true } })).status).toBe(200);
  const rows = 60_000;
  const csv = ['EventId,MemberId,FacilityId,ServiceDate', ...Array.from({ length: rows }, (_, i) => `TO${i + 1},M0000001,MAIN,2026-02-03`)].join('\n');
  const uploaded = await service.rest('POST', '/artifacts?feed=service_events&fileName=large.csv', { token: betaToken, rawBody: csv, contentType: 'text/csv' });
  expect(uploaded.status).toBe(201);
  // The batch's records are made as the worker applies the rows, so making the batch writes none
  // of them: it passes a 100 ms statement timeout (writing 60,000 records would not).
  const saved = process.env.API_STATEMENT_TIMEOUT_MS;
  process.env.API_STATEMENT_TIMEOUT_MS = '100';
  try {
    const batch = await service.rest('POST', `/artifacts/${uploaded.body.id}/batches`, { token: betaToken });
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({ status: 'HELD', total: rows, pending: rows });
    expect((await db.owner.query('select count(*)::integer as n from ingestion.batch_record where batch_id = $1', [batch.body.id])).rows[0].n).toBe(0);
    // The rows not yet applied are listed as PENDING records, with their keys.
    const page = await service.rest('GET', `/batches/${batch.body.id}/records?status=PENDING&after=59998`, { token: betaToken });
    expect(page.body.records).toEqual([
      expect.objectContaining({ rowNumber: 59_999, status: 'PENDING', attempts: 0, idempotencyKey: '{TO59999}', data: expect.objectContaining({ EventId: 'TO59999' }) }),
      expect.objectContaining({ rowNumber: 60_000, status: 'PENDING', attempts: 0, idempotencyKey: '{TO60000}' }),
    ]);
  } finally {
    if (saved === undefined) delete process.env.API_STATEMENT_TIMEOUT_MS;
    else process.env.API_STATEMENT_TIMEOUT_MS = saved;
  }
}, 60_000);
