-- The refresh contract of the materialized views: REFRESH ... CONCURRENTLY (readers keep reading
-- the previous data), one refresh of a group at a time (a second caller is told it is running,
-- it does not wait), and each refresh logged in ops.view_refresh with its duration and each
-- tenant's row count per view.
create or replace function billing_private.refresh_view_group(p_group text, p_views text[], p_actor text) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
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
  foreach v_view in array p_views loop
    v_view_started := clock_timestamp();
    execute format('refresh materialized view concurrently %s', v_view);
    v_durations := v_durations || jsonb_build_object(v_view, round(extract(epoch from clock_timestamp() - v_view_started) * 1000));
  end loop;
  v_ms := round(extract(epoch from clock_timestamp() - v_started) * 1000);

  execute format(
    $sql$with counts as (%s)
    insert into ops.view_refresh (tenant_id, refresh_id, view_group, started_at, finished_at, duration_ms, row_counts, requested_by)
    select t.id, $1, $2, $3, clock_timestamp(), $4,
           (select jsonb_object_agg(v, coalesce((select c.n from counts c where c.tenant_id = t.id and c.view_name = v), 0)) from unnest($5::text[]) v),
           $6
    from core.tenant t$sql$,
    (select string_agg(format('select tenant_id, %L as view_name, count(*) as n from %s group by tenant_id', v, v), ' union all ') from unnest(p_views) v))
  using v_refresh_id, p_group, v_started, v_ms, p_views, p_actor;
  foreach v_view in array p_views loop
    execute format('select count(*) from %s', v_view) into v_rows;
    v_totals := v_totals || jsonb_build_object(v_view, v_rows);
  end loop;
  return jsonb_build_object('status', 'REFRESHED', 'viewGroup', p_group, 'refreshId', v_refresh_id, 'startedAt', v_started,
                            'durationMs', v_ms, 'viewDurationsMs', v_durations, 'rowCounts', v_totals);
end $$;
