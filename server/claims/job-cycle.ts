// One cycle of a nightly task for one tenant: an ops.job_runner_cycle row (written before the
// work, so a crash leaves a RUNNING row to see), the work in its own transaction (or, with
// `transaction: false`, in the transactions the work commits itself), then the row finished with
// its counts or errors and ONE heartbeat line with component "jobRunner".
import type { ClientBase } from 'pg';
import { logger, type Logger } from '../log.ts';

export type CycleCounts = Record<string, unknown>;

export interface CycleOptions {
  task: string;
  tenantId: string;
  log?: Logger;
  /** false: the work commits its own steps (the claims build commits slice by slice). */
  transaction?: boolean;
}

export async function runTenantCycle(client: ClientBase, options: CycleOptions, work: (client: ClientBase) => Promise<CycleCounts>): Promise<CycleCounts> {
  const log = options.log ?? logger('jobRunner');
  const started = Date.now();
  const { rows } = await client.query<{ id: string }>('insert into ops.job_runner_cycle (tenant_id, task) values ($1, $2) returning id', [options.tenantId, options.task]);
  const cycleId = rows[0].id;
  const transaction = options.transaction ?? true;
  try {
    if (transaction) await client.query('begin');
    const counts = await work(client);
    if (transaction) await client.query('commit');
    await client.query(
      `update ops.job_runner_cycle set status = 'SUCCEEDED', finished_at = now(), counts = $3 where tenant_id = $1 and id = $2`,
      [options.tenantId, cycleId, JSON.stringify(counts)],
    );
    log.info({ task: options.task, tenantId: options.tenantId, cycleId, status: 'SUCCEEDED', durationMs: Date.now() - started, counts }, 'heartbeat');
    return counts;
  } catch (error) {
    if (transaction) await client.query('rollback').catch(() => undefined);
    const { message, code } = error as { message: string; code?: string };
    await client.query(
      `update ops.job_runner_cycle set status = 'FAILED', finished_at = now(), errors = $3 where tenant_id = $1 and id = $2`,
      [options.tenantId, cycleId, JSON.stringify([{ message, code: code ?? null }])],
    );
    log.error({ task: options.task, tenantId: options.tenantId, cycleId, status: 'FAILED', durationMs: Date.now() - started, error: message }, 'heartbeat');
    throw error;
  }
}
