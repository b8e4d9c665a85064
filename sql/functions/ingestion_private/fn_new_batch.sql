-- The batch row for records about to be added (counters zero): checks the artifact (404 when it
-- is not in the caller's tenant) and the idempotency key fields (the feed's when none are given).
create or replace function ingestion_private.fn_new_batch(artifact_id uuid, idempotency_key_fields text[]) returns ingestion.batch
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_artifact ingestion.artifact;
  v_fields text[];
  v_batch ingestion.batch;
begin
  perform core.assert_permission('ingestion.update');
  select a.* into v_artifact from ingestion.artifact a where a.tenant_id = v_tenant and a.id = fn_new_batch.artifact_id;
  if v_artifact.id is null then
    raise exception 'artifact % not found', fn_new_batch.artifact_id using errcode = 'P0002',
      hint = 'Register the file first with POST /artifacts?feed=<feed id or name> and use the id it returns.';
  end if;
  if v_artifact.status <> 'RECEIVED' then
    raise exception 'artifact % is still being received', v_artifact.id using errcode = '55000';
  end if;
  v_fields := coalesce(fn_new_batch.idempotency_key_fields, (select f.idempotency_key_fields from ingestion.feed f where f.tenant_id = v_tenant and f.id = v_artifact.feed_id));
  if cardinality(v_fields) is null or cardinality(v_fields) = 0 or cardinality(v_fields) > 10
     or exists (select 1 from unnest(v_fields) f where f is null or f !~ '^[A-Za-z_][A-Za-z0-9_]{0,62}$') then
    raise exception 'idempotencyKeyFields must be a non-empty array of at most 10 field names (letters, digits, _), got %', coalesce(v_fields::text, 'null')
      using errcode = '22023';
  end if;
  insert into ingestion.batch (tenant_id, feed_id, artifact_id, idempotency_key_fields, total, pending)
  values (v_tenant, v_artifact.feed_id, v_artifact.id, v_fields, 0, 0)
  returning * into v_batch;
  return v_batch;
end $$;
