// What the parts of one sweep run's engine share (run-sweep.ts, sweep-plan.ts, coverage-check.ts,
// run-watch.ts): the database, the run's tenant and id, the settings read at its start, its log,
// and `call`: an eligibility_private function with the tenant first (workers connect as the owner
// and name the tenant explicitly, server/db/pooled-client.ts), whose one value is `result`.
import type { Db } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import type { SweepSettings } from './settings.ts';

export interface SweepContext {
  db: Db;
  tenantId: string;
  runId: string;
  settings: SweepSettings;
  log: Logger;
  call<R extends Record<string, unknown>>(fn: string, ...params: unknown[]): Promise<R>;
}

export function sweepContext(db: Db, tenantId: string, runId: string, settings: SweepSettings, log: Logger): SweepContext {
  return {
    db, tenantId, runId, settings, log,
    call<R extends Record<string, unknown>>(fn: string, ...params: unknown[]): Promise<R> {
      const args = params.map((_, i) => `, $${i + 2}`).join('');
      return db.query<R>(`select eligibility_private.${fn}($1${args}) as result`, [tenantId, ...params]).then((r) => r.rows[0]);
    },
  };
}
