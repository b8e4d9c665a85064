// The claims API as integrators use it: REST (manual "Batch claim building" with its validation
// and troubleshooting tables), GraphQL, tenant isolation and permissions.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { baseTenant, insertCharges, asTenant } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let writer: string;
let reader: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'api-alpha');
  beta = await baseTenant(db, 'api-beta');
  service = await startTestService(db);
  writer = await service.token(alpha, ['claims.write']);
  reader = await service.token(alpha, ['claims.read']);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const validate = (tenantId: string, ids: string[]) => asTenant(db, tenantId, 'claims.write', 'select id from billing.fn_validate_charges($1)', [ids]);
const claimCount = async () => (await db.owner.query('select count(*)::int as n from billing.claim')).rows[0].n as number;

describe('manual: validation table', () => {
  test('Claim build response: all claim IDs returned, no errors', async () => {
    const ids = await insertCharges(db, alpha, [{ number: 'R-1', amount: 100 }, { number: 'R-2', amount: 40.5 }, { number: 'R-3', facility: 'LAB', amount: 20 }]);
    await validate(alpha, Object.values(ids));
    const res = await service.rest('POST', '/claims/build', { token: writer, body: { chargeIds: Object.values(ids) } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.claimIds).toHaveLength(2);
    expect(res.body.claims).toHaveLength(2);
    const main = res.body.claims.find((c: { chargeIds: string[] }) => c.chargeIds.includes(ids['R-1']));
    expect(main).toEqual({ claimId: expect.any(String), chargeIds: expect.arrayContaining([ids['R-1'], ids['R-2']]), totalAmount: '140.50' });
    expect(res.body.claimIds.sort()).toEqual(res.body.claims.map((c: { claimId: string }) => c.claimId).sort());
    // idempotent: the same call again gives the same claims
    const again = await service.rest('POST', '/claims/build', { token: writer, body: { chargeIds: Object.values(ids) } });
    expect(again.status).toBe(200);
    expect(again.body.claimIds.sort()).toEqual(res.body.claimIds.sort());
  });
});

describe('manual: troubleshooting table', () => {
  test('/claims/build returns 400 with per-charge errors when charges are not validated yet; validate first, re-call', async () => {
    const ids = await insertCharges(db, alpha, [{ number: 'T-1' }, { number: 'T-2' }]);
    const before = await claimCount();
    const res = await service.rest('POST', '/claims/build', { token: writer, body: { chargeIds: Object.values(ids) } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { chargeId: ids['T-1'], code: 'NOT_VALIDATED', message: expect.stringContaining('Validate first') },
        { chargeId: ids['T-2'], code: 'NOT_VALIDATED', message: expect.stringContaining('Validate first') },
      ]),
    );
    expect(await claimCount()).toBe(before);
    // Validate first (GraphQL), re-call
    const validated = await service.graphql<{ validateCharges: { result: { status: string }[] } }>(
      writer, 'mutation ($ids: [UUID]) { validateCharges(input: { chargeIds: $ids }) { result { status } } }', { ids: Object.values(ids) });
    expect(validated.errors).toBeUndefined();
    expect(validated.data.validateCharges.result.map((c) => c.status)).toEqual(['VALIDATED', 'VALIDATED']);
    const recall = await service.rest('POST', '/claims/build', { token: writer, body: { chargeIds: Object.values(ids) } });
    expect(recall.status).toBe(200);
    expect(recall.body.claimIds).toHaveLength(1);
  });
});

test('400 names every failing charge (not validated, invalid with its errors, unknown, another tenant\'s, already billed) and builds nothing', async () => {
  const ok = await insertCharges(db, alpha, [{ number: 'E-OK' }, { number: 'E-BAD', procedureCode: '1234', placeOfService: '77' }, { number: 'E-NEW' }, { number: 'E-B1' }, { number: 'E-B2' }]);
  await validate(alpha, [ok['E-OK'], ok['E-BAD'], ok['E-B1'], ok['E-B2']]);
  await asTenant(db, alpha, 'claims.write', 'select * from billing.fn_build_claims($1)', [[ok['E-B1'], ok['E-B2']]]);
  const theirs = await insertCharges(db, beta, [{ number: 'E-THEIRS' }]);
  await validate(beta, [theirs['E-THEIRS']]);
  const unknown = '6f1d2c3b-0000-4000-8000-000000000000';
  const before = await claimCount();
  const res = await service.rest('POST', '/claims/build', { token: writer, body: { chargeIds: [ok['E-OK'], ok['E-BAD'], ok['E-NEW'], ok['E-B1'], theirs['E-THEIRS'], unknown] } });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'charges_not_billable', message: expect.stringContaining('5 of 6 charges cannot be billed; nothing was built') });
  const byId = Object.fromEntries(res.body.errors.map((e: { chargeId: string }) => [e.chargeId, e]));
  expect(Object.keys(byId).sort()).toEqual([ok['E-BAD'], ok['E-NEW'], ok['E-B1'], theirs['E-THEIRS'], unknown].sort());
  expect(byId[ok['E-BAD']]).toMatchObject({ code: 'INVALID', validationErrors: [expect.objectContaining({ code: 'INVALID_PROCEDURE_CODE' }), expect.objectContaining({ code: 'INVALID_PLACE_OF_SERVICE' })] });
  expect(byId[ok['E-NEW']].code).toBe('NOT_VALIDATED');
  expect(byId[ok['E-B1']].code).toBe('ALREADY_BILLED');
  expect(byId[theirs['E-THEIRS']]).toEqual({ chargeId: theirs['E-THEIRS'], code: 'NOT_FOUND', message: `No charge ${theirs['E-THEIRS']} (unknown id, or not a charge of this tenant).` });
  expect(byId[unknown].code).toBe('NOT_FOUND');
  expect(await claimCount()).toBe(before);
  expect((await db.owner.query('select status from billing.charge where id = $1', [ok['E-OK']])).rows[0].status).toBe('VALIDATED');
});

