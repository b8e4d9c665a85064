// The demo tenant shows the claims capability: charges in each status, claims in every status,
// alerts at each level, a stale claim, refreshed views.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await seedTestTenant(db, 'demo-claims', { members: 60, events: 300 });
});
afterAll(async () => db.drop());

test('charges are NEW, VALIDATED, INVALID (with errors) and BILLED', async () => {
  const { rows } = await db.owner.query(
    `select status, count(*)::int as n, bool_and(jsonb_array_length(validation_errors) > 0) as all_have_errors
     from billing.charge where tenant_id = $1 group by status order by status`,
    [tenantId],
  );
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r]));
  expect(Object.keys(byStatus).sort()).toEqual(['BILLED', 'INVALID', 'NEW', 'VALIDATED']);
  expect(byStatus.INVALID.all_have_errors).toBe(true);
});

test('claims exist in every status after BUILT, recorded in their history', async () => {
  const { rows } = await db.owner.query('select distinct status from billing.claim where tenant_id = $1 order by status', [tenantId]);
  expect(rows.map((r) => r.status)).toEqual(['ACCEPTED', 'BUILT', 'DENIED', 'PAID', 'REJECTED', 'SUBMITTED']);
  const { rows: mismatched } = await db.owner.query(
    `select c.id from billing.claim c where c.tenant_id = $1 and c.status <> (select h.to_status from billing.claim_status_history h where h.claim_id = c.id order by h.seq desc limit 1)`,
    [tenantId],
  );
  expect(mismatched).toEqual([]);
});

test('timely-filing alerts at each level, a stale claim, and refreshed views', async () => {
  const { rows } = await db.owner.query('select distinct level from billing.timely_filing_alert where tenant_id = $1 and resolved_at is null order by level', [tenantId]);
  expect(rows.map((r) => r.level)).toEqual(['ALERT', 'EXPIRED', 'WARNING']);
  const stale = await db.owner.query('select count(*)::int as n from billing.stale_claim_flag where tenant_id = $1 and resolved_at is null', [tenantId]);
  expect(stale.rows[0].n).toBeGreaterThanOrEqual(1);
  // ops.view_refresh keeps one row per refresh (the remittances step refreshes again): each group at least once.
  const refreshed = await db.owner.query('select distinct view_group from ops.view_refresh where tenant_id = $1 order by view_group', [tenantId]);
  expect(refreshed.rows.map((r) => r.view_group)).toEqual(['billing_recon', 'reporting']);
  const summary = await db.owner.query('select sum(claim_count)::int as n from reporting.mv_claim_status_summary where tenant_id = $1', [tenantId]);
  const claims = await db.owner.query('select count(*)::int as n from billing.claim where tenant_id = $1', [tenantId]);
  expect(summary.rows[0].n).toBe(claims.rows[0].n);
});
