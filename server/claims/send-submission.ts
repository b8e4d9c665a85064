// Sends one claim submission (claims/send-submission): the 837P is written once from the
// submission's claims (streamed from a cursor through the x12 writer) and kept as the exact
// bytes; every send, including a re-fired job after a crash, sends those stored bytes under the
// same ISA13 and PayloadID, so a crash between send and record costs at most one duplicate copy,
// which the partner's ISA13 check rejects. CORE batch over HTTP MIME; the receipt is stored.
import type { ClientBase, PoolClient } from 'pg';
import { coreClientOptions, loadPartnerConnection } from '../partners/connection.ts';
import { generate837P } from '../../x12/build-837p.ts';
import type { Interchange837Header } from '../../x12/claim-837.ts';
import { submission837Claims } from './submission-837-claims.ts';
import { PAYLOAD_TYPE_837P, submitBatch } from '../../x12/transport/core-client.ts';
import { TransportHttpError } from '../../x12/transport/errors.ts';
import type { Logger } from 'pino';

export type WithClient = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

/** Writes the 837P of a submission (the header and claims the SQL resolved) as string chunks. */
export async function render837(client: ClientBase, tenantId: string, submissionId: string, options: { inTransaction?: boolean } = {}): Promise<string> {
  const { rows } = await client.query<{ e: Interchange837Header }>('select billing_private.submission_837_envelope($1, $2) as e', [tenantId, submissionId]);
  if (!rows[0]?.e) throw new Error(`claim submission ${submissionId} not found`);
  const chunks: string[] = [];
  // The cursor needs a transaction: the caller's (the seed), or one of its own.
  if (!options.inTransaction) await client.query('begin read only');
  try {
    for await (const chunk of generate837P(rows[0].e, submission837Claims(client, tenantId, submissionId))) chunks.push(chunk);
    if (!options.inTransaction) await client.query('commit');
  } catch (error) {
    if (!options.inTransaction) await client.query('rollback');
    throw error;
  }
  return chunks.join('');
}

export interface SendResult { status: string; bytes: number; claimCount: number; interchangeControlNumber: number }

export async function sendSubmission(withClient: WithClient, tenantId: string, submissionId: string, log: Logger): Promise<SendResult | null> {
  const sub = await withClient(async (client) => (await client.query(
    'select id, status, trading_partner_id, payload_id, interchange_control_number, claim_count, x12 is not null as has_file from billing.claim_submission where tenant_id = $1 and id = $2',
    [tenantId, submissionId])).rows[0]);
  if (!sub) {
    log.warn({ submissionId }, 'claim submission not found; nothing to send');
    return null;
  }
  if (sub.status !== 'CREATED') return { status: sub.status, bytes: 0, claimCount: sub.claim_count, interchangeControlNumber: Number(sub.interchange_control_number) };
  // Each part's time goes into the 'sent' log line: a slow send says where its time went.
  const ms: Record<string, number> = {};
  let t0 = performance.now();
  const x12 = await withClient(async (client) => {
    const file = sub.has_file ? null : await render837(client, tenantId, submissionId);
    ms.renderMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    return (await client.query<{ x12: string }>('select billing_private.fn_store_submission_file($1, $2, $3) as x12', [tenantId, submissionId, file])).rows[0].x12;
  });
  ms.storeMs = Math.round(performance.now() - t0);
  const partner = await withClient((client) => loadPartnerConnection(client, tenantId, sub.trading_partner_id));
  if (!partner) throw new Error(`trading partner ${sub.trading_partner_id} of claim submission ${submissionId} not found`);
  // A batch upload of thousands of claims takes longer than a 270's real-time answer.
  const options = coreClientOptions({ ...partner, timeoutMs: Math.max(partner.timeoutMs, 60_000) }, sub.payload_id);
  try {
    t0 = performance.now();
    const receipt = await submitBatch(options, x12, PAYLOAD_TYPE_837P);
    ms.uploadMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    await withClient((client) => client.query('select billing_private.fn_mark_submission_sent($1, $2, $3)', [tenantId, submissionId,
      JSON.stringify({ payloadId: receipt.payloadId, httpStatus: receipt.httpStatus, sentAt: receipt.sentAt, receivedAt: receipt.receivedAt })]));
    ms.markMs = Math.round(performance.now() - t0);
    log.info({ submissionId, partner: partner.name, claims: sub.claim_count, bytes: Buffer.byteLength(x12), isa13: Number(sub.interchange_control_number), ...ms }, '837P submission sent');
    return { status: 'SENT', bytes: Buffer.byteLength(x12), claimCount: sub.claim_count, interchangeControlNumber: Number(sub.interchange_control_number) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const httpStatus = error instanceof TransportHttpError ? error.status : null;
    await withClient((client) => client.query('select billing_private.fn_record_submission_send_failure($1, $2, $3, $4)', [tenantId, submissionId, message,
      JSON.stringify({ httpStatus, error: message })]));
    log.warn({ submissionId, partner: partner.name, error: message }, '837P submission not sent; the job retries');
    throw error;
  }
}
