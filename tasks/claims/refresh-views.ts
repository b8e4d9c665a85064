// Cron: refresh the billing reconciliation and reporting views (for every tenant at once).
import type { Task } from 'graphile-worker';
import { runRefreshCycle } from '../../server/claims/refresh-cycle.ts';
import { syncJobSchedules } from '../../server/claims/job-schedule.ts';

const task: Task = async (_payload, helpers) => {
  await helpers.withPgClient(async (client) => {
    await runRefreshCycle(client);
    await syncJobSchedules(client);
  });
};

export default task;
