// Per tenant: validate NEW charges, then build claims from VALIDATED charges, slices side by side.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { claimsConfig } from '../../server/claims/config.ts';
import { clientsOfJob } from '../../server/db/pooled-client.ts';
import { logger } from '../../server/log.ts';

const log = logger('jobRunner');

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  const withClient = clientsOfJob(helpers);
  await withClient((client) =>
    runTenantCycle(client, { task: 'claims/build-claims', tenantId: payload.tenantId, transaction: false }, () =>
      runClaimsBuildPass(withClient, payload.tenantId, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism }, log)));
  // The cycle's next step: submit what was built (claims leaving, issue 14).
  await helpers.addJob('claims/submit-built-claims', { tenantId: payload.tenantId },
    { queueName: `tenant:${payload.tenantId}:claims` /* core_private.job_queue(tenant, 'claims') */, jobKey: `submit-built:${payload.tenantId}` });
};

export default task;
