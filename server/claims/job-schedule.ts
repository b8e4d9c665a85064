// ops.job_schedule: the nightly tasks' crontab lines with their next fire times (UTC, as
// graphile-worker fires them), one row per tenant and task so that GraphQL shows them under RLS.
// Written at service start and after each dispatch.
import type { ClientBase, Pool } from 'pg';
import { CronExpressionParser } from 'cron-parser';
import { readCrontab } from '../worker/crontab.ts';
import { NIGHTLY_TASKS } from './nightly-tasks.ts';

export interface JobSchedule {
  task: string;
  cron: string;
  description: string;
  nextFireAt: string;
}

export function nightlySchedules(crontab: string = readCrontab(), now: Date = new Date()): JobSchedule[] {
  const schedules: JobSchedule[] = [];
  for (const line of crontab.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    const nightly = NIGHTLY_TASKS.find((t) => t.task === fields[5]);
    if (!nightly) continue;
    const cron = fields.slice(0, 5).join(' ');
    const nextFireAt = CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: now }).next().toDate().toISOString();
    schedules.push({ task: nightly.task, cron, description: nightly.description, nextFireAt });
  }
  return schedules;
}

export async function syncJobSchedules(db: Pool | ClientBase, schedules: JobSchedule[] = nightlySchedules()): Promise<number> {
  await db.query(
    `delete from ops.job_schedule where task like 'claims/%' and not (task = any($1::text[]))`,
    [schedules.map((s) => s.task)],
  );
  const { rowCount } = await db.query(
    `insert into ops.job_schedule (tenant_id, task, cron, description, next_fire_at, updated_at)
     select t.id, s.task, s.cron, s.description, s."nextFireAt", now()
     from core.tenant t cross join jsonb_to_recordset($1::jsonb) s(task text, cron text, description text, "nextFireAt" timestamptz)
     on conflict (tenant_id, task) do update
       set cron = excluded.cron, description = excluded.description, next_fire_at = excluded.next_fire_at, updated_at = now()`,
    [JSON.stringify(schedules)],
  );
  return rowCount ?? 0;
}
