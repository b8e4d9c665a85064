-- Sweep runs: created QUEUED with their job enqueued in the same transaction (run now, ad-hoc,
-- re-run failed), re-fired, cancelled. Terminal runs are never touched again.

create or replace function eligibility_private.tg_eligibility_sweep_run__terminal() returns trigger
  language plpgsql as $$
begin
  if eligibility_private.sweep_run_terminal(old.status)
     and (new.status, new.completed_at, new.started_at, new.cancelled_by, new.error, new.window_start, new.window_end, new.facility_id, new.payer_ids)
         is distinct from (old.status, old.completed_at, old.started_at, old.cancelled_by, old.error, old.window_start, old.window_end, old.facility_id, old.payer_ids) then
    raise exception 'sweep run % is % and can no longer change', old.id, old.status
      using errcode = '55000', hint = 'Start a new run (run now, or re-run failed members) instead.';
  end if;
  return new;
end $$;
create or replace trigger _150_terminal_is_final before update on eligibility.eligibility_sweep_run
  for each row execute function eligibility_private.tg_eligibility_sweep_run__terminal();

-- Enqueues (or re-enqueues) the run job on the tenant's sweeps queue (one sweep at a time per tenant); job_key makes re-firing safe.
create or replace function eligibility_private.fn_enqueue_sweep_run(p_tenant_id uuid, p_sweep_run_id uuid)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  perform graphile_worker.add_job('eligibility/run-sweep', json_build_object('sweepRunId', p_sweep_run_id),
    queue_name => core_private.job_queue(p_tenant_id, 'sweeps'), job_key => 'sweep-run:' || p_sweep_run_id, max_attempts => 5);
  return p_sweep_run_id;
end $$;

-- Inserts a QUEUED run with its window computed from the fire time in the run's zone, and enqueues it.
create or replace function eligibility_private.fn_create_sweep_run(p_tenant_id uuid, p_schedule_id uuid, p_name text, p_trigger text,
  p_scheduled_for timestamptz, p_fired_at timestamptz, p_time_zone text, p_facility_id uuid, p_window_from integer, p_window_to integer,
  p_payer_ids uuid[], p_requested_by text, p_rerun_of_id uuid default null)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  run_id uuid;
  fire_date date := (p_fired_at at time zone p_time_zone)::date;
begin
  insert into eligibility.eligibility_sweep_run (tenant_id, schedule_id, rerun_of_id, name, trigger, status, scheduled_for, fired_at, time_zone,
    facility_id, window_from_days, window_to_days, window_start, window_end, payer_ids, requested_by)
  values (p_tenant_id, p_schedule_id, p_rerun_of_id, p_name, p_trigger, 'QUEUED', p_scheduled_for, p_fired_at, p_time_zone,
    p_facility_id, p_window_from, p_window_to, fire_date + p_window_from, fire_date + p_window_to, coalesce(p_payer_ids, '{}'), p_requested_by)
  returning id into run_id;
  perform eligibility_private.fn_enqueue_sweep_run(p_tenant_id, run_id);
  return run_id;
end $$;

-- Run a schedule now (its scope, fired now).
create or replace function eligibility.fn_start_sweep(schedule_id uuid)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  s eligibility.sweep_schedule;
  tenant uuid := core.current_tenant_id();
begin
  perform core.assert_permission('eligibility.update');
  select * into s from eligibility.sweep_schedule x where x.tenant_id = tenant and x.id = fn_start_sweep.schedule_id;
  if s.id is null then
    raise exception 'sweep schedule % not found', fn_start_sweep.schedule_id using errcode = 'P0002';
  end if;
  return eligibility_private.fn_create_sweep_run(tenant, s.id, s.name, 'RUN_NOW', null, now(), s.time_zone, s.facility_id,
    s.window_from_days, s.window_to_days, s.payer_ids, core.current_user_id());
end $$;

-- A sweep with an explicit scope and no schedule (reconciliation: from -14 to 0; onboarding: 0 to 30).
-- The window is counted from today in the facility's time zone (UTC for all facilities).
create or replace function eligibility.fn_start_adhoc_sweep(facility_id uuid, window_from integer, window_to integer, payer_ids uuid[] default '{}')
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  zone text;
begin
  perform core.assert_permission('eligibility.update');
  perform eligibility_private.fn_assert_sweep_scope(tenant, fn_start_adhoc_sweep.facility_id, window_from, window_to, fn_start_adhoc_sweep.payer_ids);
  select f.time_zone into zone from core.facility f where f.tenant_id = tenant and f.id = fn_start_adhoc_sweep.facility_id;
  return eligibility_private.fn_create_sweep_run(tenant, null, 'Ad-hoc sweep', 'ADHOC', null, now(), coalesce(zone, 'UTC'),
    fn_start_adhoc_sweep.facility_id, window_from, window_to, fn_start_adhoc_sweep.payer_ids, core.current_user_id());
