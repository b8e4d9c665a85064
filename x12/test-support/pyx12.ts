// Runs the independent HIPAA validator pyx12 (github.com/azoner/pyx12, not vendored: its
// checkout is found at PYX12_DIR, default /work/tools/pyx12) on X12 text. pyx12 prints
// "<file>: OK" when it finds no error and logs each error on stderr.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYX12_DIR = process.env.PYX12_DIR ?? '/work/tools/pyx12';

export function pyx12Validate(text: string, name = 'file.x12'): { ok: boolean; output: string } {
  if (!existsSync(join(PYX12_DIR, 'pyx12'))) throw new Error(`pyx12 not found at ${PYX12_DIR}: check out github.com/azoner/pyx12 there or set PYX12_DIR`);
  const dir = mkdtempSync(join(tmpdir(), 'pyx12-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    const run = spawnSync(process.env.PYX12_PYTHON ?? '/usr/bin/python3', ['-m', 'pyx12.scripts.x12valid', file], { cwd: PYX12_DIR, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    // pyx12 cannot write its own 999 for a set without ST03 (the 835 of X221A1 has none) and logs
    // that as an ERROR with a traceback; that line says nothing about the file, every other ERROR does.
    const errors = output.split('\n').filter((line) => line.includes('ERROR') && !line.includes('Failed to create 999 response'));
    return { ok: run.status === 0 && output.includes(`${file}: OK`) && errors.length === 0, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
