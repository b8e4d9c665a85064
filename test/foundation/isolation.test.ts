// Two tenants: neither can read or change the other's rows, through GraphQL or REST,
// and the other's ids look like ids that do not exist (404, not 403).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let tokenA: string;
let betaFacility: { id: string; code: string };

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  beta = await seedTestTenant(db, 'beta', { seed: 7 });
  service = await startTestService(db);
  tokenA = await service.token(alpha, 'all');
  betaFacility = (await db.owner.query("select id, code from core.facility where tenant_id = $1 and code = 'MAIN'", [beta])).rows[0];
  await db.owner.query("insert into core.facility (tenant_id, code, name, npi) select $1, 'BETAONLY', 'Beta only clinic', npi from core.facility where tenant_id = $1 and code = 'MAIN'", [beta]);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

test('GraphQL lists show only the caller tenant', async () => {
  const res = await service.graphql<{ members: { totalCount: number; nodes: { tenantId: string }[] }; facilities: { nodes: { tenantId: string }[] } }>(
    tokenA,
    '{ members(first: 100) { totalCount nodes { tenantId } } facilities { nodes { tenantId } } }',
  );
  expect(res.errors).toBeUndefined();
  const alphaMembers = Number((await db.owner.query('select count(*) from member.member where tenant_id = $1', [alpha])).rows[0].count);
  expect(res.data.members.totalCount).toBe(alphaMembers);
  expect(new Set([...res.data.members.nodes, ...res.data.facilities.nodes].map((n) => n.tenantId))).toEqual(new Set([alpha]));
});

test('GraphQL lookups of the other tenant by primary key, unique key or node id find nothing', async () => {
  // The token fixes the tenant: lookups take no tenant argument, and RLS keeps the other tenant's rows out.
  const res = await service.graphql<{ facility: unknown; facilityByCode: unknown }>(
    tokenA,
    'query($id: UUID!, $code: String!) { facility(rowId: $id) { name } facilityByCode(code: $code) { name } }',
    { id: betaFacility.id, code: 'BETAONLY' },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ facility: null, facilityByCode: null });

  const betaToken = await service.token(beta, 'all');
  const nodeId = (await service.graphql<{ facilities: { nodes: { id: string }[] } }>(betaToken, '{ facilities(first: 1) { nodes { id } } }')).data.facilities.nodes[0].id;
  const byNode = await service.graphql<{ node: unknown }>(tokenA, 'query($id: ID!) { node(id: $id) { id } }', { id: nodeId });
  expect(byNode.data.node).toBeNull();
});

test('GraphQL mutations cannot change the other tenant', async () => {
  const res = await service.graphql(tokenA, 'mutation($id: UUID!) { updateFacility(input: { rowId: $id, patch: { name: "hijacked" } }) { facility { name } } }', { id: betaFacility.id });
  expect(res.data).toEqual({ updateFacility: { facility: null } });
  const { rows } = await db.owner.query('select name from core.facility where tenant_id = $1 and id = $2', [beta, betaFacility.id]);
  expect(rows[0].name).toBe('Riverside General Hospital');
});

test('GraphQL create lands in the caller tenant whatever the input says', async () => {
  const res = await service.graphql<{ createFacility: { facility: { tenantId: string } } }>(tokenA, 'mutation { createFacility(input: { facility: { code: "NEW1", name: "New clinic" } }) { facility { tenantId } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.createFacility.facility.tenantId).toBe(alpha);
  const spoof = await service.graphql(tokenA, `mutation { createFacility(input: { facility: { code: "NEW2", name: "Spoof", tenantId: "${beta}" } }) { facility { tenantId } } }`);
  expect(spoof.errors?.[0].message).toMatch(/tenantId/);
});

test('REST: the other tenant\'s id is a 404', async () => {
  const res = await service.rest('GET', `/facilities/${betaFacility.id}`, { token: tokenA });
  expect(res.status).toBe(404);
  const own = (await db.owner.query("select id from core.facility where tenant_id = $1 and code = 'MAIN'", [alpha])).rows[0].id;
  expect((await service.rest('GET', `/facilities/${own}`, { token: tokenA })).status).toBe(200);
  const list = await service.rest('GET', '/facilities', { token: tokenA });
  expect(list.body.facilities.map((f: { id: string }) => f.id)).not.toContain(betaFacility.id);
});

test('secrets never leave through the API: no credential field in GraphQL', async () => {
  const res = await service.graphql<{ __type: { fields: { name: string }[] } }>(tokenA, '{ __type(name: "TradingPartner") { fields { name } } }');
  const names = res.data.__type.fields.map((f) => f.name.toLowerCase());
  expect(names).toContain('endpointurl');
  expect(names.filter((n) => /password|secret|credential(?!supdatedat)/.test(n))).toEqual([]);
  const direct = await db.owner.query("select has_table_privilege('rcm_visitor', 'core_private.trading_partner_credential', 'select') as can");
  expect(direct.rows[0].can).toBe(false);
});

test('functions kept out of GraphQL are not in it: an acknowledgment is received only where its X12 is read', async () => {
  // fn_receive_claim_acknowledgment trusts the parsed JSON it is given: POST /claims/acknowledgments
  // parses the X12 itself, but through GraphQL a caller could send a 277CA's "parsed" that its X12
  // does not say. Hidden with PostGraphile 5's @behavior (it ignored v4's @omit).
  const res = await service.graphql<{ m: { fields: { name: string }[] }; q: { fields: { name: string }[] }; c: { fields: { name: string }[] } }>(tokenA,
    '{ m: __type(name: "Mutation") { fields { name } } q: __type(name: "Query") { fields { name } } c: __type(name: "Claim") { fields { name } } }');
  const fields = (type: { fields: { name: string }[] }) => type.fields.map((f) => f.name);
  expect(fields(res.data.m)).toContain('submitClaims');
  expect(fields(res.data.m)).not.toContain('fnReceiveClaimAcknowledgment');
  expect(fields(res.data.q)).not.toContain('fnClaimSubmissionPartnerName');
  expect(fields(res.data.c)).toContain('patientControlNumber');
  expect(fields(res.data.c)).not.toContain('detail');
});

test('without admin a user cannot change reference data (SQL decides)', async () => {
  const reader = await service.token(alpha, ['claims.read']);
  const res = await service.graphql(reader, 'mutation { createFacility(input: { facility: { code: "NOPE", name: "x" } }) { facility { id } } }');
  expect(res.errors?.[0].message).toMatch(/row-level security/);
});
