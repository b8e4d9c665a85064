// npm run bench [-- name ...]: runs the benchmarks on a throwaway embedded Postgres (or
// BENCH_DATABASE_URL, a superuser URL), prints a table and writes bench/results/<name>.json.
import '../server/env-defaults.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { repoRoot } from '../server/config.ts';
import { PostgresStartError, startEmbeddedPostgres, type EmbeddedServer } from '../server/db/embedded-postgres.ts';
import { ensureDatabase, withCredentials } from '../server/db/database.ts';
import { logLostConnections } from '../server/db/lost-connection.ts';
import { logger } from '../server/log.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { AUTHENTICATOR_ROLE } from '../server/db/roles.ts';
import type { Benchmark, BenchResult } from './context.ts';

process.env.LOG_LEVEL ??= 'warn';
/** BENCH_KEEP_DATABASES=true keeps each bench's database (bench_<name>) for inspection afterwards. */
const keepDatabases = process.env.BENCH_KEEP_DATABASES === 'true';
const benchDir = path.join(repoRoot, 'bench');
const resultsDir = path.join(benchDir, 'results');
const wanted = process.argv.slice(2);
const available = fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const selected = wanted.length ? wanted : available;
const unknown = selected.filter((name) => !available.includes(name));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}

const progress = (name: string) => (message: string) => process.stderr.write(`[${name}] ${message}\n`);
let embedded: EmbeddedServer | undefined;
let dataDir: string | undefined;
let rootUrl: (db: string) => string;
let restartPostgres: ((downForMs?: number) => Promise<number>) | undefined;
if (process.env.BENCH_DATABASE_URL) {
  const base = new URL(process.env.BENCH_DATABASE_URL);
  rootUrl = (db) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();
} else {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-core-bench-'));
  const embeddedOptions = { dataDir, port: 55000 + Math.floor(Math.random() * 900), password: crypto.randomBytes(12).toString('hex'), quiet: true };
  embedded = await startEmbeddedPostgres(embeddedOptions).catch((error: unknown) => {
    if (!(error instanceof PostgresStartError)) throw error;
    process.stderr.write(`bench: embedded Postgres did not start: ${error.message}\n`);
    process.exit(1);
  });
  rootUrl = embedded.superuserUrl;
  // The faults bench restarts Postgres under a running service: same port, same data.
  restartPostgres = async (downForMs = 0) => {
    const t0 = Date.now();
    await embedded!.stop();
    if (downForMs > 0) await new Promise((resolve) => setTimeout(resolve, downForMs));
    embedded = await startEmbeddedPostgres(embeddedOptions);
    return (Date.now() - t0) / 1000;
  };
}

const machine = await describeMachine(rootUrl('postgres'));
fs.mkdirSync(resultsDir, { recursive: true });
const rows: string[][] = [];
try {
  for (const name of selected) {
    const database = `bench_${name.replace(/[^a-z0-9]/gi, '_')}`;
    await adminQuery(`drop database if exists ${database} with (force)`);
    // Each bench on a settled cluster: the WAL of the one before written out now, not during it.
    await adminQuery('checkpoint');
    await ensureDatabase(rootUrl('postgres'), database);
    const authenticatorPassword = crypto.randomBytes(12).toString('hex');
    await migrateDatabase(rootUrl(database), authenticatorPassword);
    const location = {
      ownerUrl: rootUrl(database),
      authUrl: withCredentials(rootUrl(database), AUTHENTICATOR_ROLE, authenticatorPassword),
      authenticatorPassword,
      jwtSecret: crypto.randomBytes(24).toString('base64url'),
    };
    const owner = new pg.Pool({ connectionString: location.ownerUrl, max: 10 });
    // pool.end() resolves once its clients are told to end, not once their sockets are closed: the
    // drop below (with force) could terminate one still closing, and the pool's 'error' event then
    // had no listener and ended the whole run (seen after the eligibility bench of a full run).
    logLostConnections(owner, logger('bench'), 'bench connection lost');
    const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href)) as { default: Benchmark };
    progress(name)('starting');
    let result: BenchResult;
    try {
      result = await mod.default({ location, owner, progress: progress(name), restartPostgres });
    } finally {
      await owner.end();
      // The next bench must not share the machine with this one's autovacuum (1M charges, say).
      if (!keepDatabases) await adminQuery(`drop database if exists ${database} with (force)`);
    }
    const record = { name, when: new Date().toISOString(), machine, metrics: result.metrics, floor: result.floor ?? {}, notes: result.notes ?? '', details: result.details ?? {} };
    fs.writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
    for (const [metric, value] of Object.entries(result.metrics)) rows.push([name, metric, String(value)]);
    for (const [metric, value] of Object.entries(result.floor ?? {})) rows.push([name, `floor.${metric}`, String(value)]);
  }
} finally {
  if (embedded) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await embedded.stop();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

const widths = [0, 1, 2].map((i) => Math.max(...[['benchmark', 'metric', 'value'], ...rows].map((r) => r[i].length)));
const line = (r: string[]) => r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
process.stdout.write(`\n${line(['benchmark', 'metric', 'value'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
process.stdout.write(`\nmachine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.postgres}, node ${machine.node}\n`);

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: rootUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function describeMachine(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: [{ version }] } = await client.query('select version()');
  await client.end();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    postgres: String(version).split(' on ')[0],
    node: process.version,
  };
}
