// A 277CA is matched in work linear in its claims, also when it comes right after a large
// submission, before autovacuum has analyzed billing.claim: its statistics then say the claims
// are BUILT (few or none SUBMITTED), and matching by patient control number AND status walked the
// (tenant_id, status) index, every SUBMITTED claim once per answered claim (the bench's
// 10,000-claim 277CA after a 100,000-claim submission ran for over seven minutes). The
// statistics of that moment are set here with pg_restore_attribute_stats; the match's plan,
// logged by auto_explain, must throw away next to nothing per claim, which does not depend on
// how busy the machine is.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { claimsConfig } from '../../server/claims/config.ts';
import { clientsOfPool } from '../../server/db/pooled-client.ts';
import { seedClaimsTenant } from '../../bench/faults/claims.ts';

const CLAIMS = 400;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

interface PlanNode {
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

function rowsThrownAway(node: PlanNode): number {
  const here = ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return here + (node.Plans ?? []).reduce((sum, child) => sum + rowsThrownAway(child), 0);
}

test('a 277CA right after a submission, with claim statistics from before it, is matched claim by claim and applied', async () => {
  const tenantId = await seedClaimsTenant(db.owner, 'ack-linear', CLAIMS * 3, 'http://127.0.0.1:9');
  await runClaimsBuildPass(clientsOfPool(db.owner), tenantId, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
  const [submission] = (await db.owner.query("select * from billing_private.submit_claims(array[$1::uuid], null, 'test') where submission_id is not null", [tenantId])).rows;
  expect(submission.claim_count).toBe(CLAIMS);
  const pcns = (await db.owner.query<{ p: string }>(
    'select c.patient_control_number as p from billing.claim_submission_claim sc join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id where sc.tenant_id = $1 and sc.submission_id = $2',
    [tenantId, submission.submission_id])).rows.map((r) => r.p);
  const parsed = { interchangeSender: 'SANDBOXCH', claims: pcns.map((p, i) => ({ patientControlNumber: p, payerClaimControlNumber: `PCCN${i}`, statuses: [{ category: 'A2', code: '20', entity: 'PR' }] })) };

  const client = await db.owner.connect();
  let matchPlan: PlanNode | undefined;
  try {
    await client.query('begin');
    // billing.claim as last analyzed before the submission: its 400 claims, every one BUILT.
    await client.query(`select pg_restore_relation_stats('schemaname', 'billing', 'relname', 'claim', 'relpages', (pg_relation_size('billing.claim') / 8192)::int,
                          'reltuples', ${CLAIMS}::real)`);
    await client.query(`select pg_restore_attribute_stats('schemaname', 'billing', 'relname', 'claim', 'attname', 'status', 'inherited', false,
                          'null_frac', 0::real, 'avg_width', 6, 'n_distinct', 1::real, 'most_common_vals', '{BUILT}'::text, 'most_common_freqs', '{1}'::real[])`);
    client.on('notice', (notice) => {
      const text = String(notice.message);
      const json = text.slice(text.indexOf('{'));
      if (!text.includes('plan:') || !json.startsWith('{')) return;
      const entry = JSON.parse(json) as { 'Query Text': string; Plan: PlanNode };
      if (entry['Query Text'].includes('insert into pg_temp.ca_claim')) matchPlan = entry.Plan;
    });
    await client.query("load 'auto_explain'");
    await client.query(`set local auto_explain.log_min_duration = 0; set local auto_explain.log_analyze = on; set local auto_explain.log_timing = off;
                        set local auto_explain.log_nested_statements = on; set local auto_explain.log_format = json; set local client_min_messages = log`);
    const applied = (await client.query("select billing_private.fn_receive_acknowledgment($1, '277CA', 'POLL', 'x', 1, $2, 'test') as r", [tenantId, JSON.stringify(parsed)])).rows[0].r;
    await client.query('set local client_min_messages = notice');
    await client.query('commit');
    expect(applied).toMatchObject({ accepted: CLAIMS, rejected: 0, unmatched: [] });
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.query('reset all').catch(() => undefined);
    client.release();
  }
  expect(matchPlan).toBeDefined();
  // Keyed lookups throw nothing away; the plan of before threw away every other SUBMITTED claim (~400) per claim.
  expect(rowsThrownAway(matchPlan!) / CLAIMS).toBeLessThan(5);
  const statuses = (await db.owner.query('select status, count(*)::int as n from billing.claim where tenant_id = $1 group by status', [tenantId])).rows;
  expect(statuses).toEqual([{ status: 'ACCEPTED', n: CLAIMS }]);
}, 120_000);