end $$;

-- The advisory lock a worker holds (session level, on a connection of its own) while it runs a
-- sweep: it goes away with the worker's session, so it tells a live run from a dead one.
create or replace function eligibility_private.sweep_run_lock_key(p_sweep_run_id uuid)
  returns bigint language sql immutable as $$
  select ('x' || substr(md5('eligibility.sweep_run:' || p_sweep_run_id::text), 1, 16))::bit(64)::bigint;
$$;

-- Enqueue the same run again (after a worker crash). A terminal run's job exits at once. A RUNNING
-- run is re-fired only when its worker is gone: nobody holds the run's lock and the engine has not
-- reported for `stale_after_seconds` (it refreshes the run's counters every 2 s); the dead
-- worker's graphile-worker locks are then released so the re-fired job runs now rather than after
-- graphile-worker's 4-hour lock timeout. A live run is refused (55000): a second job would send
-- every 270 again.
create or replace function eligibility.fn_refire_sweep_run(sweep_run_id uuid, stale_after_seconds integer default 30)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  run eligibility.eligibility_sweep_run;
  dead_worker text;
begin
  perform core.assert_permission('eligibility.update');
  select * into run from eligibility.eligibility_sweep_run r where r.tenant_id = tenant and r.id = fn_refire_sweep_run.sweep_run_id;
  if run.id is null then
    raise exception 'sweep run % not found', fn_refire_sweep_run.sweep_run_id using errcode = 'P0002';
  end if;
  if stale_after_seconds is null or stale_after_seconds < 1 then
    raise exception 'stale_after_seconds must be at least 1, got %', stale_after_seconds using errcode = '22023';
  end if;
  if run.status = 'RUNNING' then
    -- A worker running the run holds its advisory lock for as long as its session lives and
    -- refreshes the counters every 2 s: either sign means it is alive, and a second job would
    -- send every 270 again.
    if not pg_try_advisory_xact_lock(eligibility_private.sweep_run_lock_key(run.id))
       or run.updated_at >= now() - make_interval(secs => stale_after_seconds) then
      raise exception 'sweep run % is running on a live worker; not re-fired', run.id
        using errcode = '55000', hint = 'Re-fire only runs whose worker died (it holds no lock and has not reported for stale_after_seconds); cancel it to stop it.';
    end if;
    select j.locked_by into dead_worker from graphile_worker.jobs j
    where j.key = 'sweep-run:' || run.id and j.locked_by is not null;
    if dead_worker is not null then
      perform graphile_worker.force_unlock_workers(array[dead_worker]);
    end if;
  end if;
  perform eligibility_private.fn_enqueue_sweep_run(tenant, run.id);
  return run.id;
end $$;

-- Counters from the member rows (also after a cancel, as submitted members still land).
create or replace function eligibility_private.fn_refresh_sweep_run_counters(p_tenant_id uuid, p_sweep_run_id uuid)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  update eligibility.eligibility_sweep_run r set
    total_members = c.total, queued_count = c.queued, submitted_count = c.submitted, received_count = c.received,
    failed_count = c.failed, skipped_count = c.skipped, cache_hit_count = c.cached,
    inquiries_sent = (select count(*) from eligibility.eligibility_inquiry i
                      where i.tenant_id = p_tenant_id and i.sweep_run_id = p_sweep_run_id and i.sent_at is not null)
  from (select count(*) as total,
               count(*) filter (where status = 'QUEUED') as queued,
               count(*) filter (where status = 'SUBMITTED') as submitted,
               count(*) filter (where status = 'RECEIVED') as received,
               count(*) filter (where status = 'FAILED') as failed,
               count(*) filter (where status = 'SKIPPED') as skipped,
               count(*) filter (where cache_reused) as cached
        from eligibility.sweep_run_member m where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id) c
  where r.tenant_id = p_tenant_id and r.id = p_sweep_run_id;
$$;

-- The manual's three bullets: QUEUED members -> SKIPPED "Cancelled by operator"; the run -> CANCELLED
-- with completed_at = now(); 270s already submitted are not revoked and still become RECEIVED.
create or replace function eligibility.fn_cancel_sweep_run(sweep_run_id uuid)
  returns eligibility.eligibility_sweep_run language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  run eligibility.eligibility_sweep_run;
begin
  perform core.assert_permission('eligibility.update');
  -- FOR NO KEY UPDATE (the cancel changes no key): a FOR UPDATE lock conflicted with the KEY SHARE
  -- lock a 270 being stored takes on the run (its inquiry's foreign key) after it has SUBMITTED its
  -- member, which this cancel waits for below: the two deadlocked, and Postgres failed one of them.
  select * into run from eligibility.eligibility_sweep_run r
  where r.tenant_id = tenant and r.id = fn_cancel_sweep_run.sweep_run_id for no key update;
  if run.id is null then
    raise exception 'sweep run % not found', fn_cancel_sweep_run.sweep_run_id using errcode = 'P0002';
  end if;
  if run.status not in ('QUEUED', 'RUNNING') then
    raise exception 'sweep run % is % and cannot be cancelled', run.id, run.status
      using errcode = '55000', hint = 'Only QUEUED or RUNNING runs can be cancelled.';
  end if;
  update eligibility.sweep_run_member m set status = 'SKIPPED', failure_reason = eligibility_private.sweep_skip_reason('cancelled'), completed_at = now()
  where m.tenant_id = tenant and m.sweep_run_id = run.id and m.status = 'QUEUED';
  update eligibility.eligibility_sweep_run r set status = 'CANCELLED', completed_at = now(), cancelled_by = coalesce(core.current_user_id(), current_user)
  where r.tenant_id = tenant and r.id = run.id;
  perform eligibility_private.fn_refresh_sweep_run_counters(tenant, run.id);
  select * into run from eligibility.eligibility_sweep_run r where r.tenant_id = tenant and r.id = fn_cancel_sweep_run.sweep_run_id;
  return run;
end $$;

-- A new run over only the FAILED members of a finished one (same visit dates and scope).
create or replace function eligibility.fn_rerun_failed(sweep_run_id uuid)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  run eligibility.eligibility_sweep_run;
  new_id uuid;
begin
  perform core.assert_permission('eligibility.update');
  select * into run from eligibility.eligibility_sweep_run r where r.tenant_id = tenant and r.id = fn_rerun_failed.sweep_run_id;
  if run.id is null then
    raise exception 'sweep run % not found', fn_rerun_failed.sweep_run_id using errcode = 'P0002';
  end if;
  if not eligibility_private.sweep_run_terminal(run.status) then
    raise exception 'sweep run % is still %; re-run its failed members once it has finished', run.id, run.status using errcode = '55000';
  end if;
  if not exists (select 1 from eligibility.sweep_run_member m where m.tenant_id = tenant and m.sweep_run_id = run.id and m.status = 'FAILED') then
    raise exception 'sweep run % has no FAILED members to re-run', run.id using errcode = '55000';
  end if;
  insert into eligibility.eligibility_sweep_run (tenant_id, schedule_id, rerun_of_id, name, trigger, status, fired_at, time_zone,
    facility_id, window_from_days, window_to_days, window_start, window_end, payer_ids, requested_by)
  values (tenant, run.schedule_id, run.id, 'Re-run failed: ' || run.name, 'RERUN_FAILED', 'QUEUED', now(), run.time_zone,
    run.facility_id, run.window_from_days, run.window_to_days, run.window_start, run.window_end, run.payer_ids, core.current_user_id())
  returning id into new_id;
  perform eligibility_private.fn_enqueue_sweep_run(tenant, new_id);
  return new_id;
end $$;

-- Share of the roster that is finished (RECEIVED, FAILED or SKIPPED), 0..100.
create or replace function eligibility.eligibility_sweep_run_progress_percent(r eligibility.eligibility_sweep_run)
  returns numeric language sql stable as $$
  select case when r.total_members = 0 then case when eligibility_private.sweep_run_terminal(r.status) then 100 else 0 end
              else round(100.0 * (r.received_count + r.failed_count + r.skipped_count) / r.total_members, 1) end
$$;

grant execute on function eligibility.fn_start_sweep(uuid), eligibility.fn_start_adhoc_sweep(uuid, integer, integer, uuid[]),
  eligibility.fn_refire_sweep_run(uuid, integer), eligibility.fn_cancel_sweep_run(uuid), eligibility.fn_rerun_failed(uuid),
  eligibility.eligibility_sweep_run_progress_percent(eligibility.eligibility_sweep_run) to rcm_visitor;

comment on function eligibility.fn_start_sweep(uuid) is 'Starts a run of a sweep schedule now (QUEUED, its job enqueued). At most one run of a tenant sweeps at a time; others wait their turn. Needs eligibility.update.';
comment on function eligibility.fn_start_adhoc_sweep(uuid, integer, integer, uuid[]) is 'Starts an ad-hoc sweep of a payer''s members with visits in a day window, without a schedule. Needs eligibility.update.';
comment on function eligibility.fn_refire_sweep_run(uuid, integer) is 'Re-enqueues the job of a run that stopped making progress (its worker died); a live run is never re-fired. Needs eligibility.update.';
comment on function eligibility.fn_cancel_sweep_run(uuid) is 'Cancels a run: its QUEUED members are SKIPPED (Cancelled by operator); answers already on their way are still recorded. Needs eligibility.update.';
comment on function eligibility.fn_rerun_failed(uuid) is 'Starts a new run of the FAILED members of a finished run. Needs eligibility.update.';
comment on function eligibility.eligibility_sweep_run_progress_percent(eligibility.eligibility_sweep_run) is 'Share of the run''s members that reached a final state, 0 to 100.';
