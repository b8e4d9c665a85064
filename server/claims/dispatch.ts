// A dispatcher enqueues the per-tenant task for every tenant on the tenant's claims queue. The job key
// (task + tenant) makes a re-fired dispatch replace a job still waiting rather than add one.
import type { Task } from 'graphile-worker';
import { logger } from '../log.ts';
import { syncJobSchedules } from './job-schedule.ts';
import { NIGHTLY_TASKS } from './nightly-tasks.ts';

export function dispatcher(task: string): Task {
  const nightly = NIGHTLY_TASKS.find((t) => t.task === task);
  if (!nightly?.tenantTask) throw new Error(`${task} is not a dispatching nightly task`);
  const tenantTask = nightly.tenantTask;
  return async (_payload, helpers) => {
    const tenants = await helpers.withPgClient(async (client) => {
      const { rowCount } = await client.query(
        `select graphile_worker.add_job($1, json_build_object('tenantId', t.id), queue_name => core_private.job_queue(t.id, 'claims'), job_key => $1 || ':' || t.id, max_attempts => 3)
         from core.tenant t`,
        [tenantTask],
      );
      await syncJobSchedules(client);
      return rowCount ?? 0;
    });
    logger('jobRunner').info({ task, tenantTask, tenants }, 'dispatched');
  };
}
