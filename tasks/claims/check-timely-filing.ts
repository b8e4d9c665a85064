// Per tenant: timely-filing alerts (WARNING, ALERT, EXPIRED, CONFIG) raised once, resolved when filed.
import type { Task } from 'graphile-worker';
import { assertTenantPayload } from '../../server/claims/nightly-tasks.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';

const task: Task = async (payload, helpers) => {
  assertTenantPayload(payload);
  await helpers.withPgClient((client) =>
    runTenantCycle(client, { task: 'claims/check-timely-filing', tenantId: payload.tenantId }, async (tx) =>
      (await tx.query('select billing_private.check_timely_filing(array[$1::uuid]) as counts', [payload.tenantId])).rows[0].counts));
};

export default task;
