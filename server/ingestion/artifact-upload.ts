// POST /artifacts: the request body (CSV with a header row, or JSON lines) is streamed through a
// byte counter and sha256, parsed row by row and inserted in slices, inside the caller's
// transaction; the file is never held in memory. Over the size limit, a malformed row or a
// dropped connection: the transaction rolls back and nothing is kept.
import crypto from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import type { PoolClient } from 'pg';
import { InputError } from '../domain/input-error.ts';
import { jsonSyntaxMessage } from '../domain/json-syntax.ts';
import { csvRecordGuard, CsvRecordTooLongError } from './csv-record-guard.ts';

export type ArtifactFormat = 'csv' | 'jsonl';

export function artifactFormatOf(contentType: string | undefined): ArtifactFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-lines', 'application/jsonlines'].includes(type)) return 'jsonl';
  return null;
}

export interface UploadOptions {
  feed: string;
  fileName: string;
  contentType: string;
  format: ArtifactFormat;
  maxBytes: number;
  sliceRows: number;
  /** Longest CSV record or JSON line (characters; INGEST_MAX_RECORD_BYTES). */
  maxRecordBytes: number;
}

export async function receiveArtifact(client: PoolClient, body: Readable, options: UploadOptions): Promise<Record<string, unknown>> {
  const { rows: [{ id }] } = await client.query<{ id: string }>('select ingestion_private.fn_begin_artifact($1, $2, $3, $4) as id', [
    options.feed, options.fileName, options.contentType, options.format,
  ]);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) {
        callback(new InputError('too_large', 'artifact_too_large', `the file is larger than the artifact limit of ${options.maxBytes} bytes (INGEST_ARTIFACT_MAX_BYTES)`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const parser = options.format === 'csv'
    ? parse({ columns: csvColumns, bom: true, skip_empty_lines: true, trim: true, max_record_size: options.maxRecordBytes })
    : jsonLinesParser(options.maxRecordBytes);
  // The request is piped, not part of the pipeline: a refused file must not destroy the request's
  // socket before the 400 is written (the route answers with Connection: close instead of draining).
  const unpipe = () => body.unpipe(meter);
  if (options.format === 'csv') pipeline(meter, csvRecordGuard(options.maxRecordBytes), parser, unpipe);
  else pipeline(meter, parser, unpipe);
  body.on('error', (error) => meter.destroy(error));
  body.on('close', () => {
    if (!body.readableEnded) meter.destroy(Object.assign(new Error('the upload ended early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  });
  body.pipe(meter);

  // One slice in Postgres while the next is parsed: Node's parsing and Postgres's inserts take
  // turns on one connection otherwise, each core idle while the other works. A failed insert
  // stops the upload at the next slice (or at the end).
  let slice: unknown[] = [];
  let nextRow = 1;
  let inserting: Promise<unknown> = Promise.resolve();
  let insertingFrom = 1; // the first row of the slice in Postgres (named when it is refused)
  const flush = async () => {
    if (slice.length === 0) return;
    const rows = JSON.stringify(slice);
    const firstRow = nextRow;
    nextRow += slice.length;
    slice = [];
    await inserting;
    insertingFrom = firstRow;
    inserting = client.query('select ingestion_private.fn_append_artifact_rows($1, $2, $3::jsonb)', [id, firstRow, rows]);
    inserting.catch(() => undefined); // awaited at the next slice or the end; until then not unhandled
  };
  try {
    for await (const record of parser as AsyncIterable<unknown>) {
      slice.push(record);
      if (slice.length >= options.sliceRows) await flush();
    }
    await flush();
    await inserting;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof CsvRecordTooLongError) throw new InputError('invalid', 'record_too_large', error.message);
    const parseError = error as { code?: string; message: string; records?: number };
    if (parseError.code === 'CSV_MAX_RECORD_SIZE') {
      throw new InputError('invalid', 'record_too_large', `row ${(parseError.records ?? 0) + 1} of the CSV file is longer than the limit of ${options.maxRecordBytes} characters (INGEST_MAX_RECORD_BYTES)`);
    }
    if (parseError.code?.startsWith('CSV_')) throw new InputError('invalid', 'malformed_csv', `the CSV file is malformed: ${parseError.message}`);
    if (parseError.code === 'JSONL') throw new InputError('invalid', 'malformed_jsonl', parseError.message);
    if (parseError.code === 'ERR_STREAM_PREMATURE_CLOSE' || parseError.code === 'ECONNRESET') throw new InputError('invalid', 'incomplete_upload', 'the upload ended before the whole file arrived; nothing was kept');
    if (parseError.code === '22P05') throw new InputError('invalid', 'invalid_character', `a row near row ${insertingFrom} holds a character text fields cannot hold (NUL, \\u0000): ${parseError.message}`);
    throw error;
  }
  const { rows: [{ artifact }] } = await client.query<{ artifact: Record<string, unknown> }>(
    'select ingestion_private.fn_finish_artifact($1, $2, $3) as artifact', [id, size, hash.digest('hex')]);
  return artifact;
}

/** The CSV header as the records' field names. A name given twice kept only the second column's
 *  value of each row, silently: refused, without repeating the names (a file without its header
 *  row has a member's data there). A column without a name (an exporter's trailing comma) is
 *  skipped: no feed reads a field without a name. */
function csvColumns(header: string[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return header.map((name, i) => {
    if (name === '') return undefined;
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new InputError('invalid', 'malformed_csv', `the CSV header names columns ${earlier + 1} and ${i + 1} alike: each column needs a name of its own`);
    seen.set(name, i);
    return name;
  });
}

/**
 * JSON lines: one JSON object per line; blank lines are skipped. Linear in the input: each chunk is
 * scanned once for newlines and the unfinished line is kept as a list of pieces, joined once when
 * its newline arrives (re-splitting the concatenated tail on every chunk was quadratic on a long
 * line). A line longer than maxLineChars is refused as soon as it grows past it.
 */
function jsonLinesParser(maxLineChars: number): Transform {
  const decoder = new StringDecoder('utf8');
  let pieces: string[] = [];
  let pendingChars = 0;
  let line = 0;
  const tooLong = (): Error => Object.assign(new Error(`row ${line + 1} (line ${line + 1}) is longer than the limit of ${maxLineChars} characters (INGEST_MAX_RECORD_BYTES)`), { code: 'JSONL' });
  const emit = (stream: Transform, text: string): Error | null => {
    line++;
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return Object.assign(new Error(`line ${line} is not valid JSON: ${jsonSyntaxMessage((error as Error).message)}`), { code: 'JSONL' });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return Object.assign(new Error(`line ${line} must be a JSON object (one record per line)`), { code: 'JSONL' });
    }
    stream.push(value);
    return null;
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      const text = decoder.write(chunk);
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        if (pendingChars + newline - start > maxLineChars) return callback(tooLong());
        pieces.push(text.slice(start, newline));
        const error = emit(this, pieces.join(''));
        pieces = [];
        pendingChars = 0;
        if (error) return callback(error);
        start = newline + 1;
      }
      if (start < text.length) {
        pieces.push(text.slice(start));
        pendingChars += text.length - start;
        if (pendingChars > maxLineChars) return callback(tooLong());
      }
      callback();
    },
    flush(callback) {
      pieces.push(decoder.end());
      callback(emit(this, pieces.join('')));
    },
  });
}
