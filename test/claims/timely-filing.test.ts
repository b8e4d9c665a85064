// Timely filing (manual 7.2) and stale claims: levels at 80/90/100% of the payer's window, each
// raised once, resolved on submission; CONFIG for a payer without a limit; REST, GraphQL, psql.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { baseTenant, insertCharges, asTenant } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
let ids: Record<string, string>;

const check = () => asTenant<{ r: Record<string, number> }>(db, alpha, 'claims.write', 'select billing.fn_check_timely_filing() as r').then((rows) => rows[0].r);
const alertsOf = async (id: string) =>
  (await db.owner.query('select level, resolved_at is not null as resolved, days_elapsed_at_raise from billing.timely_filing_alert where subject_id = $1 order by raised_at, level', [id])).rows;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'tf-alpha');
  beta = await baseTenant(db, 'tf-beta');
  // UHC allows 90 days: 71 days = 78.9%, 72 = 80%, 81 = 90%, 90 = 100%.
  ids = await insertCharges(db, alpha, [
    { number: 'TF-71', payer: 'UHC', daysAgo: 71 },
    { number: 'TF-72', payer: 'UHC', daysAgo: 72 },
    { number: 'TF-81', payer: 'UHC', daysAgo: 81, amount: 250 },
    { number: 'TF-90', payer: 'UHC', daysAgo: 90 },
    { number: 'TF-CLAIM', payer: 'UHC', daysAgo: 82, facility: 'LAB', procedureCode: '80053' },
    { number: 'TF-MCR', payer: 'MCR', daysAgo: 200 },
  ]);
  await asTenant(db, alpha, 'claims.write', 'select id from billing.fn_validate_charges($1)', [Object.values(ids)]);
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

test('levels: nothing under 80%, WARNING at 80%, ALERT at 90%, EXPIRED at 100%; each level once', async () => {
  const first = await check();
  expect(first).toMatchObject({ warningRaised: 4, alertRaised: 3, expiredRaised: 1 });
  expect(await alertsOf(ids['TF-71'])).toEqual([]);
  expect((await alertsOf(ids['TF-72'])).map((a) => a.level)).toEqual(['WARNING']);
  expect((await alertsOf(ids['TF-81'])).map((a) => a.level).sort()).toEqual(['ALERT', 'WARNING']);
  expect((await alertsOf(ids['TF-90'])).map((a) => a.level).sort()).toEqual(['ALERT', 'EXPIRED', 'WARNING']);
  expect(await alertsOf(ids['TF-MCR'])).toEqual([]); // Medicare: 200 of 365 days
  const again = await check();
  expect(again).toMatchObject({ warningRaised: 0, alertRaised: 0, expiredRaised: 0 });
  const { rows } = await db.owner.query('select subject_id, level, count(*)::int as n from billing.timely_filing_alert group by 1, 2 having count(*) > 1');
  expect(rows).toEqual([]);
});

