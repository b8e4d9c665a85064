-- What the run job (tasks/eligibility/run-sweep.ts) does in SQL: start the run and build its
-- roster idempotently, hand out control numbers, finish the run. The worker connects as owner
-- and passes the tenant explicitly.

-- RUNNING, then the roster (idempotent: on conflict do nothing). Returns the run's status; a
-- terminal run is returned as is and nothing changes.
create or replace function eligibility_private.fn_begin_sweep_run(p_tenant_id uuid, p_sweep_run_id uuid)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  run eligibility.eligibility_sweep_run;
begin
  select * into run from eligibility.eligibility_sweep_run r where r.tenant_id = p_tenant_id and r.id = p_sweep_run_id for update;
  if run.id is null then
    return null;
  end if;
  if eligibility_private.sweep_run_terminal(run.status) then
    return run.status;
  end if;
  if run.status = 'QUEUED' then
    update eligibility.eligibility_sweep_run r set status = 'RUNNING', started_at = now() where r.tenant_id = p_tenant_id and r.id = run.id;
  end if;

  -- EXECUTE plans the INSERT for this run's window every time. A static statement's plan is
  -- cached per connection, and from the sixth run on a pooled worker connection Postgres kept
  -- the generic plan, made without the window (12 visits estimated, not 9,108): a nested loop
  -- probing the coverage index once per visit, 21.6 against 11.4 ms of CPU for the roster bench's
  -- tenant. (plan_cache_mode = force_custom_plan on the function would do it too, but it also
  -- re-plans the foreign-key checks of every inserted row: 650 against 270 ms a run.)
  execute $roster$
    insert into eligibility.sweep_run_member (tenant_id, sweep_run_id, member_id, service_event_id, facility_id, service_date,
      status, failure_reason, coverage_count, completed_at)
    select $1, ($2).id, roster.member_id, roster.event_id, roster.facility_id, roster.service_date,
           case when roster.coverages > 0 then 'QUEUED' else 'SKIPPED' end,
           case when roster.coverages > 0 then null else eligibility_private.sweep_skip_reason('no_coverage') end,
           roster.coverages,
           case when roster.coverages > 0 then null else now() end
    from eligibility_private.sweep_roster($1, $2) roster
    on conflict (tenant_id, sweep_run_id, member_id) do nothing
  $roster$ using p_tenant_id, run;

  perform eligibility_private.fn_refresh_sweep_run_counters(p_tenant_id, run.id);
  return 'RUNNING';
end $$;

-- COMPLETED once no member is QUEUED or SUBMITTED; feeds the intake queue. Returns the status.
create or replace function eligibility_private.fn_finish_sweep_run(p_tenant_id uuid, p_sweep_run_id uuid)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  current_status text;
begin
  perform eligibility_private.fn_refresh_sweep_run_counters(p_tenant_id, p_sweep_run_id);
  update eligibility.eligibility_sweep_run r set status = 'COMPLETED', completed_at = now()
  where r.tenant_id = p_tenant_id and r.id = p_sweep_run_id and r.status = 'RUNNING'
    and not exists (select 1 from eligibility.sweep_run_member m
                    where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id and m.status in ('QUEUED', 'SUBMITTED'));
  perform eligibility_private.fn_feed_intake_queue(p_tenant_id, p_sweep_run_id);
  select status into current_status from eligibility.eligibility_sweep_run r where r.tenant_id = p_tenant_id and r.id = p_sweep_run_id;
  return current_status;
end $$;

-- A run that cannot go on (e.g. its data vanished): FAILED with the reason.
create or replace function eligibility_private.fn_fail_sweep_run(p_tenant_id uuid, p_sweep_run_id uuid, p_error text)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  update eligibility.eligibility_sweep_run r set status = 'FAILED', completed_at = now(), error = p_error
  where r.tenant_id = p_tenant_id and r.id = p_sweep_run_id and not eligibility_private.sweep_run_terminal(r.status);
$$;

-- A block of ISA13/GS06 control numbers for one trading partner: returns the first of `p_count`
-- consecutive numbers, wrapping before 999999999 (ISA13 is 9 digits).
create or replace function eligibility_private.fn_reserve_control_numbers(p_tenant_id uuid, p_trading_partner_id uuid, p_count integer)
  returns bigint language sql volatile security definer set search_path = pg_catalog, public as $$
  insert into eligibility_private.interchange_control_number as c (tenant_id, trading_partner_id, last_value)
  values (p_tenant_id, p_trading_partner_id, p_count)
  on conflict (tenant_id, trading_partner_id) do update
    set last_value = case when c.last_value + p_count > 999999999 then p_count else c.last_value + p_count end
  returning last_value - p_count + 1;
$$;
