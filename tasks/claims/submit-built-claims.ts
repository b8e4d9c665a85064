// Nightly cycle step "submit what was built" for one tenant: every BUILT claim ready to leave goes
// into one submission per claims trading partner (billing_private.submit_claims, the function
// under billing.fn_submit_claims), whose send jobs are enqueued in the same transaction. Claims
// missing 837P data stay BUILT and are counted. Enqueued by claims/build-claims after its pass.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  await helpers.withPgClient((client) =>
    runTenantCycle(client, { task: 'claims/submit-built-claims', tenantId: payload.tenantId }, async (tx) => {
      const { rows } = await tx.query<{ submissions: number; claims_submitted: number; claims_skipped: number; partners: number }>(
        `select count(*) filter (where o.submission_id is not null)::int as submissions, coalesce(sum(o.claim_count), 0)::int as claims_submitted,
                count(distinct o.claim_id) filter (where o.error_code is not null)::int as claims_skipped, count(distinct o.trading_partner_id)::int as partners
         from billing_private.submit_claims(array[$1::uuid], null, 'jobRunner') o`, [payload.tenantId]);
      return { submissions: rows[0].submissions, claimsSubmitted: rows[0].claims_submitted, claimsSkipped: rows[0].claims_skipped, partners: rows[0].partners };
    }));
};

export default task;
