// The 837P send stays linear in the number of claims, also right after the build made them (their
// statistics not yet gathered): the faults bench found a send of 1,000 claims taking 44 s because
// the planner, estimating the fresh claims at one row, scanned all of the tenant's claims once per
// claim. This test writes a 1,000-claim submission through the real cursors with auto_explain on
// and bounds the work of each cursor's plan per claim (claim records, COB rows: rows read and
// thrown away, buffers), which
// does not depend on how busy the machine is; then sends it to the sandbox partner.
import type { PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { render837, sendSubmission } from '../../server/claims/send-submission.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { claimsConfig } from '../../server/claims/config.ts';
import { clientsOfPool } from '../../server/db/pooled-client.ts';
import { logger } from '../../server/log.ts';
import { seedClaimsTenant } from '../../bench/faults/claims.ts';

const CLAIMS = 1000;

let db: TestDatabase;
let partner: SandboxPartner;
beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0 });
});
afterAll(async () => {
  await partner?.close();
  await db?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** Rows a plan read and threw away, over all its nodes and loops (EXPLAIN shows them per loop). */
function rowsThrownAway(node: PlanNode): number {
  const here = ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return here + (node.Plans ?? []).reduce((sum, child) => sum + rowsThrownAway(child), 0);
}

test('the 837P of 1,000 freshly built claims is read in work linear in the claims, and sent', async () => {
  // As in a database in use: another tenant's claims are there and analyzed (seedClaimsTenant
  // analyzes), this tenant's are built after that.
  const earlier = await seedClaimsTenant(db.owner, 'earlier', 300, partner.url);
  await runClaimsBuildPass(clientsOfPool(db.owner), earlier, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
  const tenantId = await seedClaimsTenant(db.owner, 'linear', CLAIMS * 3, partner.url);
  await runClaimsBuildPass(clientsOfPool(db.owner), tenantId, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
  const [submission] = (await db.owner.query("select * from billing_private.submit_claims(array[$1::uuid], null, 'test') where submission_id is not null", [tenantId])).rows;
  expect(submission.claim_count).toBe(CLAIMS);

  // auto_explain logs each cursor's plan, with what it really did, when the cursor closes.
  const client = await db.owner.connect();
  const plans = new Map<string, PlanNode>();
  try {
    client.on('notice', (notice) => {
      const text = String(notice.message);
      const json = text.slice(text.indexOf('{'));
      if (!text.includes('plan:') || !json.startsWith('{')) return;
      const entry = JSON.parse(json) as { 'Query Text': string; Plan: PlanNode };
      const cursor = /declare (\w+) /.exec(entry['Query Text'])?.[1];
      if (cursor) plans.set(cursor, entry.Plan);
    });
    await client.query("load 'auto_explain'");
    await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_buffers = on;
                        set auto_explain.log_format = json; set client_min_messages = log`);
    await client.query('begin read only');
    const x12 = await render837(client, tenantId, submission.submission_id, { inTransaction: true });
    await client.query('commit');
    expect(x12.match(/~CLM\*/g)).toHaveLength(CLAIMS);
  } finally {
    await client.query('reset all').catch(() => undefined);
    client.release();
  }
  // Each claim's record carries its lines; the COB rows come through a cursor of their own.
  expect([...plans.keys()].sort()).toEqual(['claims_837', 'cob_837']);
  for (const [cursor, plan] of plans) {
    // Keyed lookups: a handful of buffers per claim and almost nothing thrown away. The quadratic
    // plan threw away ~500 claim rows (1,500 line rows) per claim and hit ~500 buffers per claim.
    const work = { cursor, rowsThrownAwayPerClaim: rowsThrownAway(plan) / CLAIMS, buffersPerClaim: ((plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0)) / CLAIMS };
    expect(work.rowsThrownAwayPerClaim).toBeLessThan(50);
    expect(work.buffersPerClaim).toBeLessThan(40);
  }

  const withClient = <T>(work: (c: PoolClient) => Promise<T>) => db.owner.connect().then(async (c) => { try { return await work(c); } finally { c.release(); } });
  const sent = await sendSubmission(withClient, tenantId, submission.submission_id, logger('claims'));
  expect(sent).toMatchObject({ status: 'SENT', claimCount: CLAIMS });
  expect(Object.values(partner.stats().byClaimScenario).reduce((a, b) => a + b, 0)).toBe(CLAIMS);
}, 120_000);
