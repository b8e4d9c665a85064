-- Sweep schedules: validation and next fire on every write (psql, GraphQL, functions alike),
-- a NOTIFY so the supervisor hot-loads changes, and the create/update/pause/resume/delete API.

-- Scope checks shared by schedules and ad-hoc runs. Another tenant's ids are "not found".
create or replace function eligibility_private.fn_assert_sweep_scope(p_tenant_id uuid, p_facility_id uuid, p_window_from integer, p_window_to integer, p_payer_ids uuid[])
  returns void language plpgsql stable as $$
declare
  missing uuid[];
begin
  if p_window_from is null or p_window_to is null then
    raise exception 'window_from_days and window_to_days are required' using errcode = '22023';
  end if;
  if p_window_from > p_window_to then
    raise exception 'window_from_days (%) must not be after window_to_days (%)', p_window_from, p_window_to
      using errcode = '22023', hint = 'For "next 7 days from the fire time" use from 0 to 7; for the last 14 days use from -14 to 0.';
  end if;
  if p_window_from < -366 or p_window_to > 366 then
    raise exception 'the sweep window must stay within 366 days of the fire time (got % to %)', p_window_from, p_window_to using errcode = '22023';
  end if;
  if p_facility_id is not null and not exists (select 1 from core.facility f where f.tenant_id = p_tenant_id and f.id = p_facility_id) then
    raise exception 'facility % not found', p_facility_id using errcode = 'P0002', hint = 'Leave the facility empty for all facilities, or pick one of your facilities.';
  end if;
  select array_agg(p order by p) into missing
  from unnest(coalesce(p_payer_ids, '{}')) p
  where not exists (select 1 from core.payer y where y.tenant_id = p_tenant_id and y.id = p);
  if missing is not null then
    raise exception 'payer ids not found: %', array_to_string(missing, ', ') using errcode = 'P0002', hint = 'Leave the payer filter empty for every payer, or use ids from the payers list.';
  end if;
end $$;

create or replace function eligibility_private.tg_sweep_schedule__validate() returns trigger
  language plpgsql as $$
begin
  perform eligibility_private.fn_assert_time_zone(new.time_zone);
  perform eligibility.fn_cron_parse(new.cron_expression);
  new.payer_ids := coalesce(new.payer_ids, '{}');
  perform eligibility_private.fn_assert_sweep_scope(new.tenant_id, new.facility_id, new.window_from_days, new.window_to_days, new.payer_ids);
  if new.paused then
    new.next_fire_at := null;
  elsif tg_op = 'INSERT' or old.paused or new.cron_expression is distinct from old.cron_expression
        or new.time_zone is distinct from old.time_zone or new.next_fire_at is null then
    new.next_fire_at := eligibility.fn_cron_next_fire(new.cron_expression, now(), new.time_zone);
  end if;
  return new;
end $$;

-- The supervisor LISTENs on eligibility_schedule_changed and ticks at once.
create or replace function eligibility_private.tg_sweep_schedule__notify() returns trigger
  language plpgsql as $$
begin
  perform pg_notify('eligibility_schedule_changed', coalesce(new.tenant_id, old.tenant_id)::text);
  return null;
end $$;

create or replace trigger _200_validate before insert or update of name, cron_expression, time_zone, facility_id, window_from_days, window_to_days, payer_ids, paused
  on eligibility.sweep_schedule for each row execute function eligibility_private.tg_sweep_schedule__validate();
create or replace trigger _900_notify after insert or update of cron_expression, time_zone, paused or delete
  on eligibility.sweep_schedule for each row execute function eligibility_private.tg_sweep_schedule__notify();

create or replace function eligibility.fn_create_sweep_schedule(name text, cron_expression text, time_zone text default 'UTC',
  facility_id uuid default null, window_from_days integer default 0, window_to_days integer default 3, payer_ids uuid[] default '{}', paused boolean default false)
  returns eligibility.sweep_schedule language plpgsql volatile as $$
declare
  result eligibility.sweep_schedule;
begin
  perform core.assert_permission('eligibility.update');
  insert into eligibility.sweep_schedule (name, cron_expression, time_zone, facility_id, window_from_days, window_to_days, payer_ids, paused)
  values (fn_create_sweep_schedule.name, fn_create_sweep_schedule.cron_expression, coalesce(fn_create_sweep_schedule.time_zone, 'UTC'),
          fn_create_sweep_schedule.facility_id, fn_create_sweep_schedule.window_from_days, fn_create_sweep_schedule.window_to_days,
          coalesce(fn_create_sweep_schedule.payer_ids, '{}'), coalesce(fn_create_sweep_schedule.paused, false))
  returning * into result;
  return result;
exception when unique_violation then
  raise exception 'a sweep schedule named "%" already exists', fn_create_sweep_schedule.name using errcode = '23505';
end $$;

-- Null arguments keep the current value; facility_id cannot be reset to "all" with null, use clear_facility.
create or replace function eligibility.fn_update_sweep_schedule(schedule_id uuid, name text default null, cron_expression text default null,
  time_zone text default null, facility_id uuid default null, clear_facility boolean default false, window_from_days integer default null,
  window_to_days integer default null, payer_ids uuid[] default null)
  returns eligibility.sweep_schedule language plpgsql volatile as $$
declare
  result eligibility.sweep_schedule;
