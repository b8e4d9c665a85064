// Issue 13 item 7: tenants share the materialized views, so a tenant's refresh must tell that
// tenant about its own rows only, must not write its user's name where other tenants read it,
// and cannot be repeated back to back through the API (a minimum interval; the answer names the
// last refresh).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let service: TestService;
let alpha: string;
let beta: string;

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await seedTestTenant(db, 'alpha');
  beta = await seedTestTenant(db, 'beta', { members: 80, events: 240 });
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

interface Freshness { tenantId: string; viewGroup: string; requestedBy: string | null; rowCounts: Record<string, number> }
const FRESHNESS = '{ viewFreshnesses { nodes { tenantId viewGroup requestedBy rowCounts } } }';
const REFRESH = 'mutation { refreshReportingViews(input: {}) { result } }';

async function countsOf(tenantId: string): Promise<Record<string, number>> {
  const { rows } = await db.owner.query('select count(*)::int as n from reporting.mv_claim_status_summary where tenant_id = $1', [tenantId]);
  return { 'reporting.mv_claim_status_summary': rows[0].n };
}

test("a tenant's refresh answers its own row counts, names its user to its own tenant only, and is not repeated within the interval", async () => {
  const betaWriter = await service.token(beta, ['reports.write', 'reports.read'], { sub: 'beta-analyst@example.org' });
  const refreshed = await service.graphql<{ refreshReportingViews: { result: { status: string; rowCounts: Record<string, number> } } }>(betaWriter, REFRESH);
  expect(refreshed.errors).toBeUndefined();
  expect(refreshed.data.refreshReportingViews.result.status).toBe('REFRESHED');
  const all = await db.owner.query('select count(*)::int as n from reporting.mv_claim_status_summary');
  const own = await countsOf(beta);
  expect(own['reporting.mv_claim_status_summary']).toBeLessThan(all.rows[0].n); // alpha has rows too: the totals would differ
  expect(refreshed.data.refreshReportingViews.result.rowCounts).toMatchObject(own);

  const alphaView = await service.graphql<{ viewFreshnesses: { nodes: Freshness[] } }>(await service.token(alpha, ['reports.read']), FRESHNESS);
  const alphaReporting = alphaView.data.viewFreshnesses.nodes.find((n) => n.viewGroup === 'reporting')!;
  expect(alphaView.data.viewFreshnesses.nodes.every((n) => n.tenantId === alpha)).toBe(true);
  expect(alphaReporting.requestedBy).toBeNull();
  expect(alphaReporting.rowCounts).toMatchObject(await countsOf(alpha));
  const betaView = await service.graphql<{ viewFreshnesses: { nodes: Freshness[] } }>(betaWriter, FRESHNESS);
  expect(betaView.data.viewFreshnesses.nodes.find((n) => n.viewGroup === 'reporting')!.requestedBy).toBe('beta-analyst@example.org');
  const leaked = await db.owner.query("select count(*)::int as n from ops.view_refresh where tenant_id <> $1 and requested_by = 'beta-analyst@example.org'", [beta]);
  expect(leaked.rows[0].n).toBe(0);

  // Another tenant's user asks again at once: the last refresh comes back, nothing is refreshed or written.
  const rowsBefore = (await db.owner.query('select count(*)::int as n from ops.view_refresh')).rows[0].n;
  const started = Date.now();
  const again = await service.graphql<{ refreshReportingViews: { result: { status: string; refreshedAt: string; nextRefreshAllowedAt: string; message: string } } }>(
    await service.token(alpha, ['reports.write']), REFRESH);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(again.data.refreshReportingViews.result).toMatchObject({ status: 'RECENTLY_REFRESHED', message: expect.stringContaining('next refresh through the API is allowed from') });
  expect(Date.parse(again.data.refreshReportingViews.result.nextRefreshAllowedAt) - Date.parse(again.data.refreshReportingViews.result.refreshedAt)).toBe(60_000);
  expect((await db.owner.query('select count(*)::int as n from ops.view_refresh')).rows[0].n).toBe(rowsBefore);

  // The other group has its own interval; an operator (psql, the nightly job) is not limited.
  const recon = await service.graphql<{ refreshReconViews: { result: { status: string } } }>(await service.token(alpha, ['reports.write']), 'mutation { refreshReconViews(input: {}) { result } }');
  expect(recon.data.refreshReconViews.result.status).toBe('REFRESHED');
  // A DBA refreshes every tenant's views only after saying so (core.act_for_every_tenant).
  const dba = await db.owner.connect();
  let operator;
  try {
    await dba.query('select core.act_for_every_tenant()');
    operator = await dba.query('select reporting.fn_refresh_reporting_views() as r');
  } finally {
    await dba.query("select set_config('rcm.act_for_every_tenant', '', false)");
    dba.release();
  }
  expect(operator.rows[0].r.status).toBe('REFRESHED');
  expect(operator.rows[0].r.rowCounts['reporting.mv_claim_status_summary']).toBe(all.rows[0].n);
});
