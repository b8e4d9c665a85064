-- The nightly job runner at a glance: each task's schedule, next fire time and last cycle.
create or replace view ops.job_runner_status with (security_invoker = true) as
select s.tenant_id, s.task, s.cron, s.description, s.next_fire_at,
       last.id as last_cycle_id, last.status as last_status, last.started_at as last_started_at,
       last.finished_at as last_finished_at, last.counts as last_counts, last.errors as last_errors
from ops.job_schedule s
left join lateral (
  select c.* from ops.job_runner_cycle c
  where c.tenant_id = s.tenant_id and c.task = s.task
  order by c.started_at desc limit 1
) last on true;
grant select on ops.job_runner_status to rcm_visitor;
