// The remittances REST API: GET /remittances/:id as a biller reads it, POST /remittances refusing
// what is not an 835, tenant isolation and permissions.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { readSample } from '../../x12/test-support/samples.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post, type Clp } from './fixtures.ts';
import { build835, type Remittance835Input } from '../../x12/build-835.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'remit-api-alpha');
  beta = await baseTenant(db, 'remit-api-beta');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const remittanceCount = async () => (await db.owner.query('select count(*)::int as n from billing.remittance')).rows[0].n as number;

test('GET /remittances/:id shows the payment, each claim with its adjustments, PLBs and unmatched CLPs; another tenant gets 404', async () => {
  const c = await submittedClaim(db, alpha, [100]);
  const posted = await post(db, alpha, remittance('TRN-API-1', [
    clp(c.pcn, '1', [line('99213', 100, 64, [['CO', '45', 20], ['PR', '2', 16]], ['N130'])]),
    clp('UNKNOWN1', '1', [line('99213', 10, 10, [])]),
  ], [{ reason: 'L6', reference: 'INT', amount: '-1.50' }]));
  const token = await service.token(alpha, ['claims.read']);
  const res = await service.rest('GET', `/remittances/${posted.id as string}`, { token });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    remittanceId: posted.id, status: 'POSTED', traceNumber: 'TRN-API-1', paymentAmount: '75.50', paymentMethod: 'ACH', claimsPosted: 1, claimsUnmatched: 1,
    providerAdjustments: [{ reason: 'L6', reference: 'INT', amount: '-1.50' }],
    unmatched: [{ patientControlNumber: 'UNKNOWN1', paidAmount: '10.00', status: 'OPEN' }],
  });
  expect(res.body.claims).toEqual([expect.objectContaining({
    claimId: c.claimId, patientControlNumber: c.pcn, paidAmount: '64.00', patientResponsibility: '16.00',
    adjustments: [
      { level: 'LINE', lineNumber: 1, group: 'CO', reason: '45', amount: '20.00', remarks: ['N130'] },
      { level: 'LINE', lineNumber: 1, group: 'PR', reason: '2', amount: '16.00', remarks: ['N130'] },
    ],
  })]);
  const theirs = await service.rest('GET', `/remittances/${posted.id as string}`, { token: await service.token(beta, ['claims.read']) });
  expect(theirs.status).toBe(404);
  const noPermission = await service.rest('GET', `/remittances/${posted.id as string}`, { token: await service.token(alpha, ['eligibility.read']) });
  expect(noPermission.status).toBe(403);
  expect((await service.rest('GET', '/remittances/not-a-uuid', { token })).status).toBe(400);
});

test('POST /remittances answers 400 for what is not an 835 and writes nothing; needs claims.write', async () => {
  const writer = await service.token(alpha, ['claims.write']);
  const before = await remittanceCount();
  const a270 = readSample('LinuxForHealth__x12__subscriber-health-benefit-check.270');
  const res = await service.rest('POST', '/remittances', { token: writer, rawBody: a270, contentType: 'application/edi-x12' });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'not_an_835', message: 'not an 835: the file has no 835 transaction set (ST*835)' });
  const empty = await service.rest('POST', '/remittances', { token: writer, body: { x12: '' } });
  expect(empty.status).toBe(400);
  expect(empty.body.error.details).toEqual({ field: 'x12' });
  const garbage = await service.rest('POST', '/remittances', { token: writer, body: { x12: 'hello' } });
  expect(garbage.status).toBe(400);
  const reader = await service.rest('POST', '/remittances', { token: await service.token(alpha, ['claims.read']), body: { x12: a270 } });
  expect(reader.status).toBe(400); // read first: a 270 is never posted, whoever sends it
  expect((await service.rest('POST', '/remittances', { token: null, body: { x12: a270 } })).status).toBe(401);
  expect(await remittanceCount()).toBe(before);
});

test('an 835 file cut off before its end is refused whole: not even its first, complete 835 is posted', async () => {
  const [first, second] = [await submittedClaim(db, alpha, [100]), await submittedClaim(db, alpha, [50])];
  const file = build835({ sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'CLINIC' }, interchangeControlNumber: 41, groupControlNumber: 41, usage: 'T',
    remittances: [remittance('TRN-CUT-1', [clp(first.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])]), remittance('TRN-CUT-2', [clp(second.pcn, '1', [line('99213', 50, 50, [])])])]
      .map((r, i) => ({ ...r, controlNumber: i + 1, payer: { ...(r.payer as object), address: { line: '1 WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
        claims: (r.claims as Clp[]).map((c) => ({ ...c, patient: { entityId: 'QC', lastName: 'DOE', firstName: 'JANE', middleName: null, idQualifier: 'MI', id: `M${c.patientControlNumber}` } })) }) as unknown as Remittance835Input) });
  const segments = file.split('~').filter(Boolean);
  const writer = await service.token(alpha, ['claims.write']);
  const before = await remittanceCount();
  const cut = await service.rest('POST', '/remittances', { token: writer, rawBody: `${segments.slice(0, -5).join('~')}~`, contentType: 'application/edi-x12' });
  expect({ status: cut.status, code: cut.body.error.code }).toEqual({ status: 400, code: 'not_an_835' });
  expect(cut.body.error.message).toMatch(/did not arrive whole \(835 0002 has no SE; the interchange has no IEA at its end\)/);
  expect(await remittanceCount()).toBe(before);
  expect((await db.owner.query('select status from billing.claim where id = $1', [first.claimId])).rows[0].status).toBe('SUBMITTED');
  // The whole file posts both.
  const whole = await service.rest('POST', '/remittances', { token: writer, rawBody: file, contentType: 'application/edi-x12' });
  expect(whole.status).toBe(200);
  expect(await remittanceCount()).toBe(before + 2);
});
