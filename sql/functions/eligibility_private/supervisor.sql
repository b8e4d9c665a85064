-- The supervisor's tick, set-based over every tenant: for each due, unpaused schedule, in one
-- statement (one transaction), insert a QUEUED run (fire time and window in the schedule's zone,
-- scope copied), enqueue its job on the tenant queue with job_key from the run id, and advance
-- next_fire_at to the first slot after `p_now` (after downtime a missed schedule fires once).
-- SKIP LOCKED: two supervisors ticking at once never fire the same schedule twice.
create or replace function eligibility_private.fn_fire_due_schedules(p_now timestamptz default now(), p_limit integer default 1000)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  fired integer;
begin
  -- No job queue installed yet (no worker has ever started): leave schedules due for the first worker.
  if to_regnamespace('graphile_worker') is null then
    raise notice 'graphile_worker is not installed; sweep schedules stay due until a worker starts';
    return 0;
  end if;
  with due as (
    select s.tenant_id, s.id, s.name, s.cron_expression, s.next_fire_at, s.time_zone, s.facility_id,
           s.window_from_days, s.window_to_days, s.payer_ids
    from eligibility.sweep_schedule s
    where not s.paused and s.next_fire_at <= p_now
    order by s.next_fire_at
    limit p_limit
    for update skip locked
  ), advanced as (
    update eligibility.sweep_schedule s
    set last_fired_at = p_now, next_fire_at = eligibility.fn_cron_next_fire(due.cron_expression, p_now, due.time_zone)
    from due where s.tenant_id = due.tenant_id and s.id = due.id
  ), runs as (
    insert into eligibility.eligibility_sweep_run (tenant_id, schedule_id, name, trigger, status, scheduled_for, fired_at, time_zone,
      facility_id, window_from_days, window_to_days, window_start, window_end, payer_ids, requested_by)
    select due.tenant_id, due.id, due.name, 'CRON', 'QUEUED', due.next_fire_at, p_now, due.time_zone, due.facility_id,
           due.window_from_days, due.window_to_days,
           (p_now at time zone due.time_zone)::date + due.window_from_days,
           (p_now at time zone due.time_zone)::date + due.window_to_days,
           due.payer_ids, 'supervisor'
    from due
    returning tenant_id, id
  )
  -- One add_jobs call for the batch (one add_job per run costs ~0.7 ms each).
  select count(*) into fired
  from graphile_worker.add_jobs(coalesce(
    (select array_agg(row('eligibility/run-sweep', json_build_object('sweepRunId', runs.id), core_private.job_queue(runs.tenant_id, 'sweeps'), null, 5,
                          'sweep-run:' || runs.id, null, null)::graphile_worker.job_spec) from runs), '{}'));
  return fired;
end $$;
