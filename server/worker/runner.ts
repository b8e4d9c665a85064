// The graphile-worker runner: tasks from tasks/, cron from crontab, in the same database.
import { run, type Runner } from 'graphile-worker';
import { loadTaskList } from './task-list.ts';
import { readCrontab } from './crontab.ts';
import { workerLogger } from './logger.ts';

export interface WorkerOptions {
  ownerUrl: string;
  concurrency: number;
  /** Tests turn cron off to drive tasks themselves. */
  cron?: boolean;
  pollInterval?: number;
}

export async function startWorker(options: WorkerOptions): Promise<Runner> {
  return run({
    connectionString: options.ownerUrl,
    concurrency: options.concurrency,
    // A job may work on up to 3 connections at once (a nightly claims build: its cycle row and two
    // slice lanes; a batch: two chunk lanes), besides the worker's own.
    maxPoolSize: Math.max(10, options.concurrency * 3 + 2),
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 1000,
    taskList: await loadTaskList(),
    // Cron off: no items at all. (An empty `crontab` string would make graphile-worker read the
    // raw crontab file itself, ${VAR:-default} placeholders unfilled.)
    ...(options.cron === false ? { parsedCronItems: [] } : { crontab: readCrontab() }),
    logger: workerLogger(),
    schema: 'graphile_worker',
  });
}
