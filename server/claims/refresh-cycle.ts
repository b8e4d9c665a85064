// The views refresh of the nightly job runner: one refresh of each view group for all tenants
// (materialized views are refreshed whole), recorded as a cycle row for every tenant and logged
// as ONE jobRunner heartbeat line.
import type { ClientBase } from 'pg';
import { logger, type Logger } from '../log.ts';

export const REFRESH_TASK = 'claims/refresh-views';

interface RefreshResult {
  status: 'REFRESHED' | 'ALREADY_RUNNING';
  durationMs?: number;
  message?: string;
}

export async function runRefreshCycle(client: ClientBase, log: Logger = logger('jobRunner')): Promise<Record<string, unknown>> {
  const startedAt = new Date();
  const started = Date.now();
  const errors: { message: string; code: string | null }[] = [];
  const results: Record<string, RefreshResult | null> = { recon: null, reporting: null };
  // The views hold every tenant's rows: the refresh acts for every tenant (explicit cross-tenant
  // mode), on this pooled connection only for the length of the cycle.
  await client.query('select core.act_for_every_tenant()');
  try {
    for (const [key, sql] of [['recon', 'select billing.fn_refresh_recon_views() as r'], ['reporting', 'select reporting.fn_refresh_reporting_views() as r']] as const) {
      try {
        results[key] = (await client.query<{ r: RefreshResult }>(sql)).rows[0].r;
        if (results[key]?.status === 'ALREADY_RUNNING') errors.push({ message: results[key].message ?? 'already running', code: 'ALREADY_RUNNING' });
      } catch (error) {
        const { message, code } = error as { message: string; code?: string };
        errors.push({ message, code: code ?? null });
      }
    }
  } finally {
    await client.query("select set_config('rcm.act_for_every_tenant', '', false)");
  }
  const counts = {
    reconStatus: results.recon?.status ?? 'FAILED',
    reconMs: results.recon?.durationMs ?? null,
    reportingStatus: results.reporting?.status ?? 'FAILED',
    reportingMs: results.reporting?.durationMs ?? null,
  };
  const failed = errors.some((e) => e.code !== 'ALREADY_RUNNING');
  const status = failed ? 'FAILED' : 'SUCCEEDED';
  const { rowCount } = await client.query(
    `insert into ops.job_runner_cycle (tenant_id, task, status, started_at, finished_at, counts, errors)
     select id, $1, $2, $3, now(), $4, $5 from core.tenant`,
    [REFRESH_TASK, status, startedAt, JSON.stringify(counts), JSON.stringify(errors)],
  );
  const line = { task: REFRESH_TASK, tenants: rowCount ?? 0, status, durationMs: Date.now() - started, counts, errors };
  if (failed) log.error(line, 'heartbeat');
  else log.info(line, 'heartbeat');
  if (failed) throw new Error(`view refresh failed: ${errors.map((e) => e.message).join('; ')}`);
  return counts;
}
