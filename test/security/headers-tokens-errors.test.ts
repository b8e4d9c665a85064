// Issue 13 items 11 and 12: security headers with a CSP on the console and the API; JWT iss/aud
// checked when configured and a maximum token lifetime; no Postgres DETAIL (row data) in any
// answer; /healthz says ok or not ok without the error text; Postgres' log without row data.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { mintToken } from '../../server/auth/jwt.ts';
import { pgErrorToHttp } from '../../server/http/errors.ts';
import { redactPostgresLog } from '../../server/db/postgres-log.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

test('the console and the API answer with helmet headers and a CSP that allows only this origin\'s scripts', async () => {
  for (const [path, accept] of [['/', 'text/html'], ['/healthz', '*/*'], ['/payers', '*/*']]) {
    const res = await fetch(`${service.url}${path}`, { headers: { accept } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect([path, csp]).toEqual([path, expect.stringContaining("script-src 'self'")]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('x-powered-by')).toBeNull();
  }
});

test('a token longer-lived than the maximum is refused, whatever it has left', async () => {
  const long = await mintToken(db.location.jwtSecret, { sub: 'u', tenantId: alpha, permissions: ['claims.read'] }, 40 * 24 * 3600, { maxLifetimeSeconds: 31 * 24 * 3600 });
  const res = await service.rest('GET', '/me', { token: long });
  expect(res.status).toBe(401);
  expect(res.body.error.message).toBe('token lifetime (exp - iat) is longer than the maximum of 2678400 s');
  expect((await service.rest('GET', '/me', { token: await service.token(alpha, ['claims.read']) })).status).toBe(200);
});

test('with JWT_ISSUER and JWT_AUDIENCE configured, tokens without them or for another audience are refused', async () => {
  const policy = { issuer: 'https://idp.example.org', audience: 'rcm-core', maxLifetimeSeconds: 3600 };
  const strict = await startTestService(db, { tokenPolicy: policy });
  try {
    const claims = { sub: 'u', tenantId: alpha, permissions: ['claims.read' as const] };
    const good = await mintToken(db.location.jwtSecret, claims, '10m', policy);
    expect((await strict.rest('GET', '/me', { token: good })).status).toBe(200);
    const none = await mintToken(db.location.jwtSecret, claims, '10m', { maxLifetimeSeconds: 3600 });
    const noIss = await strict.rest('GET', '/me', { token: none });
    expect([noIss.status, noIss.body.error.message]).toEqual([401, expect.stringContaining('iss')]);
    const otherAudience = await mintToken(db.location.jwtSecret, claims, '10m', { ...policy, audience: 'another-app' });
    const wrongAud = await strict.rest('GET', '/me', { token: otherAudience });
    expect([wrongAud.status, wrongAud.body.error.message]).toEqual([401, expect.stringContaining('aud')]);
    const gql = await strict.graphql(otherAudience, '{ members { totalCount } }');
    expect(gql.status).toBe(401);
  } finally {
    await strict.stop();
  }
});

test("a constraint violation answers the constraint, never Postgres' DETAIL with the row's values", async () => {
  const admin = await service.token(alpha, ['admin']);
  const res = await service.graphql(admin, 'mutation { createFacility(input: { facility: { code: "MAIN", name: "Duplicate of main" } }) { facility { rowId } } }');
  expect(res.errors?.[0].extensions?.code).toBe('23505');
  const body = JSON.stringify(res);
  expect(body).not.toContain('Key (');
  expect(body).not.toContain('"detail"');
  // The REST mapping of the same real Postgres error.
  const error = await db.owner.query("insert into core.facility (tenant_id, code, name) values ($1, 'MAIN', 'x')", [alpha]).catch((e: Error) => e);
  expect((error as { detail?: string }).detail).toContain('Key (tenant_id, code)');
  const mapped = pgErrorToHttp(error as never)!;
  expect(mapped.status).toBe(409);
  expect(JSON.stringify(mapped.details)).not.toContain('Key (');
  const check = await db.owner.query("insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender) values ($1, 'M-NEW', 'Jane', 'Doe', '1980-01-01', 'Q')", [alpha]).catch((e: Error) => e);
  expect((check as { detail?: string }).detail).toContain('Jane');
  const checkMapped = pgErrorToHttp(check as never)!;
  expect(checkMapped.status).toBe(400);
  expect(JSON.stringify(checkMapped)).not.toContain('Jane');
});

test('/healthz says "database_unavailable" without the error text, in well under 100 ms', async () => {
  await db.owner.query('alter table graphile_migrate.migrations rename to migrations_hidden');
  try {
    const started = Date.now();
    const res = await service.rest('GET', '/healthz');
    expect(Date.now() - started).toBeLessThan(100);
    expect(res).toEqual({ status: 503, body: { status: 'database_unavailable' } });
  } finally {
    await db.owner.query('alter table graphile_migrate.migrations_hidden rename to migrations');
  }
  expect((await service.rest('GET', '/healthz')).body).toEqual({ status: 'ok' });
});

test("Postgres' own log keeps lifecycle lines and drops the text of errors and their DETAIL/STATEMENT lines", () => {
  const stderr = [
    '2026-12-06 18:00:00.000 UTC [123] LOG:  database system is ready to accept connections',
    '2026-12-06 18:00:01.000 UTC [124] ERROR:  new row for relation "member" violates check constraint "member_gender_check"',
    '2026-12-06 18:00:01.000 UTC [124] DETAIL:  Failing row contains (t1, m1, M0000001, Jane, Doe, 1980-01-01, Q).',
    '2026-12-06 18:00:01.000 UTC [124] STATEMENT:  insert into member.member values (...)',
    '\tJane Doe continuation line',
  ].join('\n');
  const lines = redactPostgresLog(stderr);
  expect(lines).toEqual([
    { severity: 'LOG', text: 'database system is ready to accept connections' },
    { severity: 'ERROR', text: null },
  ]);
  expect(JSON.stringify(lines)).not.toMatch(/Failing row|Jane|M0000001/);
});
