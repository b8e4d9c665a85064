-- The intake work queue: fed at the end of every run from its exceptions (FAILED, and SKIPPED
-- for no coverage) and from coverage anomalies of its visits; one open item per problem
-- (dedup_key), so the next sweep that finds it again only bumps last_seen_at and seen_count.
create or replace function eligibility_private.fn_feed_intake_queue(p_tenant_id uuid, p_sweep_run_id uuid)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  touched integer;
begin
  with problems as (
    select 'SWEEP_EXCEPTION' as source,
           'exception:' || m.member_id || ':' || m.service_date as dedup_key,
           case when m.status = 'SKIPPED' then 'NO_ACTIVE_COVERAGE' else 'ELIGIBILITY_FAILED' end as kind,
           m.member_id, m.service_event_id, null::uuid as payer_id, m.service_date, m.failure_reason as reason
    from eligibility.sweep_run_member m
    where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id
      and (m.status = 'FAILED' or (m.status = 'SKIPPED' and m.failure_reason = eligibility_private.sweep_skip_reason('no_coverage')))
    union all
    select 'COVERAGE_ANOMALY', 'anomaly:' || a.service_event_id || ':' || a.coverage_policy_id || ':' || a.kind,
           a.kind, a.member_id, a.service_event_id, a.payer_id, a.service_date, a.detail
    from eligibility.coverage_anomaly a
    where a.tenant_id = p_tenant_id and a.sweep_run_id = p_sweep_run_id
  )
  insert into eligibility.intake_work_item as w (tenant_id, source, dedup_key, kind, member_id, service_event_id, payer_id, service_date, sweep_run_id, reason)
  select p_tenant_id, source, dedup_key, kind, member_id, service_event_id, payer_id, service_date, p_sweep_run_id, reason from problems
  on conflict (tenant_id, dedup_key) where status <> 'RESOLVED'
  do update set last_seen_at = now(), seen_count = w.seen_count + case when w.sweep_run_id is distinct from excluded.sweep_run_id then 1 else 0 end,
                reason = excluded.reason, sweep_run_id = excluded.sweep_run_id;
  get diagnostics touched = row_count;
  return touched;
end $$;

create or replace function eligibility.fn_assign_intake_work_item(work_item_id uuid, assignee text default null)
  returns eligibility.intake_work_item language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  item eligibility.intake_work_item;
begin
  perform core.assert_permission('eligibility.update');
  update eligibility.intake_work_item w set status = 'ASSIGNED', assigned_to = coalesce(nullif(trim(assignee), ''), core.current_user_id())
  where w.tenant_id = core.current_tenant_id() and w.id = work_item_id and w.status <> 'RESOLVED'
  returning * into item;
  if item.id is null then
    if exists (select 1 from eligibility.intake_work_item w where w.tenant_id = core.current_tenant_id() and w.id = work_item_id) then
      raise exception 'intake work item % is already resolved', work_item_id using errcode = '55000';
    end if;
    raise exception 'intake work item % not found', work_item_id using errcode = 'P0002';
  end if;
  return item;
end $$;

create or replace function eligibility.fn_resolve_intake_work_item(work_item_id uuid, note text)
  returns eligibility.intake_work_item language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  item eligibility.intake_work_item;
begin
  perform core.assert_permission('eligibility.update');
  if note is null or trim(note) = '' then
    raise exception 'note is required to resolve an intake work item (say what was fixed)' using errcode = '22023';
  end if;
  update eligibility.intake_work_item w set status = 'RESOLVED', resolved_at = now(), resolved_by = core.current_user_id(), resolution_note = trim(note)
  where w.tenant_id = core.current_tenant_id() and w.id = work_item_id and w.status <> 'RESOLVED'
  returning * into item;
  if item.id is null then
    if exists (select 1 from eligibility.intake_work_item w where w.tenant_id = core.current_tenant_id() and w.id = work_item_id) then
      raise exception 'intake work item % is already resolved', work_item_id using errcode = '55000';
    end if;
    raise exception 'intake work item % not found', work_item_id using errcode = 'P0002';
  end if;
  return item;
end $$;

grant execute on function eligibility.fn_assign_intake_work_item(uuid, text), eligibility.fn_resolve_intake_work_item(uuid, text) to rcm_visitor;

comment on function eligibility.fn_assign_intake_work_item(uuid, text) is 'Assigns an intake work item (a sweep exception or coverage anomaly) to a person. Needs eligibility.update.';
comment on function eligibility.fn_resolve_intake_work_item(uuid, text) is 'Resolves an intake work item with a note saying what was done. Needs eligibility.update.';
