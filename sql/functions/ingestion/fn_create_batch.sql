-- POST /batches, GraphQL fnCreateBatch, psql: a batch of records [{rowNumber, data}] of the
-- artifact's feed. Nothing is written unless every record is well-formed (rowNumber a unique
-- positive integer, data an object). A record without one of the idempotency key fields is an
-- ERROR row, not a rejected batch. At most ingestion.max_records_per_call records (larger inputs
-- go through artifacts).
create or replace function ingestion.fn_create_batch(artifact_id uuid, records jsonb, idempotency_key_fields text[] default null)
  returns ingestion.batch
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_max integer := coalesce(nullif(current_setting('ingestion.max_records_per_call', true), '')::integer, 100000);
  v_batch ingestion.batch;
  v_bad record;
  v_added integer;
  v_bad_rows integer;
begin
  perform core.assert_permission('ingestion.update');
  if records is null or jsonb_typeof(records) <> 'array' or jsonb_array_length(records) = 0 then
    raise exception 'records must be a non-empty array of {rowNumber, data}' using errcode = '22023';
  end if;
  if jsonb_array_length(records) > v_max then
    raise exception 'records has % entries; at most % per call (send larger files as an artifact: POST /artifacts, then POST /artifacts/:id/batches)',
      jsonb_array_length(records), v_max using errcode = '54000';
  end if;
  v_batch := ingestion_private.fn_new_batch(artifact_id, idempotency_key_fields);
  begin
    select a.added, a.bad into v_added, v_bad_rows
    from ingestion_private.add_batch_records(v_tenant, v_batch.id, v_batch.idempotency_key_fields, records) a;
    update ingestion.batch b set total = v_added, pending = v_added - v_bad_rows, processed = v_bad_rows, error = v_bad_rows
    where b.tenant_id = v_tenant and b.id = v_batch.id;
  exception when unique_violation or not_null_violation or check_violation or invalid_text_representation or numeric_value_out_of_range
                 or invalid_parameter_value then
    select e.i, e.r into v_bad
    from jsonb_array_elements(records) with ordinality e(r, i)
    where jsonb_typeof(e.r) <> 'object'
       or jsonb_typeof(e.r -> 'rowNumber') is distinct from 'number' or (e.r ->> 'rowNumber') !~ '^[0-9]{1,10}$'
       or (e.r ->> 'rowNumber')::bigint not between 1 and 2147483647
       or jsonb_typeof(e.r -> 'data') is distinct from 'object'
    order by e.i limit 1;
    if v_bad.i is not null then
      -- The record's shape, not its values: its data is a member's (PHI).
      raise exception 'records[%] must be {"rowNumber": <positive integer>, "data": {...}}, got % (rowNumber %, data %)', v_bad.i - 1,
        jsonb_typeof(v_bad.r),
        case when jsonb_typeof(v_bad.r -> 'rowNumber') = 'number' then v_bad.r ->> 'rowNumber' else coalesce(jsonb_typeof(v_bad.r -> 'rowNumber'), 'missing') end,
        coalesce(jsonb_typeof(v_bad.r -> 'data'), 'missing')
        using errcode = '22023';
    end if;
    select (e ->> 'rowNumber')::integer as row_number, count(*) as n into v_bad
    from jsonb_array_elements(records) e group by 1 having count(*) > 1 order by 1 limit 1;
    if v_bad.row_number is not null then
      raise exception 'rowNumber % appears % times; row numbers must be unique within a batch', v_bad.row_number, v_bad.n using errcode = '22023';
    end if;
    raise;
  end;
  return ingestion_private.fn_schedule_batch(v_batch.id);
end $$;
grant execute on function ingestion.fn_create_batch(uuid, jsonb, text[]) to rcm_visitor;

comment on function ingestion.fn_create_batch(uuid, jsonb, text[]) is 'Creates a batch of records [{rowNumber, data}] of an artifact''s feed, with optional idempotency key fields; nothing is written unless every record is well-formed. Needs ingestion.update.';
