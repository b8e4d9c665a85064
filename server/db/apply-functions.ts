// Applies every file under sql/functions/ (CREATE OR REPLACE functions and views, one concern a file) in one
// transaction, so that the database's functions are exactly the files':
//   1. every file, with function bodies unchecked (check_function_bodies = off, as pg_dump restores), so a function
//      may call one from any file; a file that needs another's view (or a view that calls another file's function)
//      comes after it (orderFunctionFiles);
//   2. every file again with bodies checked against the now complete schema: the first error is a real one and
//      is reported with its file;
//   3. functions that an earlier apply created and no file defines any more (a renamed function, a changed
//      signature) are dropped. rcm_meta.sql_function remembers what the files defined.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { repoRoot } from '../config.ts';

export const functionsDir = path.join(repoRoot, 'sql', 'functions');

export function listFunctionFiles(dir = functionsDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => path.join(dir, file));
}

interface FunctionFile {
  file: string;
  sql: string;
  views: string[];
  functions: string[];
}

const created = (sql: string, kind: string) =>
  [...sql.matchAll(new RegExp(`create\\s+(?:or\\s+replace\\s+)?${kind}\\s+([a-z_]+\\.[a-z0-9_]+)`, 'gi'))].map((m) => m[1].toLowerCase());

/**
 * The files in path order, each after the files it depends on: with bodies unchecked, a file depends on another
 * only when it names a view of that file (a view, or a function returning its rows), or when it creates a view
 * that calls a function of that file.
 */
export function orderFunctionFiles(paths: string[]): string[] {
  const files: FunctionFile[] = paths.map((file) => {
    const sql = fs.readFileSync(file, 'utf8').replace(/--.*$/gm, '').toLowerCase();
    return { file, sql, views: created(sql, 'view'), functions: created(sql, 'function') };
  });
  const mentions = (sql: string, name: string) => new RegExp(`\\b${name.replace('.', '\\.')}\\b`).test(sql);
  const dependencies = (f: FunctionFile) =>
    files.filter((g) => g !== f && (g.views.some((v) => mentions(f.sql, v)) || (f.views.length > 0 && g.functions.some((fn) => mentions(f.sql, fn)))));
  const ordered: string[] = [];
  const state = new Map<FunctionFile, 'visiting' | 'done'>();
  const visit = (f: FunctionFile, chain: FunctionFile[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'visiting') throw new Error(`sql/functions: files depend on each other in a cycle: ${[...chain, f].map((c) => path.relative(repoRoot, c.file)).join(' -> ')}`);
    state.set(f, 'visiting');
    for (const g of dependencies(f)) visit(g, [...chain, f]);
    state.set(f, 'done');
    ordered.push(f.file);
  };
  for (const f of files) visit(f, []);
  return ordered;
}

export async function applyFunctions(client: pg.Client, dir = functionsDir): Promise<number> {
  const files = orderFunctionFiles(listFunctionFiles(dir));
  await client.query('begin');
  try {
    await client.query('set local check_function_bodies = off');
    for (const file of files) await applyFile(client, file);
    await client.query('set local check_function_bodies = on');
    for (const file of files) await applyFile(client, file);
    await dropFunctionsNoFileDefines(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  return files.length;
}

async function applyFile(client: pg.Client, file: string): Promise<void> {
  const sql = fs.readFileSync(file, 'utf8');
  try {
    await client.query(sql);
  } catch (error) {
    const { message, position } = error as { message: string; position?: string };
    const line = position ? `:${sql.slice(0, Number(position)).split('\n').length}` : '';
    throw new Error(`sql/functions could not be applied: ${path.relative(repoRoot, file)}${line}: ${message}`, { cause: error });
  }
}

// CREATE OR REPLACE rewrites a function's pg_proc row even when nothing changed, so the rows this transaction
// wrote are the functions the files define.
async function dropFunctionsNoFileDefines(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ signature: string }>(
    `select r.signature from rcm_meta.sql_function r
      where to_regprocedure(r.signature) is not null
        and not exists (select from pg_proc p where p.oid = to_regprocedure(r.signature) and p.xmin = pg_current_xact_id()::xid)`,
  );
  for (const { signature } of rows) await client.query(`drop function ${signature}`);
  await client.query('delete from rcm_meta.sql_function');
  await client.query(
    `insert into rcm_meta.sql_function (signature)
     select p.oid::regprocedure::text from pg_proc p where p.xmin = pg_current_xact_id()::xid`,
  );
}
