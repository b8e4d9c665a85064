// graphile-worker's logger, forwarded to pino with component "worker". Job rows (payloads) and
// error details can hold patient data: they go to debug only. The one info line per job is
// written by job-log.ts; at info and above this logger keeps only the message of events that
// carry no job and no error, and a generic text for those that do.
import { Logger as WorkerLogger } from 'graphile-worker';
import { logger, type Logger } from '../log.ts';

const DETAIL_KEYS = new Set(['job', 'payload', 'error', 'jobError', 'fatalError', 'failure', 'success', 'duration']);

export function workerLogger(component = 'worker', log: Logger = logger(component)): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const details = meta ?? {};
    const sensitive = Object.keys(details).some((key) => DETAIL_KEYS.has(key));
    // The full record, for a developer at debug level.
    const finishedJob = 'job' in details && ('success' in details || 'failure' in details);
    if (level === 'debug' || finishedJob) {
      log.debug({ ...scope, ...details }, message);
      return;
    }
    if (sensitive) log.debug({ ...scope, ...details }, message);
    const fields = { ...scope, ...Object.fromEntries(Object.entries(details).filter(([key]) => !DETAIL_KEYS.has(key))) };
    const text = sensitive ? `${message.split(':')[0]} (details at debug level)` : message;
    if (level === 'error') log.error(fields, text);
    else if (level === 'warning') log.warn(fields, text);
    else log.info(fields, text);
  });
}
