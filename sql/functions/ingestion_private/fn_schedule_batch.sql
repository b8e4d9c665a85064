-- Puts a batch where it belongs after records were added or requeued: COMPLETED(_WITH_ERRORS)
-- when nothing is pending, HELD (with the reason) while its feed is disabled, otherwise PENDING
-- with a process-batch job on the tenant's queue (enqueue_process_batch), in the caller's transaction.
create or replace function ingestion_private.schedule_batch(p_tenant uuid, p_batch_id uuid) returns ingestion.batch
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_batch ingestion.batch;
begin
  update ingestion.batch b set
    status = case when b.pending = 0 then case when b.error > 0 then 'COMPLETED_WITH_ERRORS' else 'COMPLETED' end
                  when f.jobs_disabled then 'HELD'
                  else 'PENDING' end,
    held_reason = case when b.pending > 0 and f.jobs_disabled then
      coalesce(nullif(btrim(f.jobs_disabled_reason), ''), format('feed %s is disabled (jobs_disabled); its batches resume when it is re-enabled', f.name)) end,
    completed_at = case when b.pending = 0 then coalesce(b.completed_at, now()) end
  from ingestion.feed f
  where b.tenant_id = p_tenant and b.id = p_batch_id and f.tenant_id = b.tenant_id and f.id = b.feed_id
  returning b.* into v_batch;
  if v_batch.id is null then
    raise exception 'batch % not found', p_batch_id using errcode = 'P0002';
  end if;
  if v_batch.status = 'PENDING' then
    perform ingestion_private.enqueue_process_batch(p_tenant, v_batch.id);
  end if;
  return v_batch;
end $$;

-- The same for the caller's tenant (GraphQL, psql, REST).
create or replace function ingestion_private.fn_schedule_batch(batch_id uuid) returns ingestion.batch
  language sql volatile security definer
  set search_path = pg_catalog, public
  as $$
  select ingestion_private.schedule_batch(core.current_tenant_id(), batch_id)
$$;
