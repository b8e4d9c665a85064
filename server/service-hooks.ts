// Things a domain starts beside the HTTP server and the worker (listeners, pollers).
// Each returns its stop function. A domain adds its hook in its own section.
import type { Pool } from 'pg';
import type { Runner } from 'graphile-worker';
// -- eligibility imports
import { sweepSupervisorHook } from './eligibility/supervisor.ts';

// -- ingestion imports

// -- claims imports
import { syncJobSchedules } from './claims/job-schedule.ts';

export interface ServiceContext {
  ownerPool: Pool;
  ownerUrl: string;
  runner?: Runner;
}

export type ServiceHook = (context: ServiceContext) => Promise<() => Promise<void>>;

export const serviceHooks: ServiceHook[] = [
  // -- eligibility hooks
  sweepSupervisorHook,

  // -- ingestion hooks

  // -- claims hooks
  // The nightly tasks' schedules and next fire times, for GraphQL (jobSchedules, jobRunnerStatuses).
  async ({ ownerPool }) => {
    await syncJobSchedules(ownerPool);
    return async () => undefined;
  },

];
