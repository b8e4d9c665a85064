// graphile-worker's logger, forwarded to pino with component "worker".
import { Logger as WorkerLogger } from 'graphile-worker';
import { logger } from '../log.ts';

export function workerLogger(component = 'worker'): WorkerLogger {
  const log = logger(component);
  return new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
}
