// The published X12 code lists (Claim Status Category 507, Claim Status 508, Entity Identifier 98, CARC 139,
// RARC 411) are data files, sql/data/x12-code/<table>.csv, loaded into the x12_code tables after every
// migration. A 277CA with a code only the full lists have reads as words; a code no list has still moves the
// claim, shown as the raw code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { listCodeListFiles, loadCodeLists, readCodeListFile } from '../../server/db/load-code-lists.ts';
import { builtClaims, readyTenant } from './fixtures.ts';
import { asTenant } from '../claims/fixtures.ts';
import { clp, line, post, remittance, submittedClaim } from '../remittances/fixtures.ts';

let db: TestDatabase;
let service: TestService;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await readyTenant(db, 'code-lists');
  service = await startTestService(db, { jobs: false });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

const tableRows = async (table: string, columns: string[]) =>
  (await db.owner.query(`select ${columns.map((c) => `${c}::text`).join(', ')} from x12_code.${table}`)).rows.map((r) =>
    Object.fromEntries(columns.map((c) => [c, r[c] === null ? null : String(r[c])])));

test('each x12_code table holds its published list, code for code and text for text', async () => {
  const files = listCodeListFiles().map(readCodeListFile);
  expect(files.map((f) => [f.table, f.rows.length])).toEqual([
    ['carc', 407], ['claim_status', 666], ['claim_status_category', 53], ['entity_identifier', 229], ['rarc', 1216],
  ]);
  for (const file of files) {
    const byCode = (a: Record<string, string | null>, b: Record<string, string | null>) => (a.code! < b.code! ? -1 : a.code! > b.code! ? 1 : 0);
    expect({ table: file.table, rows: (await tableRows(file.table, file.columns)).sort(byCode) })
      .toEqual({ table: file.table, rows: [...file.rows].sort(byCode) });
  }
  // What a biller reads: the meaning, the published usage note beside it, retired codes kept and marked.
  const status = (await db.owner.query("select description, usage_note from x12_code.claim_status where code = '562'")).rows[0];
  expect(status).toEqual({ description: "Entity's National Provider Identifier (NPI)", usage_note: 'This code requires use of an Entity Code.' });
  const carc = (await db.owner.query("select code, status, stop_date::text, denial_category from x12_code.carc where code in ('17', '45', '302') order by code")).rows;
  expect(carc).toEqual([
    { code: '17', status: 'deactivated', stop_date: '2009-07-01', denial_category: 'MISSING_INFORMATION' },
    { code: '302', status: 'current', stop_date: null, denial_category: 'AUTHORIZATION' },
    { code: '45', status: 'current', stop_date: null, denial_category: 'OTHER' },
  ]);
  const rarc = (await db.owner.query("select code, alert, status, stop_date::text from x12_code.rarc where code in ('MA01', 'M33') order by code")).rows;
  expect(rarc).toEqual([
    { code: 'M33', alert: false, status: 'deactivated', stop_date: '2004-08-01' },
    { code: 'MA01', alert: true, status: 'current', stop_date: null },
  ]);
});

test('a 277CA with a status and an entity only the full lists have reads as words; an unknown code still rejects, shown raw', async () => {
  const [rare] = await builtClaims(db, tenantId, [{ number: 'CL-RARE', amount: 100 }]);
  const [unknown] = await builtClaims(db, tenantId, [{ number: 'CL-UNKNOWN', amount: 50 }]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds: [rare, unknown] } });
  expect(submitted.body).toMatchObject({ submissions: [{ claimCount: 2 }] });
  const pcn = async (id: string) => (await db.owner.query('select patient_control_number from billing.claim where id = $1', [id])).rows[0].patient_control_number;
  const body = [
    'ST*277*0001*005010X214', 'BHT*0085*08*778*20260101*1200*TH',
    'HL*1**20*1', 'NM1*PR*2*SANDBOX PAYER*****PI*SANDBOX', 'TRN*1*778', 'DTP*050*D8*20260101', 'DTP*009*D8*20260101',
    'HL*2*1*21*1', 'NM1*41*2*RCM*****46*RCMSEND', 'TRN*2*778', 'STC*A1:19:PR*20260101*WQ*150', 'QTY*AA*2', 'AMT*YY*150',
    'HL*3*2*19*1', 'NM1*85*2*BILLING*****XX*1234567893', 'TRN*1*0', 'STC*A1:19:PR*20260101*WQ*150', 'QTY*QC*2', 'AMT*YY*150',
    // 503 and QB were missing from the short lists (503 read "Provider's claim number missing.").
    'HL*4*3*22*0', 'NM1*QC*1*DOE*JANE****MI*ACT123', `TRN*2*${await pcn(rare)}`, 'STC*A7:503:QB*20260101*U*100', 'DTP*472*D8*20260101',
    'HL*5*3*22*0', 'NM1*QC*1*DOE*JOHN****MI*ACT124', `TRN*2*${await pcn(unknown)}`, 'STC*A6:99999:Q9Z*20260101*U*50', 'DTP*472*D8*20260101',
  ];
  const x12 = [
    'ISA*00*          *00*          *ZZ*SANDBOXCH      *ZZ*RCMSEND        *260101*1200*^*00501*000000778*0*T*:',
    'GS*HN*SANDBOXCH*RCMSEND*20260101*1200*778*X*005010X214', ...body, `SE*${body.length + 1}*0001`, 'GE*1*778', 'IEA*1*000000778',
  ].join('~') + '~';
  const res = await service.rest('POST', '/claims/acknowledgments', { token, rawBody: x12 });
  expect(res.status).toBe(200);
  expect(res.body.acknowledgments).toEqual([expect.objectContaining({ kind: '277CA', rejected: 2, accepted: 0, unmatched: [] })]);

  expect((await service.rest('GET', `/claims/${rare}`, { token })).body).toMatchObject({
    status: 'REJECTED', rejectionReason: "A7:503:QB — Entity's Street Address — Purchase Service Provider",
  });
  expect((await service.rest('GET', `/claims/${unknown}`, { token })).body).toMatchObject({
    status: 'REJECTED', rejectionReason: 'A6:99999:Q9Z — status code 99999 — entity Q9Z',
  });
  const queue = (await service.rest('GET', '/claims/rejections', { token })).body;
  expect(queue.groups.map((g: { reasonGroup: string }) => g.reasonGroup)).toEqual(expect.arrayContaining(['277CA A7:503:QB', '277CA A6:99999:Q9Z']));
});

