// Brings a database to the current schema: roles, graphile-migrate (committed migrations, then
// migrations/current when present, for development), the code lists of sql/data/x12-code/, then every
// file in sql/functions/.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Logger, migrate, watch, type Settings } from 'graphile-migrate';
import { runMigrations as installWorkerSchema } from 'graphile-worker';
import { workerLogger } from '../worker/logger.ts';
import { repoRoot } from '../config.ts';
import { logger } from '../log.ts';
import { applyFunctions } from './apply-functions.ts';
import { loadCodeLists } from './load-code-lists.ts';
import { ensureRoles } from './roles.ts';
import { partnerCredentialKey } from '../partners/credential-key.ts';

const log = logger('migrate');

export function migrateSettings(ownerUrl: string): Settings {
  const gmrc = JSON.parse(fs.readFileSync(path.join(repoRoot, '.gmrc'), 'utf8')) as Settings;
  return {
    ...gmrc,
    connectionString: ownerUrl,
    migrationsFolder: path.join(repoRoot, 'migrations'),
    logger: quietMigrateLogger(),
  };
}

export async function migrateDatabase(ownerUrl: string, authenticatorPassword: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await ensureRoles(client, authenticatorPassword);
    const settings = migrateSettings(ownerUrl);
    await migrate(settings);
    if (hasCurrentMigration()) await watch(settings, true);
    // SQL functions enqueue jobs (graphile_worker.add_job) in the transaction that needs them,
    // also before any worker has run: install the worker's schema with the rest.
    await installWorkerSchema({ connectionString: ownerUrl, schema: 'graphile_worker', logger: workerLogger('migrate') });
    // The published X12 code lists are data files: each x12_code table is made its CSV.
    const codeLists = await loadCodeLists(client);
    const files = await applyFunctions(client);
    // Passwords stored before encryption at rest (or by an operator's plain INSERT) are encrypted now.
    const { rows } = await client.query<{ n: number }>('select core_private.fn_encrypt_plaintext_partner_passwords($1) as n', [partnerCredentialKey()]);
    if (rows[0].n > 0) log.info({ passwords: rows[0].n }, 'trading partner passwords encrypted at rest');
    log.info({ functionFiles: files, codeLists }, 'database migrated');
    // graphile-migrate keeps its pool 200 ms after use and exits the process if a pooled
    // connection is then terminated (as cloning a template database does): let it close.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await client.end();
  }
}

function hasCurrentMigration(): boolean {
  const dir = path.join(repoRoot, 'migrations', 'current');
  const file = path.join(repoRoot, 'migrations', 'current.sql');
  if (fs.existsSync(dir)) return fs.readdirSync(dir).some((f) => f.endsWith('.sql'));
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8').replace(/--.*$/gm, '').trim() !== '';
}

function quietMigrateLogger(): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' && !message.includes('administrator command')) log.error(message);
    else log.debug({ level }, message);
  });
}
