// Posts one 835 of a file the service read (POST /remittances, a console upload, a polled file)
// through billing.fn_post_remittance_columns, on a client already in the posting's database
// transaction. The claims' JSON, which the unmatched queue keeps for a CLP that matches no claim,
// is sent only when the posting asks for it (it answers null, having written nothing): then it is
// read once more from the 835's X12 in a reader thread and the posting asked again. Nearly every
// 835 matches all its claims, and making and sending 2 MB of JSON per 1,000 claims cost the service
// more than the rest of the posting.
import type { PoolClient } from 'pg';
import { readX12 } from '../x12-readers/pool.ts';
import { postingQuery, type TransactionToPost } from './transaction-to-post.ts';

export interface PostedRow { id: string; status: string; claims_posted: number; claims_unmatched: number; reason: string | null }

export interface PostingOf {
  /** The text of the file the transaction came from (asked for only when the transaction has no X12 of
   *  its own: a route's body is decoded on the event loop only then). */
  fileX12: () => string;
  /** Its place among the file's 835s (0-based). */
  index: number;
  source: string;
  /** For a psql-like caller acting for every tenant (the poll); the API's caller has one. */
  tenantId?: string;
}

export async function postTransaction(client: PoolClient, transaction: TransactionToPost, { fileX12, index, source, tenantId }: PostingOf): Promise<PostedRow> {
  const x12 = transaction.x12 ?? fileX12();
  const posted = (await client.query<PostedRow>(postingQuery(transaction, null, x12, source, tenantId))).rows[0];
  if (posted.id !== null) return posted;
  // transaction.x12 is this 835 alone in the file's envelope; without it, the file's own text.
  const claims = await readX12('remittanceClaims', { x12, index: transaction.x12 ? 0 : index });
  return (await client.query<PostedRow>(postingQuery(transaction, claims, x12, source, tenantId))).rows[0];
}
