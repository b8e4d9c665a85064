// GET /healthz: 200 when the database answers and every committed migration is applied.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import type { RequestHandler } from 'express';
import { repoRoot } from '../config.ts';

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
      res.status(503).json({ status: 'database_unavailable', message: (error as Error).message });
    }
  };
}
