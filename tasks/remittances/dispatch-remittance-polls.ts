// Cron: one remittances/poll-remittances job per tenant and trading partner with claims sent and
// not yet adjudicated, on the tenant's remittances queue (billing_private.fn_dispatch_remittance_polls).
import type { Task } from 'graphile-worker';
import { logger } from '../../server/log.ts';

const task: Task = async (_payload, helpers) => {
  const { rows } = await helpers.withPgClient((client) => client.query<{ jobs: number }>('select billing_private.fn_dispatch_remittance_polls() as jobs'));
  if (rows[0].jobs > 0) logger('remittances').info({ jobs: rows[0].jobs }, 'remittance polls enqueued');
};

export default task;
