// Issue 13 items 8 and 9: trading partner passwords are encrypted at rest with a key that is not
// in the database; an admin who points a partner at another URL does not get the stored
// credentials sent there; redirects are not followed; a partner's answer is read with a cap.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { loadPartnerConnection } from '../../server/partners/connection.ts';
import { SANDBOX_DEFAULTS } from '../../server/seed/seed-tenant.ts';
import { sendRealTime } from '../../x12/transport/core-client.ts';

let db: TestDatabase;
let service: TestService;
let sandbox: SandboxPartner;
let alpha: string;
let partnerId: string;
const key = process.env.PARTNER_CREDENTIAL_KEY!;

/** An HTTP server that records what it receives and answers with `answer`. */
async function startCapture(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { bodies.push(Buffer.concat(chunks).toString('utf8')); answer(req, res); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/core`, bodies, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  sandbox = await startSandboxPartner({ port: 0 });
  await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [alpha, sandbox.url]);
  partnerId = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [alpha])).rows[0].id;
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await sandbox.close();
  await db.drop();
});

test('the stored password is ciphertext that only the server key opens; loadPartnerConnection reads it', async () => {
  const { rows } = await db.owner.query('select password, password_encrypted from core_private.trading_partner_credential where tenant_id = $1', [alpha]);
  expect(rows[0].password).toBeNull();
  expect(Buffer.from(rows[0].password_encrypted).includes(Buffer.from(SANDBOX_DEFAULTS.password))).toBe(false);
  await expect(db.owner.query('select password from core_private.trading_partner_connection($1, $2, $3)', [alpha, partnerId, 'not-the-key-not-the-key-not-the-key'])).rejects.toThrow(/Wrong key/);
  const connection = await loadPartnerConnection(db.owner, alpha, partnerId);
  expect(connection).toMatchObject({ endpointUrl: sandbox.url, username: SANDBOX_DEFAULTS.username, password: SANDBOX_DEFAULTS.password, mode: 'realtime' });
  // The API role cannot call the reader, with or without a key.
  const client = await db.owner.connect();
  try {
    await client.query('begin; set local role rcm_visitor');
    await expect(client.query('select * from core_private.trading_partner_connection($1, $2, $3)', [alpha, partnerId, key])).rejects.toMatchObject({ code: '42501' });
  } finally {
    await client.query('rollback');
    client.release();
  }
});

test('setTradingPartnerCredentials stores the new password encrypted; rotation re-encrypts with a new key', async () => {
  const admin = await service.token(alpha, ['admin']);
  const set = await service.graphql(admin, 'mutation($id: UUID!) { setTradingPartnerCredentials(input: { tradingPartnerId: $id, username: "sandbox", password: "sandbox-secret" }) { result { credentialsUpdatedAt } } }', { id: partnerId });
  expect(set.errors).toBeUndefined();
  const stored = await db.owner.query("select password, position(convert_to('sandbox-secret', 'UTF8') in password_encrypted) as at from core_private.trading_partner_credential where tenant_id = $1", [alpha]);
  expect(stored.rows[0]).toEqual({ password: null, at: 0 });
  expect((await loadPartnerConnection(db.owner, alpha, partnerId))?.password).toBe('sandbox-secret');

  const newKey = 'a-new-key-of-more-than-32-characters-0001';
  const rotated = await db.owner.query('select core_private.fn_rotate_partner_credential_key($1, $2) as n', [key, newKey]);
  expect(rotated.rows[0].n).toBe(1);
  const withNew = await db.owner.query('select password from core_private.trading_partner_connection($1, $2, $3)', [alpha, partnerId, newKey]);
  expect(withNew.rows[0].password).toBe('sandbox-secret');
  await expect(db.owner.query('select core_private.fn_rotate_partner_credential_key($1, $2)', ['wrong-old-key', key])).rejects.toThrow(/Wrong key/);
  await db.owner.query('select core_private.fn_rotate_partner_credential_key($1, $2)', [newKey, key]);
  expect((await loadPartnerConnection(db.owner, alpha, partnerId))?.password).toBe('sandbox-secret');
});

test('an admin who changes the endpoint does not get the credentials sent there: they are cleared and the test connection sends nothing', async () => {
  const attacker = await startCapture((_req, res) => res.end('thanks'));
  try {
    const admin = await service.token(alpha, ['admin']);
    const changed = await service.graphql<{ updateTradingPartner: { tradingPartner: { credentialsUpdatedAt: string | null } } }>(admin,
      'mutation($id: UUID!, $url: String!) { updateTradingPartner(input: { rowId: $id, patch: { endpointUrl: $url } }) { tradingPartner { credentialsUpdatedAt } } }',
      { id: partnerId, url: attacker.url });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateTradingPartner.tradingPartner.credentialsUpdatedAt).toBeNull();
    expect((await db.owner.query('select count(*)::int as n from core_private.trading_partner_credential where tenant_id = $1', [alpha])).rows[0].n).toBe(0);

    const started = Date.now();
    const tested = await service.rest('POST', `/trading-partners/${partnerId}/test-connection`, { token: admin });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: false, responseType: 'ERROR', message: expect.stringContaining('No credentials are stored') });
    expect(attacker.bodies).toEqual([]);
  } finally {
    await attacker.close();
    await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [alpha, sandbox.url]);
    await db.owner.query('select core_private.fn_store_trading_partner_credentials($1, $2, $3, $4, $5)', [alpha, partnerId, 'sandbox', 'sandbox-secret', key]);
  }
});

test('a redirect is not followed: the credentials never reach where it points', async () => {
  const target = await startCapture((_req, res) => res.end('captured'));
  const redirector = await startCapture((_req, res) => { res.writeHead(307, { location: target.url }); res.end(); });
  try {
    await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [alpha, redirector.url]);
    const tested = await service.rest('POST', `/trading-partners/${partnerId}/test-connection`, { token: await service.token(alpha, ['admin']) });
    expect(tested.body).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 307 redirect not followed') });
    expect(redirector.bodies.length).toBe(1);
    expect(target.bodies).toEqual([]);
  } finally {
    await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [alpha, sandbox.url]);
    await target.close();
    await redirector.close();
  }
});

test("a partner's answer is read up to the cap, and production refuses a plain http endpoint before sending", async () => {
  const flood = await startCapture((_req, res) => { res.writeHead(200, { 'content-type': 'multipart/form-data; boundary=x' }); res.end('x'.repeat(2 * 1024 * 1024)); });
  try {
    const options = { url: flood.url, username: 'u', password: 'p', senderId: 'S', receiverId: 'R', timeoutMs: 5000, maxResponseBytes: 1024 * 1024 };
    const started = Date.now();
    await expect(sendRealTime(options, 'ISA*')).rejects.toThrow('larger than the limit of 1048576 bytes');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(sendRealTime({ ...options, requireHttps: true }, 'ISA*')).rejects.toThrow('not https://');
    expect(flood.bodies.length).toBe(1);
  } finally {
    await flood.close();
  }
});
