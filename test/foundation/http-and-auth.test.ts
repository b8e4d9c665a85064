import { SignJWT } from 'jose';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let service: TestService;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await seedTestTenant(db, 'alpha');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

describe('health', () => {
  test('200 ok when the database answers and migrations are current', async () => {
    const res = await service.rest('GET', '/healthz');
    expect(res).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('503 when a committed migration is not applied', async () => {
    await db.owner.query('create table graphile_migrate.migrations_saved as select * from graphile_migrate.migrations; delete from graphile_migrate.migrations');
    try {
      const res = await service.rest('GET', '/healthz');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('migrations_pending');
    } finally {
      await db.owner.query('insert into graphile_migrate.migrations select * from graphile_migrate.migrations_saved; drop table graphile_migrate.migrations_saved');
    }
  });
});

describe('error format', () => {
  test('unknown route is a JSON 404', async () => {
    const res = await service.rest('GET', '/no-such-route', { token: await service.token(tenantId) });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'no route for GET /no-such-route', details: null });
  });

  test('malformed JSON is a 400 that says so, without a stack trace', async () => {
    const res = await service.rest('POST', '/me', { token: await service.token(tenantId), rawBody: '{"chargeIds": [' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  test('a body that is not JSON is a 415 naming the content type', async () => {
    const res = await service.rest('POST', '/me', { token: await service.token(tenantId), rawBody: 'a,b', contentType: 'text/csv' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('text/csv');
  });

  test('a body over the limit is a 413', async () => {
    const big = JSON.stringify({ records: 'x'.repeat(11 * 1024 * 1024) });
    const res = await service.rest('POST', '/me', { token: await service.token(tenantId), rawBody: big });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });
});

describe('authentication', () => {
  const secret = () => new TextEncoder().encode(db.location.jwtSecret);

  test('no token: 401 on REST and GraphQL', async () => {
    expect((await service.rest('GET', '/me')).status).toBe(401);
    const gql = await service.graphql(null, '{ currentTenant { slug } }');
    expect(gql.status).toBe(401);
  });

  test('a valid token reaches its tenant', async () => {
    const res = await service.rest('GET', '/me', { token: await service.token(tenantId, ['claims.read']) });
    expect(res.status).toBe(200);
    expect(res.body.tenant.slug).toBe('alpha');
    expect(res.body.permissions).toEqual(['claims.read']);
  });

  test('expired token: 401 token expired', async () => {
    const token = await new SignJWT({ tenant_id: tenantId, permissions: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret());
    const res = await service.rest('GET', '/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('token expired');
  });

  test('token signed with another secret: 401', async () => {
    const token = await new SignJWT({ tenant_id: tenantId, permissions: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret'));
    const res = await service.rest('GET', '/me', { token });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('token signature invalid');
  });

  test('alg none: 401', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', tenant_id: tenantId, permissions: ['admin'], exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    const res = await service.rest('GET', '/me', { token });
    expect(res.status).toBe(401);
    const gql = await service.graphql(token, '{ currentTenant { slug } }');
    expect(gql.status).toBe(401);
  });

  test('token without exp or with an unknown permission: 401', async () => {
    const noExp = await new SignJWT({ tenant_id: tenantId, permissions: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(secret());
    expect((await service.rest('GET', '/me', { token: noExp })).status).toBe(401);
    const badPermission = await new SignJWT({ tenant_id: tenantId, permissions: ['root'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(secret());
    const res = await service.rest('GET', '/me', { token: badPermission });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('permissions');
  });

  test('malformed Authorization header: 401', async () => {
    const res = await fetch(`${service.url}/me`, { headers: { authorization: 'Token abc' } });
    expect(res.status).toBe(401);
  });
});

describe('the same app on every port', () => {
  test('PORTS serves the app on each port', async () => {
    const second = await startTestService(db, { ports: [0, 0] });
    try {
      expect(second.ports).toHaveLength(2);
      for (const port of second.ports) {
        const res = await second.rest('GET', '/healthz', { port });
        expect(res.status).toBe(200);
      }
    } finally {
      await second.stop();
    }
  });
});
