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
