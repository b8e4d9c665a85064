// testTradingPartnerConnection through GraphQL against the sandbox partner over HTTP: ok, wrong
// credentials answered verbatim, admin only, another tenant's partner is not found, and the
// payload never carries credentials.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { scenarioTenant } from './support.ts';

let db: TestDatabase;
let service: TestService;
let sandbox: SandboxPartner;
let alpha: string;
let beta: string;
let partner: string;

const TEST_CONNECTION = `mutation ($id: UUID!) {
  testTradingPartnerConnection(input: {id: $id}) { ok message httpStatus responseType responseMs payloadId }
}`;

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 5 });
  alpha = await scenarioTenant(db, 'alpha', sandbox.url, []);
  beta = await scenarioTenant(db, 'beta', sandbox.url, []);
  partner = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [alpha])).rows[0].id;
  service = await startTestService(db, { jobs: false });
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await db?.drop();
});

test('an admin tests the sandbox partner: ok with the 271, latency and PayloadID', async () => {
  const admin = await service.token(alpha, ['admin']);
  const before = sandbox.stats().requests;
  const res = await service.graphql(admin, TEST_CONNECTION, { id: partner });
  expect(res.errors).toBeUndefined();
  expect(res.data.testTradingPartnerConnection).toMatchObject({
    ok: true, httpStatus: 200, responseType: '271', message: expect.stringMatching(/^Connected: the partner answered with a 271 in \d+ ms$/),
    responseMs: expect.any(Number), payloadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
  expect(sandbox.stats().requests).toBe(before + 1);
});

test('wrong credentials: ok false with the partner\'s answer verbatim', async () => {
  const admin = await service.token(alpha, ['admin']);
  await db.owner.query("select core_private.fn_store_trading_partner_credentials(tenant_id, trading_partner_id, username, 'stale', $2) from core_private.trading_partner_credential where tenant_id = $1", [alpha, process.env.PARTNER_CREDENTIAL_KEY]);
  try {
    const res = await service.graphql(admin, TEST_CONNECTION, { id: partner });
    expect(res.errors).toBeUndefined();
    expect(res.data.testTradingPartnerConnection).toMatchObject({
      ok: false, httpStatus: 401, responseType: 'ERROR',
      message: expect.stringMatching(/^HTTP 401 from trading partner: UnAuthorized \(Username\/password not valid\)/),
    });
  } finally {
    await db.owner.query("select core_private.fn_store_trading_partner_credentials(tenant_id, trading_partner_id, username, 'sandbox-secret', $2) from core_private.trading_partner_credential where tenant_id = $1", [alpha, process.env.PARTNER_CREDENTIAL_KEY]);
  }
});

test('a batch-mode partner: ok once it confirms receipt of a batch submission', async () => {
  const admin = await service.token(alpha, ['admin']);
  await db.owner.query("update core.trading_partner set mode = 'batch' where id = $1", [partner]);
  try {
    const before = sandbox.stats().batchSubmissions;
    const res = await service.graphql(admin, TEST_CONNECTION, { id: partner });
    expect(res.data.testTradingPartnerConnection).toMatchObject({
      ok: true, httpStatus: 200, responseType: 'BATCH_RECEIPT', message: expect.stringMatching(/^Connected: the partner confirmed receipt of a batch submission in \d+ ms$/),
    });
    expect(sandbox.stats().batchSubmissions).toBe(before + 1);
  } finally {
    await db.owner.query("update core.trading_partner set mode = 'realtime' where id = $1", [partner]);
  }
});

test('a token without admin gets a permission error and nothing is sent', async () => {
  const operator = await service.token(alpha, ['eligibility.read', 'eligibility.update']);
  const before = sandbox.stats().requests;
  const res = await service.graphql(operator, TEST_CONNECTION, { id: partner });
  expect(res.data?.testTradingPartnerConnection ?? null).toBeNull();
  expect(res.errors?.[0]).toMatchObject({ message: 'permission denied: admin required', extensions: { code: '42501' } });
  expect(sandbox.stats().requests).toBe(before);
});

test("another tenant's partner id is not found (not a permission error), and an unknown id too", async () => {
  const betaAdmin = await service.token(beta, ['admin']);
  const before = sandbox.stats().requests;
  const res = await service.graphql(betaAdmin, TEST_CONNECTION, { id: partner });
  expect(res.errors?.[0]).toMatchObject({ message: `trading partner ${partner} not found`, extensions: { code: 'P0002' } });
  const unknown = await service.graphql(betaAdmin, TEST_CONNECTION, { id: '00000000-0000-4000-8000-000000000000' });
  expect(unknown.errors?.[0].extensions?.code).toBe('P0002');
  const bad = await service.graphql(betaAdmin, TEST_CONNECTION, { id: 'not-a-uuid' });
  expect(bad.errors?.[0].message).toMatch(/UUID/i);
  expect(sandbox.stats().requests).toBe(before);
});

test('the payload type has no credential fields', async () => {
  const admin = await service.token(alpha, ['admin']);
  const res = await service.graphql<{ __type: { fields: { name: string }[] } }>(admin, '{ __type(name: "TestTradingPartnerConnectionPayload") { fields { name } } }');
  expect(res.data.__type.fields.map((f) => f.name).sort()).toEqual(['httpStatus', 'message', 'ok', 'payloadId', 'responseMs', 'responseType']);
});
