// Issue 13 item 6: each table is read with the permission of the users who need it. Patients
// (members, coverage, service events) are PHI: eligibility, ingestion and claims users only;
// trading partners: eligibility and claims users (billers see where submissions went) and admins; facilities and payers: any user of the tenant.
// A token that grants nothing is refused before any route runs.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { PERMISSIONS, type Permission } from '../../shared/permissions.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  await seedTestTenant(db, 'beta');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const PATIENT_READERS: Permission[] = ['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write', 'admin'];
const PARTNER_READERS: Permission[] = ['eligibility.read', 'eligibility.update', 'claims.read', 'claims.write', 'admin'];
const TABLES = [
  { field: 'members', readers: PATIENT_READERS },
  { field: 'coveragePolicies', readers: PATIENT_READERS },
  { field: 'serviceEvents', readers: PATIENT_READERS },
  { field: 'tradingPartners', readers: PARTNER_READERS },
  { field: 'payers', readers: [...PERMISSIONS] },
  { field: 'facilities', readers: [...PERMISSIONS] },
];

async function ownerCount(table: string): Promise<number> {
  const { rows } = await db.owner.query(`select count(*)::int as n from ${table} where tenant_id = $1`, [alpha]);
  return rows[0].n;
}

test.each(PERMISSIONS.map((p) => [p]))('a token with only %s reads exactly the tables its users need', async (permission) => {
  const token = await service.token(alpha, [permission]);
  const query = `{ ${TABLES.map((t) => `${t.field} { totalCount }`).join(' ')} }`;
  const res = await service.graphql<Record<string, { totalCount: number }>>(token, query);
  expect(res.errors).toBeUndefined();
  const expected = {
    members: await ownerCount('member.member'),
    coveragePolicies: await ownerCount('member.coverage_policy'),
    serviceEvents: await ownerCount('service.service_event'),
    tradingPartners: await ownerCount('core.trading_partner'),
    payers: await ownerCount('core.payer'),
    facilities: await ownerCount('core.facility'),
  };
  for (const table of TABLES) {
    const sees = res.data[table.field].totalCount;
    if (table.readers.includes(permission)) expect([table.field, sees]).toEqual([table.field, expected[table.field as keyof typeof expected]]);
    else expect([table.field, sees]).toEqual([table.field, 0]);
  }
  expect(expected.members).toBeGreaterThan(0);
  expect(expected.tradingPartners).toBeGreaterThan(0);
});

test('a reports-only user gets no patient through any path: relations from payers and facilities come back empty', async () => {
  const token = await service.token(alpha, ['reports.read', 'reports.write']);
  type Relations = { payers: { nodes: { coveragePolicies: { totalCount: number } }[] }; facilities: { nodes: { serviceEvents: { totalCount: number } }[] } };
  const query = '{ payers { nodes { coveragePolicies { totalCount } } } facilities { nodes { serviceEvents { totalCount } } } }';
  const res = await service.graphql<Relations>(token, query);
  expect(res.errors).toBeUndefined();
  expect(res.data.payers.nodes.length).toBeGreaterThan(0);
  expect(res.data.payers.nodes.map((p) => p.coveragePolicies.totalCount).every((n) => n === 0)).toBe(true);
  expect(res.data.facilities.nodes.map((f) => f.serviceEvents.totalCount).every((n) => n === 0)).toBe(true);
  // The same query with a claims permission does reach the patients: the empty answer above is the policy.
  const claims = await service.graphql<Relations>(await service.token(alpha, ['claims.read']), query);
  expect(claims.data.payers.nodes.some((p) => p.coveragePolicies.totalCount > 0)).toBe(true);
  expect(claims.data.facilities.nodes.some((f) => f.serviceEvents.totalCount > 0)).toBe(true);
});

test('a claims user reads patients of its own tenant only', async () => {
  const res = await service.graphql<{ members: { nodes: { tenantId: string }[] } }>(await service.token(alpha, ['claims.read']), '{ members { nodes { tenantId } } }');
  expect(res.data.members.nodes.length).toBe(await ownerCount('member.member'));
  expect(new Set(res.data.members.nodes.map((m) => m.tenantId))).toEqual(new Set([alpha]));
});

test('a token with no permission is refused with 403 on GraphQL and every REST route, and nothing is written', async () => {
  const token = await service.token(alpha, []);
  const started = Date.now();
  const gql = await fetch(`${service.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ members { nodes { firstName lastName dateOfBirth } } }' }),
  });
  expect(gql.status).toBe(403);
  expect(await gql.json()).toEqual({ error: { code: 'forbidden', message: 'the token carries no permission', details: null } });
  for (const [method, path] of [['GET', '/me'], ['GET', '/facilities'], ['GET', '/payers'], ['GET', '/batches'], ['GET', '/claims/timely-filing'], ['POST', '/claims/build']]) {
    const res = await service.rest(method, path, { token, body: method === 'POST' ? {} : undefined });
    expect([method, path, res.status, res.body.error?.code]).toEqual([method, path, 403, 'forbidden']);
  }
  const batches = await db.owner.query('select count(*)::int as n from ingestion.batch where tenant_id = $1', [alpha]);
  const before = batches.rows[0].n;
  const post = await service.rest('POST', '/batches', { token, body: { feed: 'members', records: [{ member_id: 'X' }] } });
  expect(post.status).toBe(403);
  expect((await db.owner.query('select count(*)::int as n from ingestion.batch where tenant_id = $1', [alpha])).rows[0].n).toBe(before);
  expect(Date.now() - started).toBeLessThan(1000);
});

test('without a token: 401', async () => {
  const res = await service.graphql(null, '{ members { totalCount } }');
  expect(res.status).toBe(401);
  expect((await service.rest('GET', '/payers')).status).toBe(401);
});
