// remittances/poll-remittances {tenantId, tradingPartnerId}: on the tenant's remittances queue,
// retrieves the partner's ready 835s and posts them (server/remittances/poll-remittances.ts).
// Enqueued by remittances/dispatch-remittance-polls; safe to re-run (an 835 posts once).
import type { Task } from 'graphile-worker';
import { isUuid } from '../../server/is-uuid.ts';
import { logger } from '../../server/log.ts';
import { pollRemittances } from '../../server/remittances/poll-remittances.ts';

function assertPayload(payload: unknown): asserts payload is { tenantId: string; tradingPartnerId: string } {
  const p = payload as { tenantId?: unknown; tradingPartnerId?: unknown } | null;
  if (typeof p?.tenantId !== 'string' || !isUuid(p.tenantId) || typeof p.tradingPartnerId !== 'string' || !isUuid(p.tradingPartnerId)) {
    throw new Error(`remittances/poll-remittances needs {"tenantId": "<uuid>", "tradingPartnerId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPayload(payload);
  const log = logger('remittances').child({ jobId: helpers.job.id });
  const result = await pollRemittances((work) => helpers.withPgClient(work), payload.tenantId, payload.tradingPartnerId, log);
  if (result.files > 0) log.info({ ...result }, '835 files retrieved');
};

export default task;
