// The graphile-worker runner: tasks from tasks/, cron from crontab, in the same database.
import { ReconnectingPool, untilTheDatabaseAnswers } from '../db/reconnecting-pool.ts';
import { config } from '../config.ts';
import { run, type Runner, type TaskList } from 'graphile-worker';
import { loadTaskList } from './task-list.ts';
import { readCrontab } from './crontab.ts';
import { workerLogger } from './logger.ts';
import { logJobs } from './job-log.ts';
import { logger, type Logger } from '../log.ts';
import pg from 'pg';

export interface WorkerOptions {
  ownerUrl: string;
  concurrency: number;
  /** Tests turn cron off to drive tasks themselves. */
  cron?: boolean;
  pollInterval?: number;
  /** Where the worker logs (tests read it); component "worker" by default. */
  log?: Logger;
  /** Tests run their own tasks; tasks/ otherwise. */
  taskList?: TaskList;
}

/** The runner, on a pool of its own: its stop() resolves once the pool is closed too, so that a
 *  process stopping in order (npm start) never stops Postgres under the worker's idle connections.
 *  graphile-worker's own pool could still hold them after stop() had resolved, and their
 *  "terminating connection" error then reached a pool with no error listener and crashed the
 *  process: one orderly stop in about ten exited 1. */
export async function startWorker(options: WorkerOptions): Promise<Runner> {
  // A job may work on up to 3 connections at once (a nightly claims build: its cycle row and two
  // slice lanes; a batch: two chunk lanes), besides the worker's own.
  // No job statement runs unbounded: the longest one here (a view refresh over 1M charges) takes seconds.
  // A Postgres restart is waited out (WORKER_RECONNECT_MS): see server/db/reconnecting-pool.ts.
  const pool = new ReconnectingPool({
    connectionString: options.ownerUrl, max: Math.max(10, options.concurrency * 3 + 2),
    statement_timeout: config.workerStatementTimeoutMs, idle_in_transaction_session_timeout: config.workerStatementTimeoutMs,
    waitForDatabaseMs: config.workerReconnectMs,
  });
  const log = options.log ?? logger('worker');
  pool.onReconnect = (waitedMs) => log.warn({ waitedMs }, 'database reachable again');
  // The SQLSTATE only: the error object carries the client, its statements and, for some errors, row data.
  pool.on('error', (error) => log.warn({ code: (error as { code?: string }).code }, 'idle worker connection lost'));
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ code: (error as { code?: string }).code }, 'worker connection lost')));
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: options.pollInterval ?? 1000,
      taskList: failuresWaitForTheDatabase(options.taskList ?? await loadTaskList(), options.ownerUrl, config.workerReconnectMs),
      // Cron off: no items at all. (An empty `crontab` string would make graphile-worker read the
      // raw crontab file itself, ${VAR:-default} placeholders unfilled.)
      ...(options.cron === false ? { parsedCronItems: [] } : { crontab: readCrontab() }),
      logger: workerLogger('worker', log),
      schema: 'graphile_worker',
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  logJobs(runner.events, pool, log);
  const stop = runner.stop.bind(runner);
  return Object.assign(runner, {
    stop: async (reason?: string) => {
      await stop(reason);
      await pool.end();
    },
  });
}

/**
 * A task that failed because the database went away (a Postgres restart) fails only once the
 * database takes a new connection again. graphile-worker records the failure at once, on a
 * connection from the pool; during a restart's terminations that is an idle connection the restart
 * is about to end (or has ended, unseen yet): the write fails with "Connection terminated
 * unexpectedly" or 57P01, graphile-worker does not retry those and nobody awaits the promise, so
 * the worker process crashed with the job locked for graphile-worker's 4-hour lock timeout (a
 * nightly claims build stopped for good; found by npm run bench -- faults, phase B). So a failed
 * task first opens a new connection (any error: the one that reaches here may be a later one, such
 * as "Client has encountered a connection error and is not queryable" from the task's own clean-up):
 * a new connection is refused until the restarted server is up, and by then the pool has dropped
 * its dead connections. A task that failed for another reason pays one connection.
 */
export function failuresWaitForTheDatabase(taskList: TaskList, connectionString: string, waitMs: number): TaskList {
  const wrapped: TaskList = {};
  for (const [name, task] of Object.entries(taskList)) {
    if (!task) continue;
    wrapped[name] = async (payload, helpers) => {
      try {
        return await task(payload, helpers);
      } catch (error) {
        await databaseTakesConnections(connectionString, waitMs);
        throw error;
      }
    };
  }
  return wrapped;
}

/** Returns once a new connection answers, or after `waitMs`, or at an error that waiting will not mend. */
async function databaseTakesConnections(connectionString: string, waitMs: number): Promise<void> {
  await untilTheDatabaseAnswers(async () => {
    const client = new pg.Client({ connectionString });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  }, waitMs).catch(() => undefined);
}
