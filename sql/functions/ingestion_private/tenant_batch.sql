-- The caller's tenant's batch, locked against concurrent changes when p_lock, or P0002 "batch
-- not found" (a 404 through the API); another tenant's batch is not found either.
create or replace function ingestion_private.tenant_batch(p_batch_id uuid, p_lock boolean default false) returns ingestion.batch
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_batch ingestion.batch;
begin
  if p_lock then
    select b.* into v_batch from ingestion.batch b where b.tenant_id = core.current_tenant_id() and b.id = p_batch_id for update;
  else
    select b.* into v_batch from ingestion.batch b where b.tenant_id = core.current_tenant_id() and b.id = p_batch_id;
  end if;
  if v_batch.id is null then
    raise exception 'batch % not found', p_batch_id using errcode = 'P0002';
  end if;
  return v_batch;
end $$;