test('a claim built from a charge takes over its clock; submitting clears the claim\'s alerts', async () => {
  const [{ claim_id: claimId }] = await asTenant<{ claim_id: string }>(db, alpha, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [[ids['TF-CLAIM']]]);
  await check();
  expect((await alertsOf(ids['TF-CLAIM'])).every((a) => a.resolved)).toBe(true); // the charge is BILLED now
  expect((await alertsOf(claimId)).map((a) => [a.level, a.resolved]).sort()).toEqual([['ALERT', false], ['WARNING', false]]);
  await asTenant(db, alpha, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED')", [claimId]);
  expect((await alertsOf(claimId)).map((a) => [a.level, a.resolved]).sort()).toEqual([['ALERT', true], ['WARNING', true]]);
  await check();
  expect(await alertsOf(claimId)).toHaveLength(2); // never raised again once submitted
});

test('a payer without a limit is a CONFIG alert, once, resolved when the limit is set', async () => {
  await db.owner.query("update core.payer set timely_filing_days = null where tenant_id = $1 and code = 'BCBS'", [alpha]);
  const more = await insertCharges(db, alpha, [{ number: 'TF-BCBS-1', payer: 'BCBS', daysAgo: 10 }, { number: 'TF-BCBS-2', payer: 'BCBS', daysAgo: 20 }]);
  await asTenant(db, alpha, 'claims.write', 'select id from billing.fn_validate_charges($1)', [Object.values(more)]);
  expect(await check()).toMatchObject({ configOpen: 1 });
  await check();
  const { rows } = await db.owner.query("select affected_count, resolved_at from billing.timely_filing_alert a join core.payer p on p.id = a.payer_id where a.level = 'CONFIG' and p.code = 'BCBS' and a.tenant_id = $1", [alpha]);
  expect(rows).toEqual([{ affected_count: 2, resolved_at: null }]);
  const token = await service.token(alpha, ['claims.read']);
  const res = await service.rest('GET', '/claims/timely-filing?alertLevel=CONFIG', { token });
  expect(res.body.alerts).toEqual([expect.objectContaining({ level: 'CONFIG', payerCode: 'BCBS', affectedCount: 2, daysRemaining: null, message: expect.stringContaining('Set core.payer.timely_filing_days') })]);
  await db.owner.query("update core.payer set timely_filing_days = 180 where tenant_id = $1 and code = 'BCBS'", [alpha]);
  await check();
  expect((await db.owner.query("select resolved_at is not null as resolved from billing.timely_filing_alert where level = 'CONFIG' and tenant_id = $1", [alpha])).rows).toEqual([{ resolved: true }]);
});

test('GET /claims/timely-filing: most urgent first, with days elapsed, days remaining and percent used; filters', async () => {
  const token = await service.token(alpha, ['claims.read']);
  const all = await service.rest('GET', '/claims/timely-filing', { token });
  expect(all.status).toBe(200);
  expect(all.body.alerts.map((a: { chargeNumber: string; level: string }) => `${a.chargeNumber}:${a.level}`)).toEqual(['TF-90:EXPIRED', 'TF-81:ALERT', 'TF-72:WARNING']);
  const alert = await service.rest('GET', '/claims/timely-filing?alertLevel=ALERT', { token });
  expect(alert.body.alerts).toEqual([
    expect.objectContaining({ chargeId: ids['TF-81'], subjectKind: 'CHARGE', level: 'ALERT', payerCode: 'UHC', facilityCode: 'MAIN', timelyFilingDays: 90, daysElapsed: 81, daysRemaining: 9, percentUsed: 90, amount: '250.00' }),
  ]);
  const uhc = (await db.owner.query("select id from core.payer where tenant_id = $1 and code = 'UHC'", [alpha])).rows[0].id;
  const lab = (await db.owner.query("select id from core.facility where tenant_id = $1 and code = 'LAB'", [alpha])).rows[0].id;
  expect((await service.rest('GET', `/claims/timely-filing?payerId=${uhc}`, { token })).body.alerts).toHaveLength(3);
  expect((await service.rest('GET', `/claims/timely-filing?facilityId=${lab}`, { token })).body.alerts).toHaveLength(0);
  const writer = await service.token(alpha, ['claims.write']);
  expect((await service.rest('GET', '/claims/timely-filing?alertLevel=warning', { token: writer })).body.alerts).toHaveLength(1);
});

test('GET /claims/timely-filing: bad filters are 400 naming the field; claims.read or claims.write needed; tenants see their own', async () => {
  const token = await service.token(alpha, ['claims.read']);
  const bad = await service.rest('GET', '/claims/timely-filing?alertLevel=RED', { token });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', details: { field: 'alertLevel' } });
  expect((await service.rest('GET', '/claims/timely-filing?payerId=x', { token })).body.error.details).toEqual({ field: 'payerId' });
  const reports = await service.rest('GET', '/claims/timely-filing', { token: await service.token(alpha, ['reports.read']) });
  expect(reports.status).toBe(403);
  expect(reports.body.error.message).toBe('permission denied: claims.read or claims.write required');
  const other = await service.rest('GET', '/claims/timely-filing', { token: await service.token(beta, 'all') });
  expect(other.body.alerts).toEqual([]);
});

test('GraphQL urgentTimelyFilingAlerts and the timelyFilingAlertStatuses view give the same', async () => {
  const token = await service.token(alpha, ['claims.write']);
  const res = await service.graphql<{ urgentTimelyFilingAlerts: { nodes: { chargeNumber: string; daysRemaining: number; percentUsed: string }[] } }>(
    token, '{ urgentTimelyFilingAlerts(alertLevel: "ALERT") { nodes { chargeNumber daysRemaining percentUsed } } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.urgentTimelyFilingAlerts.nodes).toEqual([{ chargeNumber: 'TF-81', daysRemaining: 9, percentUsed: '90.0' }]);
  const view = await service.graphql<{ timelyFilingAlertStatuses: { totalCount: number } }>(token, '{ timelyFilingAlertStatuses { totalCount } }');
  expect(view.data.timelyFilingAlertStatuses.totalCount).toBe(3);
  const betaView = await service.graphql<{ timelyFilingAlertStatuses: { totalCount: number } }>(await service.token(beta, 'all'), '{ timelyFilingAlertStatuses { totalCount } }');
  expect(betaView.data.timelyFilingAlertStatuses.totalCount).toBe(0);
});

test('stale claims: SUBMITTED past the payer\'s stale_claim_days are flagged once with their age; a response resolves the flag', async () => {
  const charges = await insertCharges(db, alpha, [{ number: 'ST-OLD', payer: 'UHC', daysAgo: 40 }, { number: 'ST-NEW', payer: 'UHC', daysAgo: 35, facility: 'OPC' }]);
  await asTenant(db, alpha, 'claims.write', 'select id from billing.fn_validate_charges($1)', [Object.values(charges)]);
  const built = await asTenant<{ charge_id: string; claim_id: string }>(db, alpha, 'claims.write', 'select charge_id, claim_id from billing.fn_build_claims($1)', [Object.values(charges)]);
  const claimOf = (n: string) => built.find((b) => b.charge_id === charges[n])!.claim_id;
  // UHC: stale after 30 days without a response
  await asTenant(db, alpha, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED', occurred_at => now() - interval '31 days')", [claimOf('ST-OLD')]);
  await asTenant(db, alpha, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED', occurred_at => now() - interval '29 days')", [claimOf('ST-NEW')]);
  const detect = () => asTenant<{ r: { flagged: number; open: number } }>(db, alpha, 'claims.write', 'select billing.fn_detect_stale_claims() as r').then((r) => r[0].r);
  expect(await detect()).toEqual({ flagged: 1, open: 1 });
  expect(await detect()).toEqual({ flagged: 0, open: 1 });
  const [flag] = await asTenant<{ claim_id: string; age_days: number; stale_claim_days: number }>(db, alpha, 'claims.read', 'select claim_id, age_days, stale_claim_days from billing.stale_claim_status');
  expect(flag).toEqual({ claim_id: claimOf('ST-OLD'), age_days: 31, stale_claim_days: 30 });
  expect(await asTenant(db, beta, 'claims.read', 'select * from billing.stale_claim_status')).toEqual([]);
  await asTenant(db, alpha, 'claims.write', "select billing.fn_record_claim_status($1, 'ACCEPTED')", [claimOf('ST-OLD')]);
  expect(await asTenant(db, alpha, 'claims.read', 'select * from billing.stale_claim_status')).toEqual([]);
});
