// Claims leave over real HTTP: POST /claims/submit, the worker's claims/send-submission writes the
// 837P once and sends it to the sandbox partner (CORE batch), the file is retrievable as sent,
// and a send repeated after a lost record sends the same interchange (the partner sees a duplicate).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { sendSubmission } from '../../server/claims/send-submission.ts';
import { logger } from '../../server/log.ts';
import { parseX12 } from '../../x12/parse.ts';
import { waitFor } from '../eligibility/support.ts';
import { builtClaims, readyTenant } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let partner: SandboxPartner;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0 });
  tenantId = await readyTenant(db, 'send');
  await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [tenantId, partner.url]);
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await partner?.close();
  await db?.drop();
});

test('submitted claims go out as one 837P interchange, kept byte for byte and retrievable', async () => {
  const claimIds = await builtClaims(db, tenantId, [{ number: 'T1-A', amount: 125 }, { number: 'T1-B', facility: 'OPC', amount: 40.5, diagnosisCodes: ['I10', 'E78.5'], diagnosisPointers: [2, 1] }]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds } });
  expect(submitted.status).toBe(200);
  expect(submitted.body.submissions).toHaveLength(1);
  const { submissionId, interchangeControlNumber, claimCount } = submitted.body.submissions[0];
  expect(claimCount).toBe(2);
  await waitFor(async () => (await service.rest('GET', `/claims/submissions/${submissionId}`, { token })).body.status === 'SENT', 20_000, 'the submission to be SENT');
  const detail = (await service.rest('GET', `/claims/submissions/${submissionId}`, { token })).body;
  expect(detail).toMatchObject({ status: 'SENT', interchangeControlNumber, claimCount: 2, sendAttempts: 1, receipt: { httpStatus: 200 } });
  expect(partner.stats().claimInterchanges).toBe(1);

  const file = await fetch(`${service.url}/claims/submissions/${submissionId}/x12`, { headers: { authorization: `Bearer ${token}` } });
  expect(file.headers.get('content-type')).toMatch(/^application\/edi-x12/);
  const x12 = await file.text();
  const stored = (await db.owner.query('select x12 from billing.claim_submission where id = $1', [submissionId])).rows[0].x12;
  expect(x12).toBe(stored);
  // Kept for an independent validator run (pyx12): see docs/claims-submission.md.
  fs.writeFileSync(path.join(os.tmpdir(), 'rcm-claims-out-sample.837'), x12);
  const parsed = parseX12(x12);
  expect(Number(parsed.interchange.controlNumber)).toBe(interchangeControlNumber);
  const pcns = (await db.owner.query('select patient_control_number from billing.claim where id = any($1) order by 1', [claimIds])).rows.map((r) => r.patient_control_number);
  for (const pcn of pcns) expect(x12).toContain(`CLM*${pcn}*`);
  expect(x12).toContain('HI*ABK:I10*ABF:E785');
  expect(x12).toContain('ST*837*0001*005010X222A1');

  const claim = (await service.rest('GET', `/claims/${claimIds[0]}`, { token })).body;
  expect(claim).toMatchObject({ claimId: claimIds[0], status: 'SUBMITTED', submissions: [{ submissionId, interchangeControlNumber }] });
  expect(claim.history.map((h: { status: string }) => h.status)).toEqual(['BUILT', 'SUBMITTED']);
  const found = (await service.rest('GET', `/claims?patientControlNumber=${claim.patientControlNumber}`, { token })).body;
  expect(found.claims.map((c: { claimId: string }) => c.claimId)).toEqual([claimIds[0]]);

  // The record of the send is lost (as after a crash between send and record): the same bytes
  // go again under the same ISA13, and the partner's duplicate check sees it.
  await db.owner.query("update billing.claim_submission set status = 'CREATED' where id = $1", [submissionId]);
  await sendSubmission((work) => db.owner.connect().then(async (c) => { try { return await work(c); } finally { c.release(); } }), tenantId, submissionId, logger('claims'));
  expect(partner.stats()).toMatchObject({ claimInterchanges: 2, duplicateClaimInterchanges: 1 });
  expect((await db.owner.query('select x12, send_attempts from billing.claim_submission where id = $1', [submissionId])).rows[0]).toEqual({ x12: stored, send_attempts: 2 });
});

