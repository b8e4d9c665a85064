// Batch-mode trading partners: the per-tenant poll (task eligibility/poll-batch-results). First
// the deadline (acknowledged 270s unanswered after the partner's batch_response_hours become
// PERMANENT, their members FAILED), then one CORE batch results retrieval request per awaiting
// inquiry's PayloadID; a 271 (or 999) is stored through the same SQL as a pushed late answer, so
// a retrieval repeated after a crash changes nothing (55000: already answered).
import type { Db } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import { retrieveBatchResults } from '../../x12/transport/core-client.ts';
import type { PartnerConfig } from './exchange.ts';
import { coreClientOptions, loadPartnerConnection, type PartnerConnection } from '../partners/connection.ts';
import { readX12 } from '../x12-readers/pool.ts';

export interface BatchPollSummary {
  expired: number;
  polled: number;
  answered: number;
  notReady: number;
  alreadyAnswered: number;
  errors: number;
}

/** Retrieval requests in flight at once per tenant poll (the partner's batch endpoint is not the real-time lane). */
const POLL_CONCURRENCY = 4;
/** Oldest first; the next poll takes the rest. */
const POLL_LIMIT = 500;

export async function pollBatchResults(db: Db, tenantId: string, log: Logger): Promise<BatchPollSummary> {
  const summary: BatchPollSummary = { expired: 0, polled: 0, answered: 0, notReady: 0, alreadyAnswered: 0, errors: 0 };
  summary.expired = (await db.query<{ n: number }>('select eligibility_private.fn_expire_batch_inquiries($1) as n', [tenantId])).rows[0].n;
  const { rows } = await db.query(
    `select i.id, i.trace_number, i.payload_id,
            tp.id as tp_id, tp.name as tp_name, tp.mode, tp.endpoint_url, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id,
            tp.usage_indicator, tp.timeout_ms
     from eligibility.eligibility_inquiry i
     join core.trading_partner tp on tp.tenant_id = i.tenant_id and tp.id = i.trading_partner_id
     where i.tenant_id = $1 and i.outcome = 'PENDING' and i.batch_acknowledged_at is not null
     order by i.sent_at limit ${POLL_LIMIT}`, [tenantId]);
  // Credentials are decrypted in one place (server/partners/connection.ts), once per partner.
  const credentials = new Map<string, Promise<PartnerConnection | null>>();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, rows.length) }, async () => {
    while (next < rows.length) await pollOne(rows[next++]);
  }));
  log.info({ tenantId, ...summary }, 'batch results polled');
  return summary;

  async function pollOne(r: Record<string, string>): Promise<void> {
    if (!credentials.has(r.tp_id)) credentials.set(r.tp_id, loadPartnerConnection(db, tenantId, r.tp_id));
    const connection = await credentials.get(r.tp_id);
    const partner: PartnerConfig = {
      id: r.tp_id, name: r.tp_name, mode: r.mode as PartnerConfig['mode'], endpointUrl: r.endpoint_url, senderQualifier: r.sender_qualifier, senderId: r.sender_id,
      receiverQualifier: r.receiver_qualifier, receiverId: r.receiver_id, usage: r.usage_indicator as PartnerConfig['usage'], timeoutMs: Number(r.timeout_ms),
      username: connection?.username ?? null, password: connection?.password ?? null,
    };
    summary.polled++;
    let x12: string | null;
    try {
      x12 = await retrieveBatchResults(coreClientOptions(partner), r.payload_id);
    } catch (error) {
      // The next poll asks again; the deadline ends it if the partner never answers.
      summary.errors++;
      log.warn({ tenantId, inquiryId: r.id, payloadId: r.payload_id, tradingPartner: partner.name, err: (error as Error).message }, 'batch results retrieval failed');
      await db.query('update eligibility.eligibility_inquiry set batch_polled_at = now() where tenant_id = $1 and id = $2', [tenantId, r.id]);
      return;
    }
    const answer = x12 === null ? null : await readX12('batchAnswer', { x12, traceNumber: r.trace_number });
    if (!answer) {
      summary.notReady++;
      if (x12 !== null) log.warn({ tenantId, inquiryId: r.id, payloadId: r.payload_id }, 'batch results hold no 271 or 999 for this inquiry; asking again next poll');
      await db.query('update eligibility.eligibility_inquiry set batch_polled_at = now() where tenant_id = $1 and id = $2', [tenantId, r.id]);
      return;
    }
    try {
      await db.query(
        'select eligibility_private.fn_apply_late_response($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
        [tenantId, r.trace_number, answer.responseType, x12, JSON.stringify(answer.transaction), answer.outcome, answer.reason,
          answer.coverageStatus, answer.planName, answer.planEnd, answer.otherPayerPrimary, answer.rejectCodes]);
      summary.answered++;
    } catch (error) {
      // Pushed to POST /eligibility/responses meanwhile, or a poll before a crash stored it.
      if ((error as { code?: string }).code !== '55000') throw error;
      summary.alreadyAnswered++;
    }
  }
}
