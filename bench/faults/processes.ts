// Real processes for the faults bench: `npm run worker` processes (killed with SIGKILL) and the
// sandbox partner, whose log of 270s received is what the bench counts sends from.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { repoRoot } from '../../server/config.ts';

export interface WorkerProcess {
  child: ChildProcess;
  /** PGAPPNAME of its connections: its sessions are gone when no backend has it. */
  applicationName: string;
  startedMs: number;
}

let started = 0;

/** `npm run worker` (server/cli/worker.ts) on the bench database; resolves once it takes jobs. */
export async function startWorkerProcess(ownerUrl: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const t0 = Date.now();
  const applicationName = `rcm-faults-worker-${process.pid}-${++started}`;
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/cli/worker.ts')], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: ownerUrl, PGAPPNAME: applicationName, LOG_LEVEL: 'info', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  for (let i = 0; i < 1200 && !output.includes('worker started'); i++) {
    if (child.exitCode !== null) throw new Error(`worker process exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    await sleep(50);
  }
  if (!output.includes('worker started')) throw new Error(`worker process did not start in 60 s:\n${output.slice(-3000)}`);
  // Keep draining its pipes (an unread pipe would block the worker); FAULTS_WORKER_LOG=<file> keeps its log.
  child.stdout!.removeListener('data', collect);
  child.stderr!.removeListener('data', collect);
  if (process.env.FAULTS_WORKER_LOG) {
    const file = fs.createWriteStream(process.env.FAULTS_WORKER_LOG, { flags: 'a' });
    file.write(output);
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return { child, applicationName, startedMs: Date.now() - t0 };
}

/** SIGKILL, then wait until the process is gone and its backends have ended (a killed client's
 *  backend finishes its running statement first). */
export async function killWorker(owner: pg.Pool, worker: WorkerProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) resolve();
    else worker.child.once('exit', () => resolve());
  });
  worker.child.kill('SIGKILL');
  await exited;
  for (let i = 0; i < 600; i++) {
    const { rows } = await owner.query('select count(*)::int as n from pg_stat_activity where application_name = $1', [worker.applicationName]);
    if (rows[0].n === 0) return;
    await sleep(50);
  }
  throw new Error(`the killed worker's sessions (${worker.applicationName}) did not end in 30 s`);
}

/** SIGTERM and wait: running jobs finish, locks are released. */
export async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
  worker.child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000).then(() => worker.child.kill('SIGKILL'))]);
  await exited;
}

export interface SandboxProcess {
  url: string;
  /** 270s received, from its log: `${payerId}|${memberId}` -> count. */
  sends: Map<string, number>;
  /** 837 interchanges received, from its log: `${ISA06}|${ISA13 as a number}` -> new and duplicate copies. */
  interchanges: Map<string, { received: number; duplicates: number }>;
  /** Random 503s it gave. */
  faults: () => number;
  stats: () => Promise<Record<string, unknown>>;
  reset: () => void;
  close: () => Promise<void>;
}

/** The sandbox partner as its own process (npm run sandbox-partner), its pino log read line by line. */
export async function startSandboxProcess(env: Record<string, string>): Promise<SandboxProcess> {
  const port = 47000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, [path.join(repoRoot, 'sandbox-partner', 'main.ts')], {
    env: { ...process.env, SANDBOX_PARTNER_PORT: String(port), NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sends = new Map<string, number>();
  const interchanges = new Map<string, { received: number; duplicates: number }>();
  let faults = 0;
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"270 received"') && !line.includes('"random partner fault"') && !line.includes('837 interchange')) continue;
      const entry = JSON.parse(line) as { msg: string; payerId: string; memberId: string; sender: string; isa13: string };
      if (entry.msg === 'random partner fault') faults++;
      else if (entry.msg === '837 interchange received' || entry.msg.startsWith('duplicate 837 interchange')) {
        const key = `${entry.sender}|${Number(entry.isa13)}`;
        const seen = interchanges.get(key) ?? { received: 0, duplicates: 0 };
        if (entry.msg.startsWith('duplicate')) seen.duplicates++;
        else seen.received++;
        interchanges.set(key, seen);
      }
      else sends.set(`${entry.payerId}|${entry.memberId}`, (sends.get(`${entry.payerId}|${entry.memberId}`) ?? 0) + 1);
    }
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      if (i > 200) throw new Error('the sandbox partner did not start');
    }
    await sleep(100);
  }
  return {
    url: `${base}/core/realtime`,
    sends,
    interchanges,
    faults: () => faults,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as Record<string, unknown>,
    reset: () => { sends.clear(); faults = 0; },
    close: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
