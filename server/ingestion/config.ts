// Ingestion settings from the environment (docs/ingestion.md, "Environment").
import { positiveInt } from '../env-values.ts';

function bytes(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!match) throw new Error(`${name} must be a size such as 200mb, got "${raw}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Number(match[1]) * unit;
}

export const ingestionConfig = {
  /** Records the worker applies per statement (one transaction each). */
  chunkSize: positiveInt('INGEST_CHUNK_SIZE', 5000),
  /** Connections one process-batch job applies chunks on at once (SKIP LOCKED keeps them apart). */
  parallelism: positiveInt('INGEST_BATCH_PARALLELISM', 2),
  /** Most records one POST /batches may carry; larger inputs go through artifacts. */
  maxRecordsPerCall: positiveInt('INGEST_MAX_RECORDS_PER_CALL', 100_000),
  /** A POST /batches of more records is written in slices of this many, each committed on its own,
   *  while the worker applies the first ones (server/ingestion/batch-receive.ts). */
  receiveSliceRecords: positiveInt('INGEST_RECEIVE_SLICE_RECORDS', 5000),
  /** Slices of one POST /batches written at once, each on its own connection. */
  receiveParallelism: positiveInt('INGEST_RECEIVE_PARALLELISM', 2),
  /** Body limit of POST /batches (100,000 records of a few hundred bytes fit). */
  batchBodyLimitBytes: bytes('INGEST_BATCH_BODY_LIMIT', 64 * 1024 ** 2),
  /** Largest file POST /artifacts accepts (read per request, so an operator can change it in a running test). */
  artifactMaxBytes: (): number => bytes('INGEST_ARTIFACT_MAX_BYTES', 200 * 1024 ** 2),
  /** Longest row of an artifact (a CSV record or a JSON line); a longer one is refused with a 400 naming it. */
  artifactMaxRecordBytes: (): number => bytes('INGEST_MAX_RECORD_BYTES', 1024 ** 2),
  /** Rows per insert while an artifact streams in. */
  artifactSliceRows: positiveInt('INGEST_ARTIFACT_SLICE_ROWS', 5000),
};
