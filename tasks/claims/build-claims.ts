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
};

export default task;