test('an 835 denial with a CARC only the full list has is worked under its category with the published text; a retired CARC still reads; an unknown one denies as OTHER', async () => {
  const expired = await submittedClaim(db, tenantId, [80]);
  const retired = await submittedClaim(db, tenantId, [70]);
  const unknown = await submittedClaim(db, tenantId, [60]);
  await post(db, tenantId, remittance('TRN-CODES-1', [
    clp(expired.pcn, '4', [line('99213', 80, 0, [['CO', '302', 80]], ['N54'])]),
    clp(retired.pcn, '4', [line('99213', 70, 0, [['CO', '17', 70]], ['M33'])]),
    clp(unknown.pcn, '4', [line('99213', 60, 0, [['CO', 'Z99', 60]])]),
  ]));
  const queue = await asTenant(db, tenantId, 'claims.read', 'select denial_category, reason_code, open_count from billing.denial_queue order by reason_code');
  expect(queue).toEqual([
    { denial_category: 'MISSING_INFORMATION', reason_code: '17', open_count: 1 },
    { denial_category: 'AUTHORIZATION', reason_code: '302', open_count: 1 },
    { denial_category: 'OTHER', reason_code: 'Z99', open_count: 1 },
  ]);
  // The EOB's words: the CARC and RARC texts as published (GraphQL ClaimAdjustment.reasonDescription, remarkDescriptions).
  const texts = await asTenant<{ reason_code: string; reason: string | null; remarks: (string | null)[] }>(db, tenantId, 'claims.read',
    `select a.reason_code, billing.claim_adjustment_reason_description(a) as reason, billing.claim_adjustment_remark_descriptions(a) as remarks
       from billing.claim_adjustment a where a.claim_id = any($1) order by a.reason_code`, [[expired.claimId, retired.claimId, unknown.claimId]]);
  expect(texts).toEqual([
    { reason_code: '17', reason: 'Requested information was not provided or was insufficient/incomplete. At least one Remark Code must be provided (may be comprised of either the Remittance Advice Remark Code or NCPDP Reject Reason Code.)', remarks: ['Missing/incomplete/invalid UPIN for the ordering/referring/performing provider.'] },
    { reason_code: '302', reason: 'Precertification/notification/authorization/pre-treatment time limit has expired.', remarks: ['Claim information is inconsistent with pre-certified/authorized services.'] },
    { reason_code: 'Z99', reason: null, remarks: [] },
  ]);
});

test('loading a changed list adds, rewrites and removes codes; a file that does not fit its table changes nothing and names itself', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x12-code-'));
  const client = await db.owner.connect();
  try {
    const original = fs.readFileSync(path.join(path.dirname(listCodeListFiles()[0]), 'claim_status.csv'), 'utf8');
    const changed = original
      .replace(/^0,[^\n]*\n/m, '')
      .replace("562,Entity's National Provider Identifier (NPI),", "562,Entity's NPI,")
      .concat('99999,A code a newer list adds.,\n');
    fs.writeFileSync(path.join(dir, 'claim_status.csv'), changed);
    expect(await loadCodeLists(client, dir)).toEqual({ claim_status: 666 });
    const rows = (await db.owner.query("select code, description from x12_code.claim_status where code in ('0', '562', '99999') order by code")).rows;
    expect(rows).toEqual([{ code: '562', description: "Entity's NPI" }, { code: '99999', description: 'A code a newer list adds.' }]);

    fs.writeFileSync(path.join(dir, 'claim_status.csv'), 'code,description,meaning\n0,Cannot provide further status electronically.,x\n');
    await expect(loadCodeLists(client, dir)).rejects.toThrow('sql/data/x12-code/claim_status.csv: x12_code.claim_status has no column meaning');
    fs.writeFileSync(path.join(dir, 'claim_status.csv'), 'code,description\n20,Accepted for processing.\n20,Accepted.\n');
    await expect(loadCodeLists(client, dir)).rejects.toThrow('claim_status.csv line 3: code 20 appears twice');
    expect((await db.owner.query("select count(*)::int as n from x12_code.claim_status")).rows[0].n).toBe(666);

    expect(await loadCodeLists(client)).toMatchObject({ claim_status: 666 });
    expect((await db.owner.query("select description from x12_code.claim_status where code = '562'")).rows[0].description).toBe("Entity's National Provider Identifier (NPI)");
  } finally {
    client.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
