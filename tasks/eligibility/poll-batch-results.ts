// eligibility/poll-batch-results {tenantId}: on the tenant's queue, expires batch 270s past their
// partner's deadline and retrieves the 271s of the others (server/eligibility/batch-results.ts).
// Enqueued by eligibility/dispatch-batch-polls; safe to re-run after a crash.
import type { Task } from 'graphile-worker';
import { clientsOfJob, dbOf } from '../../server/db/pooled-client.ts';
import { isUuid } from '../../server/is-uuid.ts';
import { pollBatchResults } from '../../server/eligibility/batch-results.ts';
import { logger } from '../../server/log.ts';

interface PollPayload {
  tenantId: string;
}

function assertPollPayload(payload: unknown): asserts payload is PollPayload {
  if (!isUuid((payload as { tenantId?: unknown } | null)?.tenantId)) {
    throw new Error(`eligibility/poll-batch-results needs {"tenantId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPollPayload(payload);
  await pollBatchResults(dbOf(clientsOfJob(helpers)), payload.tenantId, logger('sweep').child({ jobId: helpers.job.id }));
};

export default task;
