// Loads the published X12 code lists into the x12_code tables. Each file sql/data/x12-code/<table>.csv
// (a header row of column names, then one row per code) is the whole list of x12_code.<table>: after every
// migration the table is made exactly the file, in one transaction with the others (codes added, texts
// updated, codes the file no longer has deleted). Updating a list is a data change reviewed as a diff of its
// CSV, not a migration. An empty cell is NULL.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { codeListsDir, readCodeList, type CodeListRow } from '../../x12/code-lists.ts';

const identifier = /^[a-z][a-z0-9_]*$/;

export interface CodeListFile {
  table: string;
  columns: string[];
  rows: CodeListRow[];
}

/** Reads and checks one list file; errors name the file and the row. */
export function readCodeListFile(file: string): CodeListFile {
  const name = path.basename(file);
  const table = name.replace(/\.csv$/, '');
  if (!identifier.test(table)) throw new Error(`${name}: the file name must be the x12_code table's name`);
  const { columns, rows } = readCodeList(file);
  for (const column of columns) if (!identifier.test(column)) throw new Error(`${name}: "${column}" is not a column name`);
  return { table, columns, rows };
}

export function listCodeListFiles(dir = codeListsDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f));
}

/** Makes each x12_code table its file. Returns the row count per table. */
export async function loadCodeLists(client: pg.Client | pg.PoolClient, dir = codeListsDir): Promise<Record<string, number>> {
  const lists = listCodeListFiles(dir).map(readCodeListFile);
  const counts: Record<string, number> = {};
  await client.query('begin');
  try {
    for (const list of lists) {
      const { rows: known } = await client.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_schema = 'x12_code' and table_name = $1", [list.table]);
      if (known.length === 0) throw new Error(`sql/data/x12-code/${list.table}.csv: there is no table x12_code.${list.table}`);
      const unknown = list.columns.filter((c) => !known.some((k) => k.column_name === c));
      if (unknown.length > 0) throw new Error(`sql/data/x12-code/${list.table}.csv: x12_code.${list.table} has no column ${unknown.join(', ')}`);
      const columns = list.columns.join(', ');
      const others = list.columns.filter((c) => c !== 'code');
      // Only rows whose text changed are written: a migration with no list change rewrites nothing.
      const updates = others.length === 0 ? '' : `update set ${others.map((c) => `${c} = excluded.${c}`).join(', ')}
         where (${others.map((c) => `t.${c}`).join(', ')}) is distinct from (${others.map((c) => `excluded.${c}`).join(', ')})`;
      await client.query(
        `insert into x12_code.${list.table} as t (${columns})
         select ${columns} from jsonb_populate_recordset(null::x12_code.${list.table}, $1::jsonb)
         on conflict (code) do ${updates || 'nothing'}`,
        [JSON.stringify(list.rows)]);
      await client.query(`delete from x12_code.${list.table} where code <> all($1::text[])`, [list.rows.map((r) => r.code)]);
      counts[list.table] = list.rows.length;
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  return counts;
}
