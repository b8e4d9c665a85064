// POST /batches of more records than one slice: the batch is opened RECEIVING, its records go in
// slices of `sliceRecords`, each committed on its own, so that the worker applies the first
// records while the rest are still being written; then the upload is closed. The body has been
// checked whole before (parseBatchRequest, recordsJsonSlices), so a slice fails only when the database
// or the connection does: the batch is then finished with what it received and says so
// (ingestion_private.finish_interrupted_receive), and the client's retry skips the records already
// applied by their idempotency keys. Batches of one slice or fewer records stay one transaction.
import type { Pool } from 'pg';
import type { AuthClaims } from '../auth/jwt.ts';
import { asTenantUser } from '../rest/tenant-transaction.ts';
import type { BatchRequest, JsonSlices } from './batch-request.ts';
import { runLanes } from '../worker/lanes.ts';

export interface ReceiveOptions {
  maxRecordsPerCall: number;
  /** Slices written at once, each on its own connection. */
  parallelism: number;
}

export async function receiveBatch(apiPool: Pool, claims: AuthClaims, request: BatchRequest, slices: JsonSlices, options: ReceiveOptions): Promise<Record<string, unknown>> {
  const batchId = await asTenantUser(apiPool, claims, async (client) => {
    await client.query("select set_config('ingestion.max_records_per_call', $1, true)", [String(options.maxRecordsPerCall)]);
    const { rows } = await client.query<{ id: string }>('select ingestion_private.fn_open_batch($1, $2::text[], $3) as id', [
      request.artifactId, request.idempotencyKeyFields, request.records.length,
    ]);
    return rows[0].id;
  });
  const receiveSlice = (slice: string) =>
    asTenantUser(apiPool, claims, (client) => client.query('select ingestion_private.fn_receive_batch_records($1, $2::jsonb)', [batchId, slice]));
  try {
    // The first (small) slice alone, so that the worker can start; the others on two connections
    // at once. Writing is the pipeline's longest path: on one connection it got a third of two
    // cores beside the worker's two lanes, and the lanes waited for it. After a failure no new
    // slice starts, and the batch is finished only once the slices in flight have ended.
    await receiveSlice(slices.text(0));
    let next = 1;
    await runLanes(options.parallelism, async () => {
      while (next < slices.count) await receiveSlice(slices.text(next++)).catch((error: unknown) => {
        next = slices.count;
        throw error;
      });
    });
    return await asTenantUser(apiPool, claims, async (client) =>
      (await client.query<{ batch: Record<string, unknown> }>('select ingestion_private.fn_close_batch($1) as batch', [batchId])).rows[0].batch);
  } catch (error) {
    const why = `POST /batches failed while writing its records: ${(error as Error).message}`;
    await asTenantUser(apiPool, claims, (client) => client.query('select ingestion_private.fn_abandon_receive($1, $2)', [batchId, why])).catch(() => undefined);
    throw error;
  }
}
