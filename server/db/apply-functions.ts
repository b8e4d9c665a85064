// Applies every file under sql/functions/ (CREATE OR REPLACE functions and views, one concern
// a file) in one transaction. Files may depend on each other in any order: a file that fails
// is retried after the others, until a pass makes no progress.
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

export async function applyFunctions(client: pg.Client): Promise<number> {
  let pending = listFunctionFiles();
  const total = pending.length;
  await client.query('begin');
  try {
    while (pending.length > 0) {
      const failed: { file: string; error: Error }[] = [];
      for (const file of pending) {
        await client.query('savepoint apply_file');
        try {
          await client.query(fs.readFileSync(file, 'utf8'));
          await client.query('release savepoint apply_file');
        } catch (error) {
          await client.query('rollback to savepoint apply_file');
          failed.push({ file, error: error as Error });
        }
      }
      if (failed.length === pending.length) {
        const detail = failed.map((f) => `${path.relative(repoRoot, f.file)}: ${f.error.message}`).join('\n');
        throw new Error(`sql/functions could not be applied:\n${detail}`);
      }
      pending = failed.map((f) => f.file);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  return total;
}
