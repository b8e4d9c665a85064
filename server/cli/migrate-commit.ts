// npm run migrate:commit: turns migrations/current into the next committed migration
// (graphile-migrate commit), checked on a throwaway embedded Postgres and its shadow database.
import '../env-defaults.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { commit } from 'graphile-migrate';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { ensureDatabase } from '../db/database.ts';
import { ensureRoles } from '../db/roles.ts';
import { migrateSettings } from '../db/migrate.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-core-commit-'));
const password = crypto.randomBytes(12).toString('hex');
const server = await startEmbeddedPostgres({ dataDir, port: 54000 + Math.floor(Math.random() * 900), password, quiet: true });
try {
  await ensureDatabase(server.superuserUrl('postgres'), 'rcm_commit');
  const client = new pg.Client({ connectionString: server.superuserUrl('rcm_commit') });
  await client.connect();
  await ensureRoles(client, password);
  await client.end();
  const message = process.argv.slice(2).join(' ') || undefined;
  await commit(
    {
      ...migrateSettings(server.superuserUrl('rcm_commit')),
      shadowConnectionString: server.superuserUrl('rcm_commit_shadow'),
      rootConnectionString: server.superuserUrl('postgres'),
    },
    message,
  );
  process.stderr.write('committed; see migrations/committed/\n');
} finally {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