test('bad input is a 400 naming the field or claim; another tenant sees 404; nothing is written', async () => {
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  expect((await service.rest('POST', '/claims/submit', { token, body: { claimIds: ['nope'] } })).body.error.details).toEqual({ field: 'claimIds[0]' });
  const [id] = await builtClaims(db, tenantId, [{ number: 'T2-A', facility: 'LAB' }]);
  // An explicit null is not "every BUILT claim" (only a body without claimIds is).
  const nullIds = await service.rest('POST', '/claims/submit', { token, body: { claimIds: null } });
  expect({ status: nullIds.status, details: nullIds.body.error?.details }).toEqual({ status: 400, details: { field: 'claimIds' } });
  expect((await db.owner.query('select status from billing.claim where id = $1', [id])).rows[0].status).toBe('BUILT');
  await db.owner.query("update core.facility set tax_id = null where tenant_id = $1 and code = 'LAB'", [tenantId]);
  const res = await service.rest('POST', '/claims/submit', { token, body: { claimIds: [id] } });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([{ claimId: id, code: 'FACILITY_TAX_ID_MISSING', message: expect.stringContaining('tax_id') }]);
  expect((await db.owner.query('select status from billing.claim where id = $1', [id])).rows[0].status).toBe('BUILT');
  const other = await readyTenant(db, 'send-other');
  const otherToken = await service.token(other, ['claims.read', 'claims.write']);
  expect((await service.rest('GET', `/claims/${id}`, { token: otherToken })).status).toBe(404);
  expect((await service.rest('POST', '/claims/submit', { token: otherToken, body: { claimIds: [id] } })).body.errors[0].code).toBe('NOT_FOUND');
  expect((await service.rest('POST', '/claims/submit', { token: await service.token(tenantId, ['claims.read']), body: {} })).status).toBe(403);
});

test('the nightly cycle step submits what was built, per partner, with its heartbeat row; claims missing data stay BUILT', async () => {
  await db.owner.query("update core.facility set tax_id = '134567999' where tenant_id = $1 and code = 'LAB'", [tenantId]);
  const ready = await builtClaims(db, tenantId, [{ number: 'T3-A' }, { number: 'T3-B', facility: 'OPC' }]);
  await db.owner.query("update core.facility set tax_id = null where tenant_id = $1 and code = 'LAB'", [tenantId]);
  const since = new Date();
  await db.owner.query("select graphile_worker.add_job('claims/submit-built-claims', json_build_object('tenantId', $1::uuid), queue_name => 'tenant:' || $1 || ':claims')", [tenantId]);
  await waitFor(async () => (await db.owner.query("select 1 from ops.job_runner_cycle where tenant_id = $1 and task = 'claims/submit-built-claims' and status = 'SUCCEEDED' and started_at >= $2", [tenantId, since])).rowCount === 1, 20_000, 'the cycle step');
  const { rows } = await db.owner.query("select counts from ops.job_runner_cycle where tenant_id = $1 and task = 'claims/submit-built-claims'", [tenantId]);
  // T2-A (LAB, no EIN) is skipped; T3-A and T3-B go in one submission to the one partner.
  expect(rows[0].counts).toEqual({ submissions: 1, claimsSubmitted: 2, claimsSkipped: 1, partners: 1 });
  const statuses = (await db.owner.query('select distinct status from billing.claim where id = any($1)', [ready])).rows;
  expect(statuses).toEqual([{ status: 'SUBMITTED' }]);
});

