-- GET /batches/:id/records of a batch made from an artifact: the first `page_size` rows after
-- `after_row` that the worker has not yet applied and made records (see
-- fn_create_batch_from_artifact), with the idempotency key they will have. The caller's tenant
-- only, with ingestion.read (as its one caller, ingestion.fn_list_batch_records, checks too: the
-- rows hold patient data); artifact_row itself is private.
create or replace function ingestion_private.unrecorded_artifact_rows(batch_id uuid, after_row integer, page_size integer)
  returns table (row_number integer, idempotency_key text, data jsonb)
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$
  select a.row_number,
         ingestion_private.idempotency_key(a.data, b.idempotency_key_fields),
         a.data
  from ingestion.batch b
  join ingestion_private.artifact_row a on a.tenant_id = b.tenant_id and a.artifact_id = b.artifact_id
  where b.tenant_id = core.current_tenant_id() and core.has_permission('ingestion.read')
    and b.id = unrecorded_artifact_rows.batch_id and b.artifact_rows_unrecorded > 0
    and a.row_number > coalesce(after_row, 0)
    and not exists (select from ingestion.batch_record r where r.tenant_id = b.tenant_id and r.batch_id = b.id and r.row_number = a.row_number)
  order by a.row_number
  limit page_size
$$;
grant execute on function ingestion_private.unrecorded_artifact_rows(uuid, integer, integer) to rcm_visitor;
