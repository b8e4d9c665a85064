-- GET /batches/:id/records?status=ERROR: a batch's records in row order, paged by row number
-- (after_row_number: the nextAfter of the previous page), with error_detail.
create or replace function ingestion.fn_list_batch_records(batch_id uuid, status text default null, after_row_number integer default 0, page_size integer default 100)
  returns json
  language plpgsql stable
  as $$
#variable_conflict use_column
declare
  v_batch ingestion.batch;
  v_records json;
  v_last integer;
  v_count integer;
begin
  perform core.assert_permission('ingestion.read');
  if fn_list_batch_records.status is not null and fn_list_batch_records.status not in ('PENDING', 'SUCCESS', 'ERROR') then
    raise exception 'status must be one of PENDING, SUCCESS, ERROR; got %', fn_list_batch_records.status using errcode = '22023';
  end if;
  if page_size is null or page_size not between 1 and 1000 then
    raise exception 'limit must be between 1 and 1000, got %', page_size using errcode = '22023';
  end if;
  select b.* into v_batch from ingestion.batch b where b.tenant_id = core.current_tenant_id() and b.id = fn_list_batch_records.batch_id;
  if v_batch.id is null then
    raise exception 'batch % not found', fn_list_batch_records.batch_id using errcode = 'P0002';
  end if;
  select coalesce(json_agg(json_build_object(
           'rowNumber', r.row_number, 'status', r.status, 'attempts', r.attempts, 'skippedDuplicate', r.skipped_duplicate,
           'idempotencyKey', r.idempotency_key, 'errorDetail', r.error_detail, 'processedAt', r.processed_at, 'data', r.data) order by r.row_number), '[]'::json),
         max(r.row_number), count(*)
    into v_records, v_last, v_count
  from (
    -- ERROR rows through their index (error_detail is set exactly on them); the others through the
    -- primary key from after_row_number on.
    select r.row_number, r.status, r.attempts, r.skipped_duplicate, r.idempotency_key, r.error_detail, r.processed_at, r.data
    from ingestion.batch_record r
    where r.tenant_id = v_batch.tenant_id and r.batch_id = v_batch.id
      and fn_list_batch_records.status = 'ERROR' and r.error_detail is not null
      and r.row_number > coalesce(after_row_number, 0)
    union all
    select r.row_number, r.status, r.attempts, r.skipped_duplicate, r.idempotency_key, r.error_detail, r.processed_at, r.data
    from ingestion.batch_record r
    where r.tenant_id = v_batch.tenant_id and r.batch_id = v_batch.id
      and fn_list_batch_records.status is distinct from 'ERROR'
      and (fn_list_batch_records.status is null or r.status = fn_list_batch_records.status)
      and r.row_number > coalesce(after_row_number, 0)
    union all
    -- A batch made from an artifact: its rows the worker has not yet applied (and made records).
    select u.row_number, 'PENDING', 0, false, u.idempotency_key, null::jsonb, null::timestamptz, u.data
    from ingestion_private.unrecorded_artifact_rows(v_batch.id, after_row_number, page_size) u
    where coalesce(fn_list_batch_records.status, 'PENDING') = 'PENDING'
    union all
    -- A POST /batches received in slices: the records of the slices not yet applied.
    select u.row_number, 'PENDING', 0, false, u.idempotency_key, null::jsonb, null::timestamptz, u.data
    from ingestion_private.unapplied_received_records(v_batch.id, after_row_number, page_size) u
    where coalesce(fn_list_batch_records.status, 'PENDING') = 'PENDING'
    order by row_number limit page_size
  ) r;
  return json_build_object('batchId', fn_list_batch_records.batch_id, 'status', fn_list_batch_records.status, 'records', v_records,
    'nextAfter', case when v_count = page_size then v_last end);
end $$;
grant execute on function ingestion.fn_list_batch_records(uuid, text, integer, integer) to rcm_visitor;

comment on function ingestion.fn_list_batch_records(uuid, text, integer, integer) is 'A batch''s records in row order, optionally of one status, paged by row number, with their error details. Needs ingestion.read.';
