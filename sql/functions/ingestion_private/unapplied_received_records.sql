-- GET /batches/:id/records of a POST /batches received in slices: the first `page_size` records
-- after `after_row` of the slices no worker has applied yet (they are not yet records; see
-- fn_receive_batch_records), with the idempotency key they will have. The caller's tenant only, with
-- ingestion.read (as its one caller, ingestion.fn_list_batch_records, checks too: the records hold
-- patient data); received_slice itself is private.
create or replace function ingestion_private.unapplied_received_records(batch_id uuid, after_row integer, page_size integer)
  returns table (row_number integer, idempotency_key text, data jsonb)
  language sql stable security definer
  set search_path = pg_catalog, public
  as $$
  select n.row_number,
         ingestion_private.idempotency_key(n.data, b.idempotency_key_fields),
         n.data
  from ingestion.batch b
  join ingestion_private.received_slice s on s.tenant_id = b.tenant_id and s.batch_id = b.id
  cross join lateral (select (e ->> 'rowNumber')::integer as row_number, e -> 'data' as data from jsonb_array_elements(s.records) e) n
  where b.tenant_id = core.current_tenant_id() and core.has_permission('ingestion.read') and b.id = unapplied_received_records.batch_id
    and s.max_row_number > coalesce(after_row, 0)
    and n.row_number > coalesce(after_row, 0)
  order by n.row_number
  limit page_size
$$;
grant execute on function ingestion_private.unapplied_received_records(uuid, integer, integer) to rcm_visitor;
