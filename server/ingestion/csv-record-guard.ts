// Refuses an overlong CSV record before csv-parse reads it. csv-parse reads character by character
// (its max_record_size trips only after the whole limit went through that loop: ~150 ms a MB on an
// idle core, 2.5-3 s under load with the 16 MB upload it refused). This transform scans bytes for
// record ends (CR or LF outside double quotes, as csv-parse's defaults read them), passes on complete
// records only, holds back the unfinished one, and fails as soon as that one passes maxRecordBytes.
// The limit is in bytes of the record as sent (quotes and separators included), never fewer than
// the characters csv-parse would count, so it refuses first and the answer names the same row.
import { Transform } from 'node:stream';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;

export class CsvRecordTooLongError extends Error {
  /** 1-based data row (the header row is 0). */
  readonly row: number;
  constructor(row: number, maxRecordBytes: number) {
    super(`${row === 0 ? 'the header row' : `row ${row}`} of the CSV file is longer than the limit of ${maxRecordBytes} bytes (INGEST_MAX_RECORD_BYTES)`);
    this.name = 'CsvRecordTooLongError';
    this.row = row;
  }
}

export function csvRecordGuard(maxRecordBytes: number): Transform {
  let inQuotes = false;
  let atFieldStart = true;
  let justClosed = false;
  /** Bytes of the unfinished record, held back in `held`. */
  let recordBytes = 0;
  let held: Buffer[] = [];
  /** Non-empty records completed, the header included. */
  let records = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let passUpTo = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === QUOTE) {
          // A quote opens a field only at its start ("" right after a closing quote is an escaped
          // quote); a stray one mid-field is left for csv-parse to report as malformed.
          if (inQuotes) {
            inQuotes = false;
            justClosed = true;
          } else if (atFieldStart || justClosed) {
            inQuotes = true;
            justClosed = false;
          }
          atFieldStart = false;
        } else {
          justClosed = false;
          if (!inQuotes && (byte === LF || byte === CR)) {
            if (recordBytes > 0) records++;
            recordBytes = 0;
            atFieldStart = true;
            passUpTo = i + 1;
            continue;
          }
          if (!inQuotes) atFieldStart = byte === COMMA || (atFieldStart && (byte === SPACE || byte === TAB));
        }
        if (++recordBytes > maxRecordBytes) return callback(new CsvRecordTooLongError(records, maxRecordBytes));
      }
      if (passUpTo > 0) {
        held.push(chunk.subarray(0, passUpTo));
        this.push(held.length === 1 ? held[0] : Buffer.concat(held));
        held = [];
      }
      if (passUpTo < chunk.length) held.push(chunk.subarray(passUpTo));
      callback();
    },
    flush(callback) {
      callback(null, held.length > 0 ? Buffer.concat(held) : null);
    },
  });
}
