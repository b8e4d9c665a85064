-- Inserts records [{rowNumber, data}] into a batch: PENDING, or ERROR when a record lacks one of
-- the batch's idempotency key fields. Returns how many were added and how many of them are ERROR;
-- the caller moves the batch's counters. Malformed records (not an object, a bad or repeated
-- rowNumber, data not an object) fail the statement; the callers name the record.
-- `offset 0` keeps each lateral subquery a step of its own: pulled up, the key expression would be
-- computed at each of its three references and `e -> 'data'` at each of the key's (about 3 us a
-- record, measured with `npm run bench -- ingestion-steps`).
create or replace function ingestion_private.add_batch_records(p_tenant uuid, p_batch_id uuid, p_key_fields text[], p_records jsonb,
                                                               out added integer, out bad integer)
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  execute format($sql$
    with added as (
      insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status, error_detail)
      select $1, $2, (e ->> 'rowNumber')::integer, d.data, k.key,
             case when k.key is null then 'ERROR' else 'PENDING' end,
             case when k.key is null then ingestion_private.missing_key_error(d.data, $4) end
      from jsonb_array_elements($3) e
      cross join lateral (select e -> 'data' as data offset 0) d
      cross join lateral (select %s as key offset 0) k
      returning status
    )
    select count(*)::integer, (count(*) filter (where status = 'ERROR'))::integer from added
  $sql$, ingestion_private.key_expression(p_key_fields, 'd.data'))
  into added, bad
  using p_tenant, p_batch_id, p_records, p_key_fields;
end $$;
