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
  /** Kills aimed at the workload's phases in turn (claims cycle); without it, a kill comes a random pause after the workload moved. */
  aim?: Aim;
  /** Told once the last kill landed: a workload that keeps adding work (nights) may stop adding. */
  killsDone?: () => void;
}

/**
 * Phases a kill is aimed at, one after the other: the loop waits until the worker is in the phase
 * with its work not done, waits `pauseMs(phase)` and kills; `landedIn` says (after the kill) which
 * phase it hit, or null when it came after the work was done: such a kill is not counted and the
 * same phase is aimed at again.
 */
export interface Aim {
  phases: string[];
  inPhase: (phase: string) => Promise<boolean>;
  pauseMs: (phase: string) => number;
  /** Just before the kill: notes what the worker holds. */
  beforeKill: () => Promise<void>;
  landedIn: () => Promise<string | null>;
}

export interface KillReport {
  /** Kills that hit the workload while it had work left. */
  kills: number;
  /** With an aim: kills per phase hit, and kills that came after the phase's work was done (not counted in `kills`). */
  byPhase?: Record<string, number>;
  late?: number;
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
  let late = 0;
  const aim = workload.aim;
  const byPhase: Record<string, number> = Object.fromEntries((aim?.phases ?? []).map((phase) => [phase, 0]));
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
      let phase: string | null = null;
      if (aim) {
        const target = aim.phases[kills % aim.phases.length];
        const reached = await waitFor(async () => {
          if (await aim.inPhase(target)) return true;
          finished = (await workload.progress()).finished;
          return finished;
        }, until, 20);
        if (!reached || finished) continue;
        await sleep(aim.pauseMs(target));
        await aim.beforeKill();
      } else {
        await sleep(Math.random() * options.maxPauseMs);
        if ((await workload.progress()).finished) continue;
      }
      killedAt = Date.now();
      await killWorker(owner, worker);
      if (aim) phase = await aim.landedIn();
      if (aim && phase === null) late++;
      else kills++;
      if (kills >= options.kills) workload.killsDone?.();
      if (phase !== null) byPhase[phase]++;
      const at = await workload.progress();
      before = at.done;
      finished = at.finished;
      options.log(aim ? `kill ${kills}/${options.kills} ${phase === null ? 'came after the work was done (not counted)' : `in ${phase}`}, at ${at.done} done`
        : `kill ${kills}/${options.kills} at ${at.done} done`);
      if (finished) break;
      await workload.recover();
      worker = await startWorkerProcess(ownerUrl, options.workerEnv);
      workerStartSeconds.push(worker.startedMs / 1000);
    }
  } finally {
    await stopWorker(worker);
  }
  return { kills, ...(aim ? { byPhase, late } : {}), recoverySeconds, workerStartSeconds, totalSeconds: (Date.now() - t0) / 1000, finished };
}

async function waitFor(check: () => Promise<boolean>, until: number, everyMs = 100): Promise<boolean> {
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}

export function summarize(samples: number[]): { n: number; median: number | null; max: number | null } {
  if (samples.length === 0) return { n: 0, median: null, max: null };
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: samples.length, median: Number(sorted[Math.floor((sorted.length - 1) / 2)].toFixed(2)), max: Number(sorted[sorted.length - 1].toFixed(2)) };
}
