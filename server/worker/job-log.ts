// One short line per finished job for operators: task, id, queue, duration, outcome (info on
// success, warn when it will be retried, error when out of attempts). No payload and no error
// message (they can hold patient data): only the SQLSTATE of a Postgres error. The full job row
// is at debug (logger.ts).
import type pg from 'pg';
import type { Job, WorkerEvents } from 'graphile-worker';
import type { Logger } from '../log.ts';

export interface JobLine {
  task: string;
  jobId: string;
  queue: string | null;
  durationMs: number;
  outcome: 'success' | 'retry' | 'failed';
  attempt: string;
  errorCode?: string;
}

export function logJobs(events: WorkerEvents, pool: pg.Pool, log: Logger): void {
  const startedAt = new Map<string, bigint>();
  const queueNames = new Map<number, string>();

  const queueName = async (job: Job): Promise<string | null> => {
    if (job.job_queue_id == null) return null;
    const known = queueNames.get(job.job_queue_id);
    if (known) return known;
    try {
      const { rows } = await pool.query<{ queue_name: string }>('select queue_name from graphile_worker._private_job_queues where id = $1', [job.job_queue_id]);
      if (rows[0]) queueNames.set(job.job_queue_id, rows[0].queue_name);
      return rows[0]?.queue_name ?? `#${job.job_queue_id}`;
    } catch {
      return `#${job.job_queue_id}`;
    }
  };

  events.on('job:start', ({ job }) => {
    startedAt.set(job.id, process.hrtime.bigint());
  });
  events.on('job:complete', ({ job, error }) => {
    const started = startedAt.get(job.id);
    startedAt.delete(job.id);
    const durationMs = started === undefined ? -1 : Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    void queueName(job).then((queue) => {
      const line: JobLine = {
        task: job.task_identifier,
        jobId: job.id,
        queue,
        durationMs,
        outcome: error == null ? 'success' : job.attempts >= job.max_attempts ? 'failed' : 'retry',
        attempt: `${job.attempts}/${job.max_attempts}`,
      };
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) line.errorCode = code;
      const text = `job ${line.outcome}: ${line.task}`;
      if (line.outcome === 'success') log.info(line, text);
      else if (line.outcome === 'retry') log.warn(line, text);
      else log.error(line, text);
    });
  });
}
