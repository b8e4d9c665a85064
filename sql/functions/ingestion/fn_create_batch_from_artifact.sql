-- POST /artifacts/:id/batches: a batch of every row of a received artifact, set-based (a
-- 1,000,000-row file never leaves the database). A file received twice (duplicate_of) is refused
-- unless allow_duplicate: its rows would only be skipped as already applied.
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
  execute format($sql$
    with added as (
      insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status, error_detail)
      select $1, $2, r.row_number, r.data, k.key,
             case when k.key is null then 'ERROR' else 'PENDING' end,
             case when k.key is null then ingestion_private.missing_key_error(r.data, $4) end
      from ingestion_private.artifact_row r
      -- offset 0: the key is computed once a row, not at each of its three references
      cross join lateral (select %s as key offset 0) k
      where r.tenant_id = $1 and r.artifact_id = $3
      returning status
    ), tally as (
      select count(*)::integer as n, (count(*) filter (where status = 'ERROR'))::integer as bad from added
    )
    update ingestion.batch b set total = t.n, pending = t.n - t.bad, processed = t.bad, error = t.bad
    from tally t where b.tenant_id = $1 and b.id = $2
  $sql$, ingestion_private.key_expression(v_batch.idempotency_key_fields, 'r.data'))
  using v_tenant, v_batch.id, v_artifact.id, v_batch.idempotency_key_fields;
  return ingestion_private.fn_schedule_batch(v_batch.id);
end $$;
grant execute on function ingestion.fn_create_batch_from_artifact(uuid, text[], boolean) to rcm_visitor;

comment on function ingestion.fn_create_batch_from_artifact(uuid, text[], boolean) is 'Creates a batch of every row of a received artifact (CSV or JSON lines); a file received before is refused unless allow_duplicate. Needs ingestion.update.';
