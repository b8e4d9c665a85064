-- SELECT billing_private.fn_request_view_refresh(); -- asks for the refresh the nightly job does
-- (claims/refresh-views: the recon and reporting views, for every tenant at once) after new money
-- data, e.g. 835s a poll just posted. Within rcm.view_refresh_min_interval (default 60 s) of the
-- last refresh of the reporting views, the job waits until that interval has passed; requests
-- while one is waiting join it (one job key, its run time kept), and a request while the refresh
-- runs queues one more after it (graphile-worker does not replace a running job). The job itself
-- joins a refresh already running (billing_private.refresh_view_group answers ALREADY_RUNNING).
-- Returns when the refresh will run.
create or replace function billing_private.fn_request_view_refresh() returns timestamptz
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_min_interval interval := coalesce(nullif(current_setting('rcm.view_refresh_min_interval', true), ''), '60 seconds')::interval;
  v_last timestamptz;
  v_run_at timestamptz;
begin
  select max(r.finished_at) into v_last from ops.view_refresh r where r.view_group = 'reporting';
  select j.run_at into v_run_at from graphile_worker.add_job('claims/refresh-views', '{}'::json,
    run_at => greatest(now(), coalesce(v_last + v_min_interval, now())),
    max_attempts => 1::smallint, job_key => 'claims/refresh-views:requested', job_key_mode => 'preserve_run_at') j;
  return v_run_at;
end $$;
