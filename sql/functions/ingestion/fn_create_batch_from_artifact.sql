-- POST /artifacts/:id/batches: a batch of every row of a received artifact (a 1,000,000-row file
-- never leaves the database). The batch opens with every row pending and no record: the worker
-- applies the artifact's rows in ranges of `ingestion.artifact_chunk_rows` (the REST route sets
-- INGEST_CHUNK_SIZE; 5,000 otherwise) and writes each as a record with its outcome
-- (lock_pending_records, apply_chunk), so that it starts at once and no row is written twice.
-- A file received twice (duplicate_of) is refused unless allow_duplicate: its rows would only be
-- skipped as already applied.
create or replace function ingestion.fn_create_batch_from_artifact(artifact_id uuid, idempotency_key_fields text[] default null, allow_duplicate boolean default false)
  returns ingestion.batch
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_artifact ingestion.artifact;
  v_batch ingestion.batch;
begin
  perform core.assert_permission('ingestion.update');
  select a.* into v_artifact from ingestion.artifact a where a.tenant_id = v_tenant and a.id = fn_create_batch_from_artifact.artifact_id;
  if v_artifact.id is not null and v_artifact.duplicate_of is not null and not coalesce(allow_duplicate, false) then
    raise exception 'artifact % has the same content (sha256 %) as artifact % of this feed; its rows were received before',
      v_artifact.id, v_artifact.sha256, v_artifact.duplicate_of
      using errcode = '23505', hint = 'Use the batch of the first artifact, or pass allowDuplicate=true: rows already applied are then skipped.';
  end if;
  if v_artifact.id is not null and v_artifact.row_count = 0 then
    raise exception 'artifact % has no rows', v_artifact.id using errcode = '22023';
  end if;
  v_batch := ingestion_private.fn_new_batch(fn_create_batch_from_artifact.artifact_id, fn_create_batch_from_artifact.idempotency_key_fields);
  -- Every row pending, none copied: the worker makes the records as it applies the rows.
  update ingestion.batch b set total = v_artifact.row_count, pending = v_artifact.row_count,
    artifact_rows_unrecorded = v_artifact.row_count,
    artifact_chunk_rows = coalesce(nullif(current_setting('ingestion.artifact_chunk_rows', true), '')::integer, 5000)
  where b.tenant_id = v_tenant and b.id = v_batch.id;
  return ingestion_private.fn_schedule_batch(v_batch.id);
end $$;
grant execute on function ingestion.fn_create_batch_from_artifact(uuid, text[], boolean) to rcm_visitor;

comment on function ingestion.fn_create_batch_from_artifact(uuid, text[], boolean) is 'Creates a batch of every row of a received artifact (CSV or JSON lines); a file received before is refused unless allow_duplicate. Needs ingestion.update.';
