-- Feed admin (PATCH /feeds/:id {jobsDisabled, reason}; psql): disabling a feed HOLDs its batches
-- with the reason; re-enabling resumes them (a process-batch job each).
create or replace function ingestion.fn_set_feed_jobs_disabled(feed_id uuid, jobs_disabled boolean, reason text default null) returns ingestion.feed
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_feed ingestion.feed;
  v_batch_id uuid;
begin
  perform core.assert_permission('ingestion.update');
  if fn_set_feed_jobs_disabled.jobs_disabled is null then
    raise exception 'jobsDisabled must be true or false' using errcode = '22023';
  end if;
  update ingestion.feed f set jobs_disabled = fn_set_feed_jobs_disabled.jobs_disabled,
    jobs_disabled_reason = case when fn_set_feed_jobs_disabled.jobs_disabled then nullif(btrim(reason), '') end
  where f.tenant_id = v_tenant and f.id = fn_set_feed_jobs_disabled.feed_id
  returning f.* into v_feed;
  if v_feed.id is null then
    raise exception 'feed % not found', fn_set_feed_jobs_disabled.feed_id using errcode = 'P0002';
  end if;
  for v_batch_id in
    select b.id from ingestion.batch b
    where b.tenant_id = v_tenant and b.feed_id = v_feed.id and b.pending > 0
      and b.status in (case when v_feed.jobs_disabled then 'PENDING' else 'HELD' end, case when v_feed.jobs_disabled then 'PROCESSING' else 'HELD' end)
    order by b.created_at
  loop
    perform ingestion_private.fn_schedule_batch(v_batch_id);
  end loop;
  return v_feed;
end $$;
grant execute on function ingestion.fn_set_feed_jobs_disabled(uuid, boolean, text) to rcm_visitor;

comment on function ingestion.fn_set_feed_jobs_disabled(uuid, boolean, text) is 'Disables a feed''s processing (its batches are HELD with the reason) or re-enables it (they resume). Needs ingestion.update.';
