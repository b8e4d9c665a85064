// Reconciliation and reporting views: numbers against a hand-computed fixture, the refresh
// contract (concurrent, one at a time, logged, freshness visible), tenant safety, permissions.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { baseTenant, insertCharges, asTenant, asEveryTenant, activeMembers } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;
const NIL = '00000000-0000-0000-0000-000000000000';

async function claimOf(chargeIds: string[]): Promise<string> {
  const rows = await asTenant<{ claim_id: string }>(db, alpha, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [chargeIds]);
  return rows[0].claim_id;
}
const record = (claimId: string, args: string) => asTenant(db, alpha, 'claims.write', `select billing.fn_record_claim_status($1, ${args})`, [claimId]);

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'views-alpha');
  beta = await baseTenant(db, 'views-beta');
  const members = await activeMembers(db, alpha);
  const uhc = members.find((m) => m.payer_code === 'UHC')!.member_number;
  const mcr = members.find((m) => m.payer_code === 'MCR')!.member_number;
  const ids = await insertCharges(db, alpha, [
    { number: 'A1', member: uhc, daysAgo: 10, amount: 100 },
    { number: 'A2', member: uhc, daysAgo: 10, amount: 50 },
    { number: 'A3', member: uhc, daysAgo: 10, amount: 30 },
    { number: 'A4', member: uhc, daysAgo: 10, amount: 20, procedureCode: 'BAD' },
    { number: 'A5', member: uhc, daysAgo: 10, amount: 10 },
    { number: 'B1', member: mcr, daysAgo: 5, amount: 200, facility: 'LAB' },
    { number: 'B2', member: mcr, daysAgo: 5, amount: 80, facility: 'OPC' },
    { number: 'C1', member: uhc, daysAgo: 5, amount: 60, facility: 'OPC' },
  ]);
  await asTenant(db, alpha, 'claims.write', 'select id from billing.fn_validate_charges($1)', [['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'C1'].map((n) => ids[n])]);
  await claimOf([ids.A1, ids.A2]); // BUILT, 150
  const y = await claimOf([ids.B1]); // PAID 150 of 200
  await record(y, "'SUBMITTED'");
  await record(y, "'ACCEPTED'");
  await record(y, "'PAID', 150");
  const z = await claimOf([ids.B2]); // DENIED, CODING
  await record(z, "'SUBMITTED'");
  await record(z, "'ACCEPTED'");
  await record(z, "'DENIED', denial_category => 'CODING'");
  const w = await claimOf([ids.C1]); // REJECTED
  await record(w, "'SUBMITTED'");
  await record(w, "'REJECTED', reason => 'invalid subscriber id'");
  // beta has a claim too, so that every view has another tenant's rows in it
  const theirs = await insertCharges(db, beta, [{ number: 'BETA-1', amount: 999 }]);
  await asTenant(db, beta, 'claims.write', 'select id from billing.fn_validate_charges($1)', [[theirs['BETA-1']]]);
  await asTenant(db, beta, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [[theirs['BETA-1']]]);
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const reader = (sql: string, tenantId = alpha, permissions = 'reports.read') => asTenant<Record<string, unknown>>(db, tenantId, permissions, sql);

test('psql as the owner, after core.act_for_every_tenant(): both one-shot refreshes of the manual work and say what they did', async () => {
  const rows = await asEveryTenant(db, 'select billing.fn_refresh_recon_views() as recon, reporting.fn_refresh_reporting_views() as reporting');
  expect(rows[0].recon).toMatchObject({ status: 'REFRESHED', viewGroup: 'billing_recon', rowCounts: { 'billing.mv_charge_reconciliation': 6 } });
  expect(rows[0].reporting).toMatchObject({ status: 'REFRESHED', viewGroup: 'reporting', durationMs: expect.any(Number) });
});

test('billing reconciliation by day, facility and payer matches the hand count', async () => {
  const rows = await reader(
    `select current_date - service_date as days_ago, facility_code, coalesce(payer_code, 'none') as payer, charge_count, charge_amount::text, new_count, validated_count, validated_amount::text,
            invalid_count, invalid_amount::text, billed_count, billed_amount::text, unbilled_count, unbilled_amount::text, unbilled_age_days, claim_count, claimed_amount::text
     from billing.charge_reconciliation order by 1 desc, 2, 3`);
  expect(rows).toEqual([
    { days_ago: 10, facility_code: 'MAIN', payer: 'UHC', charge_count: 3, charge_amount: '180.00', new_count: 0, validated_count: 1, validated_amount: '30.00', invalid_count: 0, invalid_amount: '0', billed_count: 2, billed_amount: '150.00', unbilled_count: 1, unbilled_amount: '30.00', unbilled_age_days: 10, claim_count: 1, claimed_amount: '150.00' },
    { days_ago: 10, facility_code: 'MAIN', payer: 'none', charge_count: 2, charge_amount: '30.00', new_count: 1, validated_count: 0, validated_amount: '0', invalid_count: 1, invalid_amount: '20.00', billed_count: 0, billed_amount: '0', unbilled_count: 2, unbilled_amount: '30.00', unbilled_age_days: 10, claim_count: 0, claimed_amount: '0' },
    { days_ago: 5, facility_code: 'LAB', payer: 'MCR', charge_count: 1, charge_amount: '200.00', new_count: 0, validated_count: 0, validated_amount: '0', invalid_count: 0, invalid_amount: '0', billed_count: 1, billed_amount: '200.00', unbilled_count: 0, unbilled_amount: '0', unbilled_age_days: null, claim_count: 1, claimed_amount: '200.00' },
    { days_ago: 5, facility_code: 'OPC', payer: 'MCR', charge_count: 1, charge_amount: '80.00', new_count: 0, validated_count: 0, validated_amount: '0', invalid_count: 0, invalid_amount: '0', billed_count: 1, billed_amount: '80.00', unbilled_count: 0, unbilled_amount: '0', unbilled_age_days: null, claim_count: 1, claimed_amount: '80.00' },
    { days_ago: 5, facility_code: 'OPC', payer: 'UHC', charge_count: 1, charge_amount: '60.00', new_count: 0, validated_count: 0, validated_amount: '0', invalid_count: 0, invalid_amount: '0', billed_count: 1, billed_amount: '60.00', unbilled_count: 0, unbilled_amount: '0', unbilled_age_days: null, claim_count: 1, claimed_amount: '60.00' },
  ]);
  expect((await reader(`select payer_id from billing.charge_reconciliation where payer_code is null`))[0].payer_id).toBe(NIL);
});

test('reporting views match the hand count', async () => {
  expect(await reader('select payer_code, facility_code, status, claim_count, total_amount::text, paid_amount::text from reporting.claim_status_summary order by status')).toEqual([
    { payer_code: 'UHC', facility_code: 'MAIN', status: 'BUILT', claim_count: 1, total_amount: '150.00', paid_amount: '0' },
    { payer_code: 'MCR', facility_code: 'OPC', status: 'DENIED', claim_count: 1, total_amount: '80.00', paid_amount: '0' },
    { payer_code: 'MCR', facility_code: 'LAB', status: 'PAID', claim_count: 1, total_amount: '200.00', paid_amount: '150.00' },
    { payer_code: 'UHC', facility_code: 'OPC', status: 'REJECTED', claim_count: 1, total_amount: '60.00', paid_amount: '0' },
  ]);
  expect(await reader('select payer_code, age_bucket, claim_count, outstanding_amount::text from reporting.ar_aging_by_payer')).toEqual([
    { payer_code: 'UHC', age_bucket: '0-30', claim_count: 1, outstanding_amount: '60.00' },
  ]);
  expect(await reader('select facility_code, claim_count, billed_amount::text, paid_count, paid_amount::text, denied_count, denied_amount::text from reporting.revenue_by_facility_month order by facility_code')).toEqual([
    { facility_code: 'LAB', claim_count: 1, billed_amount: '200.00', paid_count: 1, paid_amount: '150.00', denied_count: 0, denied_amount: '0' },
    { facility_code: 'MAIN', claim_count: 1, billed_amount: '150.00', paid_count: 0, paid_amount: '0', denied_count: 0, denied_amount: '0' },
    { facility_code: 'OPC', claim_count: 2, billed_amount: '140.00', paid_count: 0, paid_amount: '0', denied_count: 1, denied_amount: '80.00' },
  ]);
  expect(await reader('select payer_code, submitted_count, clean_count, rejected_count, clean_claim_rate_pct::text from reporting.clean_claim_rate order by payer_code')).toEqual([
    // Clean = accepted on the first submission and paid without a denial (issue 15): the DENIED MCR claim is not clean.
    { payer_code: 'MCR', submitted_count: 2, clean_count: 1, rejected_count: 0, clean_claim_rate_pct: '50.00' },
    { payer_code: 'UHC', submitted_count: 1, clean_count: 0, rejected_count: 1, clean_claim_rate_pct: '0.00' },
  ]);
  expect(await reader('select payer_code, denial_category, denied_count, denied_amount::text, adjudicated_count, denial_rate_pct::text from reporting.denial_rate_by_category')).toEqual([
    { payer_code: 'MCR', denial_category: 'CODING', denied_count: 1, denied_amount: '80.00', adjudicated_count: 2, denial_rate_pct: '50.00' },
  ]);
  expect(await reader('select payer_code, facility_code, risk_level, claim_count, charge_count, amount_at_risk::text from reporting.timely_filing_risk')).toEqual([
    { payer_code: 'UHC', facility_code: 'MAIN', risk_level: 'OK', claim_count: 1, charge_count: 1, amount_at_risk: '180.00' },
  ]);
});

test('views are tenant-safe: another tenant sees only its own rows, the raw materialized views are not granted', async () => {
  const theirs = await reader('select status, claim_count, total_amount::text from reporting.claim_status_summary', beta);
  expect(theirs).toEqual([{ status: 'BUILT', claim_count: 1, total_amount: '999.00' }]);
  const { rows } = await db.owner.query(
    `select c.oid::regclass::text as mv, has_table_privilege('rcm_visitor', c.oid, 'select') as granted from pg_class c
     join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'm' and n.nspname in ('billing', 'reporting') order by 1`);
  expect(rows.length).toBe(10); // 7 claims views + sweep outcomes + batch outcomes + payments by payer and day
  expect(rows.filter((r) => r.granted)).toEqual([]);
  await expect(reader('select * from reporting.mv_claim_status_summary')).rejects.toMatchObject({ code: '42501' });
});

test('reading needs reports.read; refreshing through the API needs reports.write', async () => {
  expect(await reader('select * from reporting.claim_status_summary', alpha, 'claims.write')).toEqual([]);
  const token = await service.token(alpha, ['reports.read']);
  const denied = await service.graphql(token, 'mutation { refreshReportingViews(input: {}) { result } }');
  expect(denied.errors?.[0].message).toBe('permission denied: reports.write required');
  const writer = await service.token(alpha, ['reports.write']);
  const ok = await service.graphql<{ refreshReconViews: { result: { status: string } } }>(writer, 'mutation { refreshReconViews(input: {}) { result } }');
  expect(ok.data.refreshReconViews.result.status).toBe('REFRESHED');
  const seen = await service.graphql<{ claimStatusSummaries: { nodes: { status: string; claimCount: number }[] } }>(token, '{ claimStatusSummaries(orderBy: STATUS_ASC) { nodes { status claimCount } } }');
  expect(seen.data.claimStatusSummaries.nodes.map((n) => n.status)).toEqual(['BUILT', 'DENIED', 'PAID', 'REJECTED']);
});

test('each refresh is logged with duration and row counts, and readers see how fresh the views are', async () => {
  await asEveryTenant(db, 'select reporting.fn_refresh_reporting_views()');
  const [fresh] = await reader("select view_group, refreshed_at > now() - interval '1 minute' as recent, duration_ms >= 0 as timed, row_counts from reporting.view_freshness where view_group = 'reporting'");
  expect(fresh).toMatchObject({ view_group: 'reporting', recent: true, timed: true });
  expect(fresh.row_counts).toMatchObject({ 'reporting.mv_claim_status_summary': 4, 'reporting.mv_denial_rate_by_category': 1 });
  const theirs = await reader("select row_counts from reporting.view_freshness where view_group = 'reporting'", beta);
  expect(theirs[0].row_counts).toMatchObject({ 'reporting.mv_claim_status_summary': 1 });
  const token = await service.token(alpha, ['reports.read']);
  const gql = await service.graphql<{ viewFreshnesses: { nodes: { viewGroup: string; refreshedAt: string }[] } }>(token, '{ viewFreshnesses { nodes { viewGroup refreshedAt } } }');
  expect(gql.data.viewFreshnesses.nodes.map((n) => n.viewGroup).sort()).toEqual(['billing_recon', 'reporting']);
});

test('one refresh at a time: a second caller is told it is running; readers are not blocked meanwhile', async () => {
  const holder = new pg.Client({ connectionString: db.location.ownerUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    const [first] = await asEveryTenant<{ r: { status: string } }>(db, 'select reporting.fn_refresh_reporting_views() as r', [], holder);
    expect(first.r.status).toBe('REFRESHED'); // its locks are held until commit
    const [second] = await asEveryTenant(db, 'select reporting.fn_refresh_reporting_views() as r');
    expect(second.r).toMatchObject({ status: 'ALREADY_RUNNING', message: expect.stringContaining('already running') });
    const client = await db.owner.connect();
    try {
      await client.query('begin');
      await client.query("set local statement_timeout = '2s'");
      await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'reports.read', true)", [alpha]);
      const t0 = Date.now();
      const { rows } = await client.query('select count(*)::int as n from reporting.claim_status_summary');
      expect(rows[0].n).toBe(4);
      expect(Date.now() - t0).toBeLessThan(1000);
      await client.query('rollback');
    } finally {
      client.release();
    }
    await holder.query('commit');
  } finally {
    await holder.end();
  }
  const [after] = await asEveryTenant<{ r: { status: string } }>(db, 'select reporting.fn_refresh_reporting_views() as r');
  expect(after.r.status).toBe('REFRESHED');
});
