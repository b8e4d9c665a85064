// claims/poll-acknowledgments {tenantId, tradingPartnerId}: on the tenant's claims queue, retrieves
// and applies the 999s and 277CAs of submissions still waiting (server/claims/poll-acknowledgments.ts).
// Enqueued by claims/dispatch-acknowledgment-polls; safe to re-run (files are applied once).
import type { Task } from 'graphile-worker';
import { pollAcknowledgments } from '../../server/claims/poll-acknowledgments.ts';
import { logger } from '../../server/log.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertPayload(payload: unknown): asserts payload is { tenantId: string; tradingPartnerId: string } {
  const p = payload as { tenantId?: unknown; tradingPartnerId?: unknown } | null;
  if (typeof p?.tenantId !== 'string' || !UUID.test(p.tenantId) || typeof p.tradingPartnerId !== 'string' || !UUID.test(p.tradingPartnerId)) {
    throw new Error(`claims/poll-acknowledgments needs {"tenantId": "<uuid>", "tradingPartnerId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPayload(payload);
  await pollAcknowledgments((work) => helpers.withPgClient(work), payload.tenantId, payload.tradingPartnerId, logger('claims').child({ jobId: helpers.job.id }));
};

export default task;
