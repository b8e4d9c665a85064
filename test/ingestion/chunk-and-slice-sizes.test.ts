// How a large POST /batches is cut into slices, and how the lanes size their last chunks: both
// decide how long the two cores wait for each other at the start and the end of a batch.
import { recordsJsonSlices, sliceSizes, type BatchRequest, type JsonSlices } from '../../server/ingestion/batch-request.ts';
import { tailChunk } from '../../server/ingestion/process-batch.ts';

function request(n: number): BatchRequest {
  return {
    artifactId: '00000000-0000-4000-8000-000000000000',
    records: Array.from({ length: n }, (_, i) => ({ rowNumber: i + 1, data: { EventId: `E${i + 1}` } })),
    idempotencyKeyFields: null,
  };
}

const rowNumbersOf = (slice: string) => (JSON.parse(slice) as { rowNumber: number }[]).map((r) => r.rowNumber);
const textsOf = (slices: JsonSlices) => Array.from({ length: slices.count }, (_, i) => slices.text(i));

test('more records than one slice: two small first slices, then full ones, the last two slices\' worth in four, every record once and in order', () => {
  const slices = textsOf(recordsJsonSlices(request(25_000), 10_000));
  expect(slices.map((s) => rowNumbersOf(s).length)).toEqual([2_000, 2_000, 10_000, 2_750, 2_750, 2_750, 2_750]);
  expect(slices.flatMap(rowNumbersOf)).toEqual(Array.from({ length: 25_000 }, (_, i) => i + 1));
  // 100,000 records in slices of 5,000: no slice of the last ones is more than a quarter of two.
  const sizes = sliceSizes(100_000, 5_000);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
  expect(sizes.slice(0, 3)).toEqual([1_000, 1_000, 5_000]);
  expect(sizes.slice(-4)).toEqual([2_000, 2_000, 2_000, 2_000]);
  expect(sliceSizes(10_001, 10_000)).toEqual([2_000, 2_001, 2_000, 2_000, 2_000]);
});

test('up to one slice of records stays one slice (one transaction)', () => {
  expect(recordsJsonSlices(request(10_000), 10_000).count).toBe(1);
  expect(recordsJsonSlices(request(3), 10_000).count).toBe(1);
});

test('the last records of a received batch are shared out between the lanes', () => {
  const options = { chunkSize: 5_000, parallelism: 2 };
  expect(tailChunk({ status: 'RECEIVING', pending: 3_000 }, options)).toBe(5_000); // more may still arrive
  expect(tailChunk({ status: 'PROCESSING', pending: 40_000 }, options)).toBe(5_000);
  expect(tailChunk({ status: 'PROCESSING', pending: 7_000 }, options)).toBe(3_500);
  expect(tailChunk({ status: 'PROCESSING', pending: 120 }, options)).toBe(500); // not below a useful size
  expect(tailChunk({ status: 'PROCESSING', pending: 120 }, { chunkSize: 100, parallelism: 2 })).toBe(100); // never above the configured size
});
