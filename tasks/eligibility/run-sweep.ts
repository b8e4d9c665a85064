// eligibility/run-sweep {sweepRunId}: runs one sweep (engine in server/eligibility/run-sweep.ts).
// Re-firing is safe: a terminal run exits at once, a running one resumes where it stopped.
import type { Task } from 'graphile-worker';
import type { QueryResultRow } from 'pg';
import { runSweep, type Db } from '../../server/eligibility/run-sweep.ts';
import { logger } from '../../server/log.ts';

interface RunSweepPayload {
  sweepRunId: string;
}

function assertRunSweepPayload(payload: unknown): asserts payload is RunSweepPayload {
  const id = (payload as { sweepRunId?: unknown } | null)?.sweepRunId;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new Error(`eligibility/run-sweep needs {"sweepRunId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertRunSweepPayload(payload);
  const db: Db = {
    query: <R extends QueryResultRow>(sql: string, params?: unknown[]) => helpers.withPgClient((client) => client.query<R>(sql, params)),
  };
  await runSweep(db, payload.sweepRunId, { log: logger('sweep').child({ jobId: helpers.job.id }) });
};

export default task;
