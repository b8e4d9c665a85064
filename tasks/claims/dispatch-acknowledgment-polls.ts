// Cron: one claims/poll-acknowledgments job per tenant and trading partner with submissions
// awaiting a 999 or 277CA, on the tenant's claims queue (billing_private.fn_dispatch_acknowledgment_polls).
import type { Task } from 'graphile-worker';
import { logger } from '../../server/log.ts';

const task: Task = async (_payload, helpers) => {
  const { rows } = await helpers.withPgClient((client) => client.query<{ jobs: number }>('select billing_private.fn_dispatch_acknowledgment_polls() as jobs'));
  if (rows[0].jobs > 0) logger('claims').info({ jobs: rows[0].jobs }, 'acknowledgment polls enqueued');
};

export default task;
