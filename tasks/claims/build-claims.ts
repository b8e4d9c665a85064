// Per tenant: validate NEW charges, then build claims from VALIDATED charges.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  await helpers.withPgClient((client) =>
    runTenantCycle(client, { task: 'claims/build-claims', tenantId: payload.tenantId }, async (tx) =>
      (await tx.query('select billing_private.run_nightly_claims($1) as counts', [payload.tenantId])).rows[0].counts));
};

export default task;