test.each([
  [{}, 'chargeIds', 'chargeIds is required'],
  [{ chargeIds: 'abc' }, 'chargeIds', 'must be an array'],
  [{ chargeIds: [] }, 'chargeIds', 'must not be empty'],
  [{ chargeIds: ['6f1d2c3b-0000-4000-8000-000000000000', 'nope'] }, 'chargeIds[1]', 'chargeIds[1] must be a UUID'],
  [{ chargeIds: Array.from({ length: 10_001 }, () => '6f1d2c3b-0000-4000-8000-000000000000') }, 'chargeIds', 'at most 10000 per call'],
])('bad input %# is a 400 naming the field, nothing written', async (body, field, message) => {
  const before = await claimCount();
  const res = await service.rest('POST', '/claims/build', { token: writer, body });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'invalid_parameter', message: expect.stringContaining(message), details: { field } });
  expect(await claimCount()).toBe(before);
});

test('permissions: building needs claims.write (403), no token is 401', async () => {
  const ids = await insertCharges(db, alpha, [{ number: 'P-1' }]);
  await validate(alpha, [ids['P-1']]);
  const forbidden = await service.rest('POST', '/claims/build', { token: reader, body: { chargeIds: [ids['P-1']] } });
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error.message).toBe('permission denied: claims.write required');
  const anonymous = await service.rest('POST', '/claims/build', { body: { chargeIds: [ids['P-1']] } });
  expect(anonymous.status).toBe(401);
  expect((await db.owner.query('select status from billing.charge where id = $1', [ids['P-1']])).rows[0].status).toBe('VALIDATED');
});

test('GraphQL buildClaims does the same, and claims are visible to their tenant only', async () => {
  const ids = await insertCharges(db, alpha, [{ number: 'GQ-1', amount: 70 }]);
  await validate(alpha, [ids['GQ-1']]);
  const built = await service.graphql<{ buildClaims: { result: { chargeId: string; claimId: string; claimTotalAmount: string; errorCode: string | null }[] } }>(
    writer, 'mutation ($ids: [UUID]) { buildClaims(input: { chargeIds: $ids }) { result { chargeId claimId claimTotalAmount errorCode } } }', { ids: [ids['GQ-1']] });
  expect(built.errors).toBeUndefined();
  const [outcome] = built.data.buildClaims.result;
  expect(outcome).toMatchObject({ chargeId: ids['GQ-1'], claimTotalAmount: '70.00', errorCode: null });

  const query = 'query ($id: UUID!) { claims(condition: { rowId: $id }) { nodes { rowId status totalAmount claimLines { nodes { chargeId } } } } }';
  const mine = await service.graphql<{ claims: { nodes: { status: string; claimLines: { nodes: { chargeId: string }[] } }[] } }>(reader, query, { id: outcome.claimId });
  expect(mine.data.claims.nodes).toEqual([expect.objectContaining({ status: 'BUILT', claimLines: { nodes: [{ chargeId: ids['GQ-1'] }] } })]);
  const betaToken = await service.token(beta, 'all');
  const theirs = await service.graphql<{ claims: { nodes: unknown[] } }>(betaToken, query, { id: outcome.claimId });
  expect(theirs.data.claims.nodes).toEqual([]);
  // beta cannot record a status on alpha's claim: not found
  const res = await service.graphql(betaToken, 'mutation ($id: UUID!) { recordClaimStatus(input: { claimId: $id, status: "SUBMITTED" }) { result { status } } }', { id: outcome.claimId });
  expect(res.errors?.[0].message).toContain(`No claim ${outcome.claimId}`);
  // beta cannot build alpha's charges through REST either: 400 NOT_FOUND, nothing built
  const rest = await service.rest('POST', '/claims/build', { token: betaToken, body: { chargeIds: [ids['GQ-1']] } });
  expect(rest.status).toBe(400);
  expect(rest.body.errors[0].code).toBe('NOT_FOUND');
  // without claims.read the claim is not visible at all
  const reportsOnly = await service.token(alpha, ['reports.read']);
  expect((await service.graphql<{ claims: { nodes: unknown[] } }>(reportsOnly, query, { id: outcome.claimId })).data.claims.nodes).toEqual([]);
});

test('GraphQL recordClaimStatus: legal moves succeed, illegal ones are refused with the legal next status', async () => {
  const ids = await insertCharges(db, alpha, [{ number: 'GS-1' }]);
  await validate(alpha, [ids['GS-1']]);
  const [{ claim_id: claimId }] = await asTenant<{ claim_id: string }>(db, alpha, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [[ids['GS-1']]]);
  const record = (status: string, extra = '') =>
    service.graphql<{ recordClaimStatus: { result: { status: string; paidAmount: string | null } } }>(writer, `mutation ($id: UUID!) { recordClaimStatus(input: { claimId: $id, status: "${status}"${extra} }) { result { status paidAmount } } }`, { id: claimId });
  const wrong = await record('ACCEPTED');
  expect(wrong.errors?.[0].message).toContain('is BUILT; it cannot become ACCEPTED (legal next status: SUBMITTED)');
  expect((await record('SUBMITTED')).data.recordClaimStatus.result.status).toBe('SUBMITTED');
  expect((await record('ACCEPTED')).data.recordClaimStatus.result.status).toBe('ACCEPTED');
  expect((await record('PAID', ', paidAmount: "55.10"')).data.recordClaimStatus.result).toEqual({ status: 'PAID', paidAmount: '55.10' });
});
