// An idle pooled connection the server drops (a Postgres restart, a failover, pg_terminate_backend)
// must neither crash the process nor fill the log: pg's error carries the client object (its
// connection parameters, statements, type tables), so only the SQLSTATE is logged.
import type pg from 'pg';
import type { Logger } from '../log.ts';

export function logLostConnections(pool: pg.Pool, log: Logger, message = 'idle database connection lost'): void {
  pool.on('error', (error) => log.warn({ code: (error as { code?: string }).code ?? null }, message));
}
