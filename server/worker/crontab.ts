// The crontab file at the repo root, with ${VAR:-default} placeholders so that schedules are
// configurable by environment (e.g. NIGHTLY_CLAIMS_BUILD_CRON="0 3 * * *").
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.ts';

export function readCrontab(env: NodeJS.ProcessEnv = process.env): string {
  const file = path.join(repoRoot, 'crontab');
  if (!fs.existsSync(file)) return '';
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_m, name: string, fallback: string) => env[name] || fallback);
}