test('GraphQL submitClaims is the same function; each tenant sees only its own submissions', async () => {
  const [id] = await builtClaims(db, tenantId, [{ number: 'T4-A' }]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const res = await service.graphql<{ submitClaims: { result: { submissionId: string; claimCount: number; errorCode: string | null }[] } }>(token,
    'mutation($ids: [UUID]) { submitClaims(input: { claimIds: $ids }) { result { submissionId claimCount errorCode } } }', { ids: [id] });
  expect(res.errors).toBeUndefined();
  const [outcome] = res.data.submitClaims.result;
  expect(outcome).toMatchObject({ claimCount: 1, errorCode: null });
  const mine = await service.graphql<{ claimSubmissions: { nodes: { rowId: string }[] } }>(token, '{ claimSubmissions { nodes { rowId } } }');
  expect(mine.data.claimSubmissions.nodes.map((n) => n.rowId)).toContain(outcome.submissionId);
  const other = await readyTenant(db, 'send-gql-other');
  const theirs = await service.graphql<{ claimSubmissions: { nodes: { rowId: string }[] } }>(await service.token(other, ['claims.read']), '{ claimSubmissions { nodes { rowId } } }');
  expect(theirs.data.claimSubmissions.nodes).toEqual([]);
  expect((await service.rest('GET', `/claims/submissions/${outcome.submissionId}`, { token: await service.token(other, ['claims.read']) })).status).toBe(404);
});

test('a 277CA pushed to POST /claims/acknowledgments moves the claims; a claim of another tenant is reported, not applied', async () => {
  const [id] = await builtClaims(db, tenantId, [{ number: 'T5-A' }]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  await service.rest('POST', '/claims/submit', { token, body: { claimIds: [id] } });
  const pcn = (await db.owner.query('select patient_control_number from billing.claim where id = $1', [id])).rows[0].patient_control_number;
  const body = [
    'ST*277*0001*005010X214', 'BHT*0085*08*777*20260101*1200*TH',
    'HL*1**20*1', 'NM1*PR*2*SANDBOX PAYER*****PI*SANDBOX', 'TRN*1*777', 'DTP*050*D8*20260101', 'DTP*009*D8*20260101',
    'HL*2*1*21*1', 'NM1*41*2*RCM*****46*RCMSEND', 'TRN*2*777', 'STC*A1:19:PR*20260101*WQ*100', 'QTY*90*1', 'AMT*YU*100',
    'HL*3*2*19*1', 'NM1*85*2*BILLING*****XX*1234567893', 'TRN*1*0', 'STC*A1:19:PR*20260101*WQ*100', 'QTY*QA*1', 'AMT*YU*100',
    'HL*4*3*22*0', 'NM1*QC*1*DOE*JANE****MI*ACT123', `TRN*2*${pcn}`, 'STC*A7:562:85*20260101*U*100', 'DTP*472*D8*20260101',
    'HL*5*3*22*0', 'NM1*QC*1*DOE*JOHN****MI*ACT124', 'TRN*2*C9999999999', 'STC*A2:20:PR*20260101*WQ*50', 'DTP*472*D8*20260101',
  ];
  const segments = [
    'ISA*00*          *00*          *ZZ*SANDBOXCH      *ZZ*RCMSEND        *260101*1200*^*00501*000000777*0*T*:',
    'GS*HN*SANDBOXCH*RCMSEND*20260101*1200*777*X*005010X214', ...body, `SE*${body.length + 1}*0001`, 'GE*1*777', 'IEA*1*000000777',
  ];
  // Cut off before its SE (a download or an upload that stopped): refused whole, nothing applied.
  const cutOff = await service.rest('POST', '/claims/acknowledgments', { token, rawBody: segments.slice(0, -6).join('~') + '~' });
  expect({ status: cutOff.status, code: cutOff.body.error.code }).toEqual({ status: 400, code: 'invalid_x12' });
  expect(cutOff.body.error.message).toMatch(/did not arrive whole \(277 0001 has no SE; the interchange has no IEA at its end\); nothing of it was applied/);
  expect((await db.owner.query('select status from billing.claim where id = $1', [id])).rows[0].status).toBe('SUBMITTED');
  expect((await db.owner.query("select count(*)::int as n from billing.acknowledgment_file where tenant_id = $1 and source <> 'POLL'", [tenantId])).rows[0].n).toBe(0);
  const res = await service.rest('POST', '/claims/acknowledgments', { token, rawBody: segments.join('~') + '~' });
  expect(res.status).toBe(200);
  expect(res.body.acknowledgments).toEqual([expect.objectContaining({ kind: '277CA', rejected: 1, accepted: 0, unmatched: [expect.objectContaining({ patientControlNumber: 'C9999999999' })] })]);
  const claim = (await service.rest('GET', `/claims/${id}`, { token })).body;
  expect(claim).toMatchObject({ status: 'REJECTED', rejectionReason: "A7:562:85 — Entity's National Provider Identifier (NPI) — Billing Provider" });
  expect(claim.acknowledgments).toContainEqual(expect.objectContaining({ type: '277CA', status: 'REJECTED' }));
  const queue = (await service.rest('GET', '/claims/rejections', { token })).body;
  expect(queue.groups.map((g: { reasonGroup: string }) => g.reasonGroup)).toContain('277CA A7:562:85');
  expect((await service.rest('POST', '/claims/acknowledgments', { token, rawBody: 'not x12' })).status).toBe(400);
  expect((await service.rest('POST', '/claims/acknowledgments', { token: null })).status).toBe(401);
  const lettersForIsa13 = await service.rest('POST', '/claims/acknowledgments', { token, rawBody: segments.join('~').replace('*000000777*0*T*', '*ABCDEFGHI*0*T*') + '~' });
  expect({ status: lettersForIsa13.status, message: lettersForIsa13.body.error.message }).toEqual({ status: 400, message: expect.stringContaining('ISA13 (the interchange control number) must be a number of up to 9 digits, got "ABCDEFGHI"') });
  // An assignee is a person's name or id, not a megabyte (REST, and the SQL function behind GraphQL).
  const [rejectionId] = (await db.owner.query<{ id: string }>('select id from billing.claim_rejection where tenant_id = $1 and claim_id = $2', [tenantId, id])).rows.map((r) => r.id);
  const long = await service.rest('POST', `/claims/rejections/${rejectionId}/assign`, { token, body: { assignee: 'x'.repeat(201) } });
  expect({ status: long.status, details: long.body.error.details }).toEqual({ status: 400, details: { field: 'assignee' } });
  const viaSql = await service.graphql(token, 'mutation($id: UUID!, $a: String!) { assignClaimRejection(input: { rejectionId: $id, assignee: $a }) { clientMutationId } }', { id: rejectionId, a: 'x'.repeat(201) });
  expect(viaSql.errors?.[0]).toMatchObject({ message: 'assignee must be at most 200 characters', extensions: { code: '22023' } });
  expect((await db.owner.query('select assigned_to from billing.claim_rejection where id = $1', [rejectionId])).rows[0].assigned_to).toBeNull();
});
