// The published X12 code lists the database loads into x12_code (sql/data/x12-code/<table>.csv), read here
// for the X12 CLI, which runs without a database: one copy of each list, the same words in both places.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const codeListsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'sql', 'data', 'x12-code');

export type CodeListRow = Record<string, string | null>;

/** The rows of one list file, an empty cell as null; errors name the file and line. */
export function readCodeList(file: string): { columns: string[]; rows: CodeListRow[] } {
  const name = path.basename(file);
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const columns = records.length > 0 ? Object.keys(records[0]) : [];
  if (!columns.includes('code')) throw new Error(`${name}: the header must name a "code" column`);
  const seen = new Set<string>();
  const rows = records.map((record, i) => {
    if (!record.code) throw new Error(`${name} line ${i + 2}: the code is empty`);
    if (seen.has(record.code)) throw new Error(`${name} line ${i + 2}: code ${record.code} appears twice`);
    seen.add(record.code);
    return Object.fromEntries(columns.map((c) => [c, record[c] === '' ? null : record[c]]));
  });
  return { columns, rows };
}

const cache = new Map<string, Map<string, CodeListRow>>();

function list(table: string): Map<string, CodeListRow> {
  let rows = cache.get(table);
  if (!rows) {
    rows = new Map(readCodeList(path.join(codeListsDir, `${table}.csv`)).rows.map((r) => [r.code!, r]));
    cache.set(table, rows);
  }
  return rows;
}

/**
 * A Claim Status Category's title, the published text before its explanation ("A7" -> "Acknowledgement/Rejected
 * for Invalid Information"), as the database's 277 notes show it; null for a code the list lacks.
 */
export function claimStatusCategoryTitle(code: string | null | undefined): string | null {
  const description = code ? list('claim_status_category').get(code)?.description : null;
  return description ? description.split('-')[0].trim() : null;
}

/** A Claim Status code's meaning without its usage note ("562" -> "Entity's National Provider Identifier (NPI)"). */
export function claimStatusDescription(code: string | null | undefined): string | null {
  return (code ? list('claim_status').get(code)?.description : null) ?? null;
}

/** An Entity Identifier code's name ("85" -> "Billing Provider"). */
export function entityIdentifierDescription(code: string | null | undefined): string | null {
  return (code ? list('entity_identifier').get(code)?.description : null) ?? null;
}