begin
  perform core.assert_permission('eligibility.update');
  update eligibility.sweep_schedule s set
    name = coalesce(fn_update_sweep_schedule.name, s.name),
    cron_expression = coalesce(fn_update_sweep_schedule.cron_expression, s.cron_expression),
    time_zone = coalesce(fn_update_sweep_schedule.time_zone, s.time_zone),
    facility_id = case when clear_facility then null else coalesce(fn_update_sweep_schedule.facility_id, s.facility_id) end,
    window_from_days = coalesce(fn_update_sweep_schedule.window_from_days, s.window_from_days),
    window_to_days = coalesce(fn_update_sweep_schedule.window_to_days, s.window_to_days),
    payer_ids = coalesce(fn_update_sweep_schedule.payer_ids, s.payer_ids)
  where s.id = schedule_id
  returning * into result;
  if result.id is null then
    raise exception 'sweep schedule % not found', schedule_id using errcode = 'P0002';
  end if;
  return result;
end $$;

create or replace function eligibility_private.fn_set_sweep_schedule_paused(schedule_id uuid, pause boolean)
  returns eligibility.sweep_schedule language plpgsql volatile as $$
declare
  result eligibility.sweep_schedule;
begin
  perform core.assert_permission('eligibility.update');
  update eligibility.sweep_schedule s set paused = pause where s.id = schedule_id returning * into result;
  if result.id is null then
    raise exception 'sweep schedule % not found', schedule_id using errcode = 'P0002';
  end if;
  return result;
end $$;

-- Pausing keeps the configuration and stops new runs; runs in flight go on draining.
create or replace function eligibility.fn_pause_sweep_schedule(schedule_id uuid)
  returns eligibility.sweep_schedule language sql volatile as $$
  select eligibility_private.fn_set_sweep_schedule_paused(schedule_id, true)
$$;

create or replace function eligibility.fn_resume_sweep_schedule(schedule_id uuid)
  returns eligibility.sweep_schedule language sql volatile as $$
  select eligibility_private.fn_set_sweep_schedule_paused(schedule_id, false)
$$;

-- Its runs stay (schedule_id becomes null). Runs are detached first, so locks are taken run then
-- schedule, the order a running sweep takes them (no deadlock with a sweep of this schedule).
create or replace function eligibility.fn_delete_sweep_schedule(schedule_id uuid)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  deleted uuid;
begin
  perform core.assert_permission('eligibility.update');
  if not exists (select 1 from eligibility.sweep_schedule s where s.tenant_id = tenant and s.id = fn_delete_sweep_schedule.schedule_id) then
    raise exception 'sweep schedule % not found', fn_delete_sweep_schedule.schedule_id using errcode = 'P0002';
  end if;
  update eligibility.eligibility_sweep_run r set schedule_id = null
  where r.tenant_id = tenant and r.schedule_id = fn_delete_sweep_schedule.schedule_id;
  delete from eligibility.sweep_schedule s where s.tenant_id = tenant and s.id = fn_delete_sweep_schedule.schedule_id returning s.id into deleted;
  return deleted;
end $$;

-- Seconds until the next fire: the Schedules tab's countdown.
create or replace function eligibility.sweep_schedule_seconds_until_next_fire(s eligibility.sweep_schedule)
  returns integer language sql stable as $$
  select case when s.paused or s.next_fire_at is null then null else greatest(0, ceil(extract(epoch from s.next_fire_at - now())))::integer end
$$;

grant execute on function eligibility_private.fn_assert_sweep_scope(uuid, uuid, integer, integer, uuid[]),
  eligibility_private.fn_set_sweep_schedule_paused(uuid, boolean) to rcm_visitor;
grant execute on function eligibility.fn_create_sweep_schedule(text, text, text, uuid, integer, integer, uuid[], boolean),
  eligibility.fn_update_sweep_schedule(uuid, text, text, text, uuid, boolean, integer, integer, uuid[]),
  eligibility.fn_pause_sweep_schedule(uuid), eligibility.fn_resume_sweep_schedule(uuid), eligibility.fn_delete_sweep_schedule(uuid),
  eligibility.sweep_schedule_seconds_until_next_fire(eligibility.sweep_schedule) to rcm_visitor;

comment on function eligibility.fn_create_sweep_schedule(text, text, text, uuid, integer, integer, uuid[], boolean) is 'Creates a sweep schedule: a cron expression in a time zone, the payer, facilities and day window of the visits it checks. The supervisor fires it at its next time. Needs eligibility.update.';
comment on function eligibility.fn_update_sweep_schedule(uuid, text, text, text, uuid, boolean, integer, integer, uuid[]) is 'Changes a sweep schedule; its next fire time is recomputed and the supervisor picks the change up at once. Needs eligibility.update.';
comment on function eligibility.fn_pause_sweep_schedule(uuid) is 'Pauses a sweep schedule: it does not fire until resumed. Needs eligibility.update.';
comment on function eligibility.fn_resume_sweep_schedule(uuid) is 'Resumes a paused sweep schedule from its next fire time after now (missed times are not caught up). Needs eligibility.update.';
comment on function eligibility.fn_delete_sweep_schedule(uuid) is 'Deletes a sweep schedule; its past runs are kept. Needs eligibility.update.';
comment on function eligibility.sweep_schedule_seconds_until_next_fire(eligibility.sweep_schedule) is 'Seconds from now until the schedule next fires; null when paused.';
