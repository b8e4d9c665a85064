// Locates the shared real-world X12 samples: X12_SAMPLES_DIR, else ../shared/x12-samples
// beside the repository, else /work/shared/x12-samples (worktrees live deeper).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const samplesDir = [
  process.env.X12_SAMPLES_DIR,
  path.resolve(repoRoot, '..', 'shared', 'x12-samples'),
  '/work/shared/x12-samples',
].find((dir): dir is string => Boolean(dir) && existsSync(dir as string)) ?? path.resolve(repoRoot, '..', 'shared', 'x12-samples');

export function sampleFiles(): string[] {
  return readdirSync(samplesDir).filter((f) => !f.endsWith('.md') && !f.endsWith('.tsv')).sort();
}

export function readSample(name: string): string {
  return readFileSync(path.join(samplesDir, name), 'utf8');
}
