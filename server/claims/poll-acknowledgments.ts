// Retrieves the acknowledgments of a tenant's submissions to one trading partner over CORE batch
// (claims/poll-acknowledgments): for each submission still waiting, the 999 (while SENT) and the
// 277CA (while a claim's try is open), each applied through billing_private.fn_receive_acknowledgment
// in its own transaction. A file retrieved twice (the partner answers again, or a job re-runs
// after a crash) is recognised by its ISA13 and not applied twice.
import type { Logger } from 'pino';
import { coreClientOptions, loadPartnerConnection } from '../partners/connection.ts';
import {
  PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999, retrieveBatchResults,
} from '../../x12/transport/core-client.ts';
import { readX12 } from '../x12-readers/pool.ts';
import type { WithClient } from './send-submission.ts';

const ACTOR = 'claims/poll-acknowledgments';

export interface PollResult { submissions: number; filesApplied: number; accepted: number; rejected: number }

interface Awaiting { submission_id: string; payload_id: string; interchange_control_number: string; wants_999: boolean; wants_277ca: boolean }

export async function pollAcknowledgments(withClient: WithClient, tenantId: string, tradingPartnerId: string, log: Logger): Promise<PollResult> {
  const waiting = await withClient(async (client) => (await client.query<Awaiting>(
    'select * from billing_private.fn_submissions_awaiting_acknowledgment($1, $2)', [tenantId, tradingPartnerId])).rows);
  const result: PollResult = { submissions: waiting.length, filesApplied: 0, accepted: 0, rejected: 0 };
  if (waiting.length === 0) return result;
  const partner = await withClient((client) => loadPartnerConnection(client, tenantId, tradingPartnerId));
  if (!partner) throw new Error(`trading partner ${tradingPartnerId} not found`);
  const options = coreClientOptions(partner);

  const apply = async (x12: string, submissionId: string) => {
    for (const ack of await readX12('acknowledgments', { x12 })) {
      const applied = await withClient(async (client) => (await client.query<{ r: { duplicate?: boolean; accepted?: number; rejected?: number; unmatched?: unknown[] } }>(
        'select billing_private.fn_receive_acknowledgment($1, $2, $3, $4, $5, $6, $7) as r',
        [tenantId, ack.kind, 'POLL', x12, ack.interchangeControlNumber, JSON.stringify(ack.parsed), ACTOR])).rows[0].r);
      if (applied.duplicate) continue;
      result.filesApplied++;
      result.accepted += applied.accepted ?? 0;
      result.rejected += applied.rejected ?? 0;
      log.info({ submissionId, kind: ack.kind, isa13: ack.interchangeControlNumber, accepted: applied.accepted, rejected: applied.rejected,
        unmatched: Array.isArray(applied.unmatched) ? applied.unmatched.length : 0 }, 'acknowledgment applied');
    }
  };

  for (const submission of waiting) {
    // The 999 first: a set it rejects closes the claims, and no 277CA follows.
    if (submission.wants_999) {
      const x12 = await retrieveBatchResults(options, submission.payload_id, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999);
      if (!x12) continue;
      await apply(x12, submission.submission_id);
    }
    const x12 = await retrieveBatchResults(options, submission.payload_id, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA);
    if (x12) await apply(x12, submission.submission_id);
  }
  return result;
}
