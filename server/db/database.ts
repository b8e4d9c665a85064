// Which PostgreSQL this process uses: DATABASE_URL when set (Postgres 15 or newer), otherwise
// the embedded server with its data in .data/ of the checkout.
import pg from 'pg';
import { config } from '../config.ts';
import { logger } from '../log.ts';
import { PostgresStartError, startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';
import { loadLocalSecrets } from './secrets.ts';
import { AUTHENTICATOR_ROLE } from './roles.ts';

const log = logger('postgres');
export const EMBEDDED_DATABASE = 'rcm_core';

export interface DatabaseLocation {
  /** Owner connection: migrations, worker, seeding. */
  ownerUrl: string;
  /** API connection: rcm_authenticator, switches to rcm_visitor per request. */
  authUrl: string;
  authenticatorPassword: string;
  jwtSecret: string;
  embedded?: EmbeddedServer;
}

export async function locateDatabase(options: { startEmbedded: boolean } = { startEmbedded: true }): Promise<DatabaseLocation> {
  const secrets = loadLocalSecrets(config.dataDir);
  const authenticatorPassword = config.authenticatorPassword ?? secrets.authenticatorPassword;
  const jwtSecret = config.jwtSecret ?? secrets.jwtSecret;
  if (config.databaseUrl) {
    return {
      ownerUrl: config.databaseUrl,
      authUrl: config.authDatabaseUrl ?? withCredentials(config.databaseUrl, AUTHENTICATOR_ROLE, authenticatorPassword),
      authenticatorPassword,
      jwtSecret,
    };
  }
  const superuserUrl = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${config.embeddedPgPort}/${EMBEDDED_DATABASE}`;
  let embedded: EmbeddedServer | undefined;
  if (options.startEmbedded && !(await isReachable(superuserUrl))) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, password: secrets.postgresPassword }).catch(exitOnStartError);
    await ensureDatabase(embedded.superuserUrl('postgres'), EMBEDDED_DATABASE);
  }
  return {
    ownerUrl: superuserUrl,
    authUrl: withCredentials(superuserUrl, AUTHENTICATOR_ROLE, authenticatorPassword),
    authenticatorPassword,
    jwtSecret,
    embedded,
  };
}

export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database ${name}`);
      log.info({ database: name }, 'database created');
    }
  } finally {
    await client.end();
  }
}

async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The CLIs (npm start, npm run psql, ...): a Postgres that cannot start is one line saying what to do, exit 1. */
function exitOnStartError(error: unknown): never {
  if (error instanceof PostgresStartError) {
    process.stderr.write(`rcm-core: embedded Postgres did not start: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
