// Per tenant: validate NEW charges, then build claims from VALIDATED charges, slices side by side.
import type { Task } from 'graphile-worker';
import type { PoolClient } from 'pg';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { claimsConfig } from '../../server/claims/config.ts';
import { logger } from '../../server/log.ts';

const log = logger('jobRunner');

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  const withClient = <T>(work: (client: PoolClient) => Promise<T>) => helpers.withPgClient((client) => work(client as PoolClient));
  await withClient((client) =>
    runTenantCycle(client, { task: 'claims/build-claims', tenantId: payload.tenantId, transaction: false }, () =>
      runClaimsBuildPass(withClient, payload.tenantId, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism }, log)));
};

export default task;
