// GET /healthz: 200 when the database answers and every committed migration is applied.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import type { RequestHandler } from 'express';
import { repoRoot } from '../config.ts';
import { logger } from '../log.ts';

const log = logger('server');

function committedMigrationCount(): number {
  const dir = path.join(repoRoot, 'migrations', 'committed');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).length : 0;
}

export function healthRoute(ownerPool: Pool): RequestHandler {
  const expected = committedMigrationCount();
  return async (_req, res) => {
    try {
      const { rows } = await ownerPool.query<{ applied: number }>('select count(*)::int as applied from graphile_migrate.migrations');
      const applied = rows[0].applied;
      if (applied < expected) {
        res.status(503).json({ status: 'migrations_pending', applied, expected });
        return;
      }
      res.json({ status: 'ok' });
    } catch (error) {
      // Anonymous callers learn "not ok" only; the reason goes to the log (its SQLSTATE, no text).
      log.warn({ sqlstate: (error as { code?: string }).code ?? null }, 'health check: database unavailable');
      res.status(503).json({ status: 'database_unavailable' });
    }
  };
}
