// Starts the test Postgres (embedded, or TEST_DATABASE_URL) and builds the migrated template
// database that every test file clones (CREATE DATABASE ... TEMPLATE), so files run in parallel.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

export default async function globalSetup(): Promise<void> {
  process.env.LOG_LEVEL ??= 'silent';
  process.env.GRAPHILE_ENV ??= 'test';
  // The partner password key of every test process (set before server/config.ts is imported).
  process.env.PARTNER_CREDENTIAL_KEY ??= crypto.randomBytes(32).toString('base64url');
  const { migrateDatabase } = await import('../../server/db/migrate.ts');
  const authenticatorPassword = crypto.randomBytes(12).toString('hex');
  let rootUrl: URL;
  if (process.env.TEST_DATABASE_URL) {
    rootUrl = new URL(process.env.TEST_DATABASE_URL);
  } else {
    const { startEmbeddedPostgres } = await import('../../server/db/embedded-postgres.ts');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-core-test-'));
    const password = crypto.randomBytes(12).toString('hex');
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password, quiet: process.env.RCM_TEST_PG_LOG !== "1" });
    (globalThis as { rcmTestPostgres?: unknown }).rcmTestPostgres = { server, dataDir };
    rootUrl = new URL(server.superuserUrl('postgres'));
  }
  const template = `rcm_test_template_${process.pid}`;
  const maintenance = new pg.Client({ connectionString: withDatabase(rootUrl, 'postgres') });
  await maintenance.connect();
  await maintenance.query(`drop database if exists ${template} with (force)`);
  await maintenance.query(`create database ${template}`);
  await migrateDatabase(withDatabase(rootUrl, template), authenticatorPassword);
  await maintenance.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [template]);
  await maintenance.end();

  process.env.RCM_TEST_ROOT_URL = withDatabase(rootUrl, 'postgres');
  process.env.RCM_TEST_TEMPLATE = template;
  process.env.RCM_TEST_AUTHENTICATOR_PASSWORD = authenticatorPassword;
  process.env.RCM_TEST_JWT_SECRET = crypto.randomBytes(24).toString('base64url');
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}

