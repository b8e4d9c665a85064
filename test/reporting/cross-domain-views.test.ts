// The reporting views over eligibility and ingestion: after a refresh they agree with the rows
// they summarise, readers see only their tenant with reports.read, and the refresh reports them.
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
  beta = await seedTestTenant(db, 'beta', { seed: 9 });
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

/** Three 270/271 exchanges for alpha: an active answer, an AAA 72 reject and a gateway failure. */
async function addInquiries(tenantId: string): Promise<void> {
  await db.owner.query(
    `insert into eligibility.eligibility_inquiry (tenant_id, member_id, coverage_policy_id, payer_id, service_date, trace_number, sent_at, response_ms,
                                                  response_type, outcome, coverage_status, reject_codes)
     select c.tenant_id, c.member_id, c.id, c.payer_id, current_date, 'FIX-' || v.n, now(), v.ms, v.rtype, v.outcome, v.status, v.codes
     from (select * from member.coverage_policy where tenant_id = $1 order by id limit 1) c,
          (values (1, 300, '271', 'RECEIVED', 'active', null::text[]),
                  (2, 450, '271', 'MEMBER_PROBLEM', 'rejected', array['72']),
                  (3, 25000, 'ERROR', 'PERMANENT', null, null::text[])) v(n, ms, rtype, outcome, status, codes)`,
    [tenantId],
  );
}

test('sweep outcomes and batch outcomes are refreshed with the other reporting views and tie out to their sources', async () => {
  await addInquiries(alpha);
  const refreshed = await service.graphql<{ refreshReportingViews: { result: { status: string; rowCounts: Record<string, number> } } }>(
    await service.token(alpha, ['reports.write']),
    'mutation { refreshReportingViews(input: {}) { result } }',
  );
  expect(refreshed.errors).toBeUndefined();
  expect(refreshed.data.refreshReportingViews.result.status).toBe('REFRESHED');
  expect(Object.keys(refreshed.data.refreshReportingViews.result.rowCounts)).toEqual(
    expect.arrayContaining(['reporting.mv_sweep_outcome_by_day_payer', 'reporting.mv_ingestion_batch_outcome']),
  );

  const inquiries = await db.owner.query("select count(*)::int as n, count(*) filter (where cardinality(reject_codes) > 0)::int as rejects from eligibility.eligibility_inquiry where tenant_id = $1", [alpha]);
  const batches = await db.owner.query('select count(*)::int as n, coalesce(sum(error), 0)::int as errors from ingestion.batch where tenant_id = $1', [alpha]);
  expect(inquiries.rows[0].n).toBeGreaterThan(0);
  expect(batches.rows[0].n).toBeGreaterThan(0);

  const read = await service.graphql<{ sweepOutcomeByDayPayers: { nodes: { tenantId: string; inquiryCount: number; aaaRejectCount: number }[] }; ingestionBatchOutcomes: { nodes: { tenantId: string; batchCount: number; errorCount: string }[] } }>(
    await service.token(alpha, ['reports.read']),
    '{ sweepOutcomeByDayPayers { nodes { tenantId inquiryCount aaaRejectCount } } ingestionBatchOutcomes { nodes { tenantId batchCount errorCount } } }',
  );
  expect(read.errors).toBeUndefined();
  const sweeps = read.data.sweepOutcomeByDayPayers.nodes;
  expect(new Set(sweeps.map((n) => n.tenantId))).toEqual(new Set([alpha]));
  expect(sweeps.reduce((sum, n) => sum + n.inquiryCount, 0)).toBe(inquiries.rows[0].n);
  expect(sweeps.reduce((sum, n) => sum + n.aaaRejectCount, 0)).toBe(inquiries.rows[0].rejects);
  // Hand-computed from the fixture: 1 AAA reject among 2 answered 271s, 2 of 3 within 20 s.
  const fixtureDay = await db.owner.query<{ aaa_error_rate_pct: string; within_20s_pct: string; inquiry_count: number }>(
    'select inquiry_count, aaa_error_rate_pct, within_20s_pct from reporting.mv_sweep_outcome_by_day_payer where tenant_id = $1 and day = current_date',
    [alpha],
  );
  expect(fixtureDay.rows[0]).toEqual({ inquiry_count: 3, aaa_error_rate_pct: '50.00', within_20s_pct: '66.67' });
  const outcomes = read.data.ingestionBatchOutcomes.nodes;
  expect(outcomes.reduce((sum, n) => sum + n.batchCount, 0)).toBe(batches.rows[0].n);
  expect(outcomes.reduce((sum, n) => sum + Number(n.errorCount), 0)).toBe(batches.rows[0].errors);
  expect(outcomes.map((n) => n.tenantId)).not.toContain(beta);
});

test('reading the views needs reports.read', async () => {
  const res = await service.graphql<{ sweepOutcomeByDayPayers: { nodes: unknown[] } }>(await service.token(alpha, ['claims.read']), '{ sweepOutcomeByDayPayers { nodes { day } } }');
  expect(res.data.sweepOutcomeByDayPayers.nodes).toEqual([]);
});
