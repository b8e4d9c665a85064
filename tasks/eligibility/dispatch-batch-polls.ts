// Cron: one eligibility/poll-batch-results job per tenant with batch 270s awaiting their 271s, on
// the tenant's queue (eligibility_private.fn_dispatch_batch_polls).
import type { Task } from 'graphile-worker';
import { logger } from '../../server/log.ts';

const log = logger('sweep');

const task: Task = async (_payload, helpers) => {
  const { rows } = await helpers.withPgClient((client) => client.query<{ tenants: number }>('select eligibility_private.fn_dispatch_batch_polls() as tenants'));
  if (rows[0].tenants > 0) log.info({ tenants: rows[0].tenants }, 'batch result polls enqueued');
};

export default task;
