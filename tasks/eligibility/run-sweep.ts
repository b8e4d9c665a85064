// eligibility/run-sweep {sweepRunId}: runs one sweep (engine in server/eligibility/run-sweep.ts).
// Re-firing is safe: a terminal run exits at once, a running one resumes where it stopped, and a
// run another live worker is running (it holds the run's lock) is left to that worker.
import type { Task } from 'graphile-worker';
import { clientsOfJob, dbOf } from '../../server/db/pooled-client.ts';
import { isUuid } from '../../server/is-uuid.ts';
import { runSweep } from '../../server/eligibility/run-sweep.ts';
import { logger } from '../../server/log.ts';

interface RunSweepPayload {
  sweepRunId: string;
}

function assertRunSweepPayload(payload: unknown): asserts payload is RunSweepPayload {
  if (!isUuid((payload as { sweepRunId?: unknown } | null)?.sweepRunId)) {
    throw new Error(`eligibility/run-sweep needs {"sweepRunId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertRunSweepPayload(payload);
  const log = logger('sweep').child({ jobId: helpers.job.id });
  // The run's lock lives on a connection of its own for the whole run: fn_refire_sweep_run reads
  // it to tell a live run from one whose worker died (the lock goes with the session).
  await helpers.withPgClient(async (lockClient) => {
    const { rows } = await lockClient.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(eligibility_private.sweep_run_lock_key($1)) as locked', [payload.sweepRunId]);
    if (!rows[0].locked) {
      log.warn({ sweepRunId: payload.sweepRunId }, 'another live worker is running this sweep run; this job exits');
      return;
    }
    try {
      await runSweep(dbOf(clientsOfJob(helpers)), payload.sweepRunId, { log });
    } finally {
      await lockClient.query('select pg_advisory_unlock(eligibility_private.sweep_run_lock_key($1))', [payload.sweepRunId]);
    }
  });
};

export default task;
