// Retrieves a tenant's 835s from its claims trading partner over CORE batch
// (remittances/poll-remittances): X12_835_Request_005010X221A1 with the ISA13 of the last file
// posted as Payload; the partner answers the next ready file or "no batch results". Each 835
// transaction of a file is posted by billing.fn_post_remittance_columns (the function POST
// /remittances calls) in its own transaction, acting for the tenant, several at once in file order per claim
// (postInFileOrder); the files one after another; then the cursor moves. A crash between
// posting and the cursor retrieves the file again, and the posting answers DUPLICATE. A posted
// 835 requests the refresh of the views itself (billing.fn_post_remittance).
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import { coreClientOptions, loadPartnerConnection } from '../partners/connection.ts';
import { readRemittanceFile } from '../x12-readers/pool.ts';
import { postInFileOrder } from './post-in-file-order.ts';
import { postTransaction, type PostedRow } from './post-transaction.ts';
import type { TransactionToPost } from './transaction-to-post.ts';
import { PAYLOAD_TYPE_835_REQUEST, retrieveBatchResults } from '../../x12/transport/core-client.ts';
import type { WithClient } from '../claims/send-submission.ts';

const ACTOR = 'remittances/poll-remittances';
/** Files taken per job: a backlog drains over a few runs instead of holding the queue. */
const MAX_FILES_PER_POLL = 20;

export interface RemittancePollResult { files: number; posted: number; held: number; duplicate: number; claimsPosted: number; claimsUnmatched: number }

/** Posts one 835 transaction as the tenant's claims user would (RLS and claims.write apply). */
export async function postAsTenant(client: PoolClient, tenantId: string, transaction: TransactionToPost, fileX12: string, index: number, source: string): Promise<PostedRow> {
  await client.query('begin');
  try {
    await client.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'claims.write', true), set_config('jwt.claims.sub', $2, true)", [tenantId, ACTOR]);
    const row = await postTransaction(client, transaction, { fileX12: () => fileX12, index, source, tenantId });
    await client.query('commit');
    return row;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

export async function pollRemittances(withClient: WithClient, tenantId: string, tradingPartnerId: string, log: Logger): Promise<RemittancePollResult> {
  const result: RemittancePollResult = { files: 0, posted: 0, held: 0, duplicate: 0, claimsPosted: 0, claimsUnmatched: 0 };
  const partner = await withClient((client) => loadPartnerConnection(client, tenantId, tradingPartnerId));
  if (!partner) throw new Error(`trading partner ${tradingPartnerId} not found`);
  const options = coreClientOptions(partner);
  for (let i = 0; i < MAX_FILES_PER_POLL; i++) {
    const cursor = await withClient(async (client) => Number((await client.query<{ c: string }>(
      'select billing_private.fn_remittance_cursor($1, $2) as c', [tenantId, tradingPartnerId])).rows[0].c));
    const x12 = await retrieveBatchResults(options, String(cursor), PAYLOAD_TYPE_835_REQUEST);
    if (!x12) break;
    const file = await readRemittanceFile({ x12 });
    const isa13 = Number(file.controlNumber);
    if (!Number.isInteger(isa13) || isa13 <= cursor) {
      file.close();
      throw new Error(`the partner answered 835 interchange ${file.controlNumber} after ${cursor}: not a later file`);
    }
    const rows = await postInFileOrder(file.transactions, (transaction, index) => withClient((client) => postAsTenant(client, tenantId, transaction, x12, index, 'PARTNER')));
    for (const row of rows) {
      if (row.status === 'POSTED') result.posted++;
      else if (row.status === 'HELD') result.held++;
      else result.duplicate++;
      result.claimsPosted += row.claims_posted;
      result.claimsUnmatched += row.claims_unmatched;
      log.info({ remittanceId: row.id, status: row.status, isa13, claimsPosted: row.claims_posted, claimsUnmatched: row.claims_unmatched }, '835 posted');
    }
    await withClient((client) => client.query('select billing_private.fn_record_remittance_retrieval($1, $2, $3)', [tenantId, tradingPartnerId, isa13]));
    result.files++;
  }
  return result;
}
