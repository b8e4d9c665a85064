// ingestion/resume-stalled (cron): re-enqueues batches whose job died with its worker (see
// sql/functions/ingestion_private/fn_resume_stalled_batches.sql).
import type { Task } from 'graphile-worker';
import { logger } from '../../server/log.ts';

const log = logger('ingestion');

const task: Task = async (_payload, helpers) => {
  const minutes = Number(process.env.INGEST_STALLED_MINUTES || 5);
  const { rows } = await helpers.query<{ resumed: number }>('select ingestion_private.fn_resume_stalled_batches(make_interval(mins => $1)) as resumed', [minutes]);
  if (rows[0].resumed > 0) log.warn({ resumed: rows[0].resumed, stalledMinutes: minutes }, 'stalled batches resumed');
};

export default task;
