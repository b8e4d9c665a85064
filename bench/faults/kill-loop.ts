// SIGKILL a worker process at random points of a workload, again and again: after each kill the
// operator's recovery step runs and a fresh `npm run worker` takes over. Recovery time is from the
// kill to the workload's first progress on the new worker.
import type pg from 'pg';
import { killWorker, sleep, startWorkerProcess, stopWorker, type WorkerProcess } from './processes.ts';

export interface Progress { done: number; finished: boolean }

export interface Workload {
  progress: () => Promise<Progress>;
  /** What an operator does after a worker died (re-fire, resume-stalled, unlock), before a new worker starts. */
  recover: () => Promise<void>;
}

export interface KillReport {
  kills: number;
  /** Seconds from each kill until the workload moved again on the new worker. */
  recoverySeconds: number[];
  /** Seconds each new worker process took to take jobs (part of the recovery). */
  workerStartSeconds: number[];
  /** From the first worker's start to the workload finished. */
  totalSeconds: number;
  finished: boolean;
}

export async function killRepeatedly(owner: pg.Pool, ownerUrl: string, workload: Workload, options: {
  kills: number; maxPauseMs: number; timeoutMs: number; workerEnv?: Record<string, string>; log: (message: string) => void;
}): Promise<KillReport> {
  const t0 = Date.now();
  const until = t0 + options.timeoutMs;
  const recoverySeconds: number[] = [];
  const workerStartSeconds: number[] = [];
  let worker: WorkerProcess = await startWorkerProcess(ownerUrl, options.workerEnv);
  let kills = 0;
  let finished = false;
  try {
    let before = (await workload.progress()).done;
    let killedAt: number | undefined;
    while (!finished && Date.now() < until) {
      // Wait for the workload to move on this worker (after a kill: that is the recovery).
      const moved = await waitFor(async () => {
        const p = await workload.progress();
        finished = p.finished;
        return p.finished || p.done > before;
      }, until);
      if (!moved) break;
      if (killedAt !== undefined) recoverySeconds.push((Date.now() - killedAt) / 1000);
      killedAt = undefined;
      if (finished || kills >= options.kills) continue;
      await sleep(Math.random() * options.maxPauseMs);
      if ((await workload.progress()).finished) continue;
      killedAt = Date.now();
      await killWorker(owner, worker);
      kills++;
      const at = await workload.progress();
      before = at.done;
      finished = at.finished;
      options.log(`kill ${kills}/${options.kills} at ${at.done} done`);
      if (finished) break;
      await workload.recover();
      worker = await startWorkerProcess(ownerUrl, options.workerEnv);
      workerStartSeconds.push(worker.startedMs / 1000);
    }
  } finally {
    await stopWorker(worker);
  }
  return { kills, recoverySeconds, workerStartSeconds, totalSeconds: (Date.now() - t0) / 1000, finished };
}

async function waitFor(check: () => Promise<boolean>, until: number): Promise<boolean> {
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

export function summarize(samples: number[]): { n: number; median: number | null; max: number | null } {
  if (samples.length === 0) return { n: 0, median: null, max: null };
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: samples.length, median: Number(sorted[Math.floor((sorted.length - 1) / 2)].toFixed(2)), max: Number(sorted[sorted.length - 1].toFixed(2)) };
}
