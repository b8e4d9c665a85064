// Checks a POST /batches body before anything is written: every problem is an InputError that names the
// field or row. The SQL function checks the same for GraphQL and psql callers.
import { InputError } from '../domain/input-error.ts';
import { isUuid } from '../is-uuid.ts';

export interface BatchRequest {
  artifactId: string;
  records: { rowNumber: number; data: Record<string, unknown> }[];
  idempotencyKeyFields: string[] | null;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** How deep a record's data may nest. A feed's fields are flat values; JSON.parse takes any depth,
 *  but writing a slice out again (JSON.stringify) overflowed the stack at a few thousand levels,
 *  after the slices before it had been written. */
export const MAX_DATA_DEPTH = 32;

function nestsDeeperThan(value: Record<string, unknown>, max: number): boolean {
  // A feed's record is flat: the walk below (and its arrays) only for one that holds an object.
  let flat = true;
  for (const key in value) {
    const field = value[key];
    if (field !== null && typeof field === 'object') {
      flat = false;
      break;
    }
  }
  if (flat) return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(item as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

export function parseKeyFields(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    throw new InputError('invalid', 'invalid_parameter', 'idempotencyKeyFields must be a non-empty array of at most 10 field names, e.g. ["ServiceDate", "MemberId"]');
  }
  value.forEach((name, i) => {
    if (typeof name !== 'string' || !FIELD_NAME.test(name)) {
      throw new InputError('invalid', 'invalid_parameter', `idempotencyKeyFields[${i}] must be a field name (letters, digits, _), got ${JSON.stringify(name)}`);
    }
  });
  return value as string[];
}

export function parseBatchRequest(body: unknown, maxRecords: number): BatchRequest {
  if (!isPlainObject(body)) throw new InputError('invalid', 'invalid_parameter', 'the body must be a JSON object {artifactId, records, idempotencyKeyFields}');
  const { artifactId, records } = body;
  if (!isUuid(artifactId)) throw new InputError('invalid', 'invalid_parameter', `artifactId must be the UUID of an artifact (POST /artifacts returns it), got ${JSON.stringify(artifactId ?? null)}`);
  if (!Array.isArray(records) || records.length === 0) throw new InputError('invalid', 'invalid_parameter', 'records must be a non-empty array of {rowNumber, data}');
  if (records.length > maxRecords) {
    throw new InputError('too_large', 'too_many_records', `records has ${records.length} entries; at most ${maxRecords} per call (INGEST_MAX_RECORDS_PER_CALL). Send larger files as an artifact: POST /artifacts?feed=<feed>, then POST /artifacts/:id/batches`);
  }
  const seen = new Set<number>();
  records.forEach((record: unknown, i) => {
    if (!isPlainObject(record)) throw new InputError('invalid', 'invalid_parameter', `records[${i}] must be an object {rowNumber, data}`);
    const { rowNumber, data } = record;
    if (typeof rowNumber !== 'number' || !Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > 2147483647) {
      throw new InputError('invalid', 'invalid_parameter', `records[${i}].rowNumber must be a positive integer, got ${JSON.stringify(rowNumber ?? null)}`);
    }
    if (seen.has(rowNumber)) throw new InputError('invalid', 'duplicate_row_number', `records[${i}].rowNumber ${rowNumber} appears more than once; row numbers must be unique within a batch`);
    seen.add(rowNumber);
    if (!isPlainObject(data)) throw new InputError('invalid', 'invalid_parameter', `records[${i}].data (rowNumber ${rowNumber}) must be an object of the feed's fields`);
    if (nestsDeeperThan(data, MAX_DATA_DEPTH)) {
      throw new InputError('invalid', 'invalid_parameter', `records[${i}].data (rowNumber ${rowNumber}) nests objects or arrays more than ${MAX_DATA_DEPTH} levels deep; a feed's fields are flat values`);
    }
  });
  return { artifactId, records: records as BatchRequest['records'], idempotencyKeyFields: parseKeyFields(body.idempotencyKeyFields) };
}

// In JSON.stringify's output an unescaped \u0000 is a NUL character, and a \udXXX escape is a
// lone surrogate (paired ones are written as they are): Postgres's jsonb takes neither.
const NOT_FOR_JSONB = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** How many records each slice of a POST of `total` records carries. More than one slice: the
 *  first two are a fifth of the others each (the worker's first lane starts once the first is in,
 *  the second lane on the second, instead of waiting for a full slice to be received), and the
 *  last two slices' worth go as four smaller ones. A worker applies a received slice whole, in one
 *  transaction, so the last slices decide how long one lane still works while the other has
 *  nothing left. */
export function sliceSizes(total: number, sliceRecords: number): number[] {
  if (total <= sliceRecords) return [total];
  const small = Math.ceil(sliceRecords / 5);
  const sizes = total - small > 2 * sliceRecords ? [small, small] : [small];
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  while (rest > 2 * sliceRecords) {
    sizes.push(sliceRecords);
    rest -= sliceRecords;
  }
  const parts = Math.min(4, rest);
  for (let i = 0; i < parts; i++) sizes.push(Math.floor(rest / parts) + (i < rest % parts ? 1 : 0));
  return sizes;
}

const bodiesWithoutEscapes = new WeakSet<object>();

/** express.json's verify hook for POST /batches: notes a UTF-8 body without a single `\u` escape.
 *  Parsed, such a body cannot hold a NUL character or half of a surrogate pair: JSON text cannot
 *  carry a raw control character (JSON.parse refuses it), and UTF-8 bytes that would encode a lone
 *  surrogate decode to U+FFFD. */
export function noteBodyWithoutEscapes(req: object, _res: object, body: Buffer, encoding: string | null): void {
  if ((encoding === 'utf-8' || encoding === 'utf8') && !body.includes('\\u')) bodiesWithoutEscapes.add(req);
}

/** A POST's records as jsonb arguments, one text a slice (sliceSizes). */
export interface JsonSlices {
  readonly count: number;
  text: (i: number) => string;
}

/** The records as jsonb arguments, sliced by sliceSizes, refused (400, naming the record) when
 *  Postgres's jsonb cannot hold a value: a NUL character or half of a UTF-16 surrogate pair. Every
 *  slice is checked before any is sent. When the body had no `\u` escape (`checkedBody`, see
 *  noteBodyWithoutEscapes) there is nothing to check, and each slice is written out only when it
 *  is sent: the first slice goes to Postgres (and the worker starts) without waiting for the
 *  others' text, 30-50 ms of a 100,000-record POST on one core. */
export function recordsJsonSlices(request: BatchRequest, sliceRecords: number, checkedBody?: object): JsonSlices {
  const bounds: [number, number][] = [];
  let first = 0;
  for (const size of sliceSizes(request.records.length, sliceRecords)) {
    bounds.push([first, first + size]);
    first += size;
  }
  const textOf = (i: number) => JSON.stringify(request.records.slice(bounds[i][0], bounds[i][1]));
  if (checkedBody !== undefined && bodiesWithoutEscapes.has(checkedBody)) return { count: bounds.length, text: textOf };
  const slices = bounds.map(([from], i) => {
    const text = textOf(i);
    if (NOT_FOR_JSONB.test(text)) {
      const part = request.records.slice(bounds[i][0], bounds[i][1]);
      const at = from + part.findIndex((r) => NOT_FOR_JSONB.test(JSON.stringify(r.data)));
      throw new InputError('invalid', 'invalid_parameter', `records[${at}].data (rowNumber ${request.records[at].rowNumber}) contains a NUL character (\\u0000) or half of a surrogate pair, which text fields cannot hold`);
    }
    return text;
  });
  return { count: slices.length, text: (i) => slices[i] };
}
