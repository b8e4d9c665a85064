// eligibility/poll-batch-results {tenantId}: on the tenant's queue, expires batch 270s past their
// partner's deadline and retrieves the 271s of the others (server/eligibility/batch-results.ts).
// Enqueued by eligibility/dispatch-batch-polls; safe to re-run after a crash.
import type { Task } from 'graphile-worker';
import type { QueryResultRow } from 'pg';
import type { Db } from '../../server/eligibility/run-sweep.ts';
import { pollBatchResults } from '../../server/eligibility/batch-results.ts';
import { logger } from '../../server/log.ts';

interface PollPayload {
  tenantId: string;
}

function assertPollPayload(payload: unknown): asserts payload is PollPayload {
  const id = (payload as { tenantId?: unknown } | null)?.tenantId;
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Error(`eligibility/poll-batch-results needs {"tenantId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPollPayload(payload);
  const db: Db = {
    query: <R extends QueryResultRow>(sql: string, params?: unknown[]) => helpers.withPgClient((client) => client.query<R>(sql, params)),
  };
  await pollBatchResults(db, payload.tenantId, logger('sweep').child({ jobId: helpers.job.id }));
};

export default task;
