-- The refresh contract of the materialized views: REFRESH ... CONCURRENTLY (readers keep reading
-- the previous data), one refresh of a group at a time (a second caller is told it is running,
-- it does not wait), and each refresh logged in ops.view_refresh with its duration and each
-- tenant's row count per view.
-- Tenants share the materialized views (they are refreshed whole), so what one tenant's user
-- learns or causes is bounded (issue 13, docs/security.md): every tenant gets a freshness row
-- with its own counts, but only the caller's row names who asked (other tenants' rows:
-- requested_by null); the answer counts the caller's rows only; and an API caller within
-- rcm.view_refresh_min_interval (default 60 s) of the last API-requested refresh of the group
-- gets that refresh back (RECENTLY_REFRESHED) instead of another. Operators (psql, the nightly
-- job: no JWT tenant) are not limited and see totals.
create or replace function billing_private.refresh_view_group(p_group text, p_views text[], p_actor text) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant uuid := core.current_tenant_id();
  -- An API request runs as rcm_visitor (the role setting survives SECURITY DEFINER); a seed or
  -- an operator acting for a tenant (owner with claims) is not rate limited.
  v_api boolean := core.current_tenant_id() is not null and current_setting('role', true) = 'rcm_visitor';
  v_min_interval interval := coalesce(nullif(current_setting('rcm.view_refresh_min_interval', true), ''), '60 seconds')::interval;
  v_last timestamptz;
  v_started timestamptz := clock_timestamp();
  v_view_started timestamptz;
  v_refresh_id uuid := gen_random_uuid();
  v_durations jsonb := '{}';
  v_totals jsonb := '{}';
  v_view text;
  v_rows bigint;
  v_ms int;
begin
  if not pg_try_advisory_xact_lock(hashtextextended('rcm-core:refresh-views:' || p_group, 0)) then
    return jsonb_build_object('status', 'ALREADY_RUNNING', 'viewGroup', p_group,
      'message', format('A refresh of the %s views is already running; readers keep seeing the previous data. Try again when it has finished (see reporting.view_freshness).', p_group));
  end if;
  if v_api then
    select max(r.finished_at) into v_last from ops.view_refresh r where r.view_group = p_group and r.api_request;
    if v_last is not null and v_last + v_min_interval > now() then
      return jsonb_build_object('status', 'RECENTLY_REFRESHED', 'viewGroup', p_group, 'refreshedAt', v_last,
        'nextRefreshAllowedAt', v_last + v_min_interval,
        'message', format('The %s views were refreshed at %s; the next refresh through the API is allowed from %s.', p_group, v_last, v_last + v_min_interval));
    end if;
  end if;
  foreach v_view in array p_views loop
    v_view_started := clock_timestamp();
    execute format('refresh materialized view concurrently %s', v_view);
    v_durations := v_durations || jsonb_build_object(v_view, round(extract(epoch from clock_timestamp() - v_view_started) * 1000));
  end loop;
  v_ms := round(extract(epoch from clock_timestamp() - v_started) * 1000);

  execute format(
    $sql$with counts as (%s)
    insert into ops.view_refresh (tenant_id, refresh_id, view_group, started_at, finished_at, duration_ms, row_counts, requested_by, api_request)
    select t.id, $1, $2, $3, clock_timestamp(), $4,
           (select jsonb_object_agg(v, coalesce((select c.n from counts c where c.tenant_id = t.id and c.view_name = v), 0)) from unnest($5::text[]) v),
           case when $7::uuid is null or t.id = $7 then $6 end, $8
    from core.tenant t$sql$,
    (select string_agg(format('select tenant_id, %L as view_name, count(*) as n from %s group by tenant_id', v, v), ' union all ') from unnest(p_views) v))
  using v_refresh_id, p_group, v_started, v_ms, p_views, p_actor, v_tenant, v_api;
  foreach v_view in array p_views loop
    if v_tenant is null then
      execute format('select count(*) from %s', v_view) into v_rows;
    else
      execute format('select count(*) from %s where tenant_id = $1', v_view) into v_rows using v_tenant;
    end if;
    v_totals := v_totals || jsonb_build_object(v_view, v_rows);
  end loop;
  return jsonb_build_object('status', 'REFRESHED', 'viewGroup', p_group, 'refreshId', v_refresh_id, 'startedAt', v_started,
                            'durationMs', v_ms, 'viewDurationsMs', v_durations, 'rowCounts', v_totals);
end $$;
