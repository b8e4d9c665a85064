// Per tenant: flag SUBMITTED claims the payer has not answered within its stale_claim_days.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  await helpers.withPgClient((client) =>
    runTenantCycle(client, { task: 'claims/detect-stale-claims', tenantId: payload.tenantId }, async (tx) =>
      (await tx.query('select billing_private.detect_stale_claims(array[$1::uuid]) as counts', [payload.tenantId])).rows[0].counts));
};

export default task;
