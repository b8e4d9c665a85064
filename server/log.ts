// Structured JSON logs; every line carries a `component` (server, jobRunner, worker, supervisor, ...).
import { pino } from 'pino';
import { config } from './config.ts';

export const rootLogger = pino({ level: config.logLevel, base: { app: 'rcm-core' } });

export type Logger = pino.Logger;

export function logger(component: string): Logger {
  return rootLogger.child({ component });
}
