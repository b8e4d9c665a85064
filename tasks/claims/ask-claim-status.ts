// claims/ask-claim-status {tenantId} (queue tenant:<id>:claim-status, enqueued after stale-claim
// detection): sends a 276 for each stale claim due one and records the 277s (server/claims/claim-status.ts).
// A run with failures worth a retry (timeouts, 5xx) or payers whose breaker is open ends in an
// error, so graphile-worker runs it again with its backoff (max_attempts 5); those claims are due again.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { askClaimStatus } from '../../server/claims/claim-status.ts';
import { clientsOfJob, dbOf } from '../../server/db/pooled-client.ts';
import { logger } from '../../server/log.ts';

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  const log = logger('claims').child({ jobId: helpers.job.id });
  const result = await askClaimStatus(dbOf(clientsOfJob(helpers)), payload.tenantId, log);
  log.info({ tenantId: payload.tenantId, ...result }, 'claim status requests done');
  if (result.transientFailures > 0 || result.waiting > 0) {
    throw new Error(`${result.transientFailures} claim status request(s) failed and ${result.waiting} wait for an open payer breaker; retrying`);
  }
};

export default task;
