// The process-batch loop: one transaction per chunk (ingestion_private.fn_process_chunk), as the
// batch's tenant, until nothing is pending, the batch is HELD, or other workers hold the rest.
// A crash loses at most the uncommitted chunk, which the re-run job applies again.
import type { PoolClient } from 'pg';
import type { WithClient } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import { runLanes } from '../worker/lanes.ts';

export interface ChunkResult {
  processed: number;
  /** The last row number of the chunk (null when it processed nothing): where the lane goes on from. */
  lastRow: number | null;
  status: string;
  pending: number;
  kind: string;
  success?: number;
  error?: number;
  skippedDuplicates?: number;
  heldReason?: string;
}

export async function processChunk(client: PoolClient, tenantId: string, batchId: string, chunkSize: number, afterRow = 0): Promise<ChunkResult> {
  await client.query('begin');
  try {
    await client.query(
      "select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true), set_config('jwt.claims.sub', 'worker', true)",
      [tenantId],
    );
    const { rows } = await client.query<{ result: ChunkResult }>('select ingestion_private.fn_process_chunk($1, $2, $3) as result', [batchId, chunkSize, afterRow]);
    await client.query('commit');
    return rows[0].result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

const RECEIVE_WAIT_MS = 30_000;
/** How often a lane that found no received slice looks again: only at a batch's start (after it,
 *  receiving a slice takes a seventh of applying one). 25 ms left a lane idle 12 ms a wait on
 *  average; an empty look costs about 0.3 ms of CPU. */
const RECEIVE_POLL_MS = 10;
const SMALLEST_TAIL_CHUNK = 500;

/** The size of a lane's next chunk: the full size, except that the last records of a received
 *  batch are shared out evenly, so that no lane still applies a whole chunk while the others have
 *  nothing left (on 100,000 records that idle tail was a tenth of a second of the batch's time). */
export function tailChunk(last: { status: string; pending: number }, options: { chunkSize: number; parallelism: number }): number {
  if (last.status === 'RECEIVING') return options.chunkSize;
  const share = Math.ceil(last.pending / options.parallelism);
  return Math.min(options.chunkSize, Math.max(SMALLEST_TAIL_CHUNK, share));
}

export async function processBatch(
  withClient: WithClient,
  ids: { tenantId: string; batchId: string },
  options: { chunkSize: number; parallelism: number },
  log: Logger,
): Promise<ChunkResult> {
  const started = Date.now();
  let applied = 0;
  let last: ChunkResult | undefined;
  // Each lane takes the next unlocked chunk (SKIP LOCKED) on its own connection until nothing is
  // left for it; lanes share the batch's counters through the batch row, so they always tie out.
  // A lane reads on from the last row it took (there is no index of PENDING rows to start from);
  // when it finds nothing there while rows are pending, it reads the batch once more from the
  // start (rows before it: retried, or sent out of order). While the batch is still RECEIVING, a
  // lane that finds nothing to take waits for the next slice instead of ending (up to
  // RECEIVE_WAIT_MS without one; closing the upload enqueues the job again).
  const lane = async () => {
    let idleSince: number | undefined;
    let chunk = options.chunkSize;
    let afterRow = 0;
    for (;;) {
      const result = await withClient((client) => processChunk(client, ids.tenantId, ids.batchId, chunk, afterRow));
      applied += result.processed;
      last = result;
      if (result.lastRow !== null) afterRow = result.lastRow;
      if (result.status === 'RECEIVING' && result.processed === 0 && result.pending > 0) {
        idleSince ??= Date.now();
        if (Date.now() - idleSince > RECEIVE_WAIT_MS) return;
        await new Promise((resolve) => setTimeout(resolve, RECEIVE_POLL_MS));
        continue;
      }
      idleSince = undefined;
      if (result.status === 'HELD' || result.pending === 0) return;
      if (result.processed === 0) {
        if (afterRow === 0) return;
        afterRow = 0;
        continue;
      }
      chunk = tailChunk(result, options);
    }
  };
  await runLanes(options.parallelism, lane);
  const result = last!;
  if (result.status === 'HELD') {
    log.warn({ batchId: ids.batchId, tenantId: ids.tenantId, pending: result.pending, heldReason: result.heldReason }, 'batch held: feed disabled');
  } else {
    log.info({
      batchId: ids.batchId, tenantId: ids.tenantId, kind: result.kind, status: result.status, applied, pending: result.pending,
      success: result.success, error: result.error, skippedDuplicates: result.skippedDuplicates, ms: Date.now() - started,
    }, result.pending === 0 ? 'batch processed' : result.status === 'RECEIVING' ? 'batch upload still open; its job runs again when it closes' : 'batch rows held by another worker');
  }
  return result;
}
