// ingestion/process-batch: applies a batch's PENDING records chunk by chunk (see
// server/ingestion/process-batch.ts). Enqueued by SQL with the batch, on the tenant's queue.
import type { Task } from 'graphile-worker';
import { clientsOfJob } from '../../server/db/pooled-client.ts';
import { ingestionConfig } from '../../server/ingestion/config.ts';
import { processBatch } from '../../server/ingestion/process-batch.ts';
import { logger } from '../../server/log.ts';
import { isUuid } from '../../server/is-uuid.ts';

const log = logger('ingestion');

interface Payload {
  tenantId: string;
  batchId: string;
}

function assertPayload(payload: unknown): asserts payload is Payload {
  const p = payload as Partial<Payload> | null;
  if (!p || typeof p !== 'object' || !isUuid(p.tenantId) || !isUuid(p.batchId)) {
    throw new Error(`ingestion/process-batch needs {tenantId, batchId} (uuids), got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPayload(payload);
  await processBatch(
    clientsOfJob(helpers),
    payload,
    { chunkSize: ingestionConfig.chunkSize, parallelism: ingestionConfig.parallelism },
    log,
  );
};

export default task;
