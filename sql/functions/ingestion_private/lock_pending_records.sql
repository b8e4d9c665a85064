-- The next records of a batch for check_<kind> to check and apply_chunk to apply, with their
-- ctid for the update that marks them:
-- - while slices of a POST /batches wait (received_slice), the first one no worker holds
--   (take_received_slice), with each record's idempotency key and no ctid: apply_chunk writes each
--   as a record with its outcome. `chunk` does not apply: the slices are the POST's.
-- - while rows of the batch's artifact are not yet records (artifact_rows_unrecorded), the next
--   range of them (claim_artifact_range) with their idempotency key and no ctid: apply_chunk
--   writes each as a record with its outcome. `chunk` does not apply: the ranges are the batch's.
-- - otherwise the next `chunk` PENDING records after row `after_row`, locked (FOR UPDATE SKIP
--   LOCKED: rows another worker holds are left to it). There is no index on status (marking a
--   record is a heap-only update, see migration 000008): the primary key is read from after_row
--   on, which the caller's lane moves past the rows it has taken.
-- The transaction setting ingestion.records_only = 'on' skips the artifact's ranges (the
-- row-by-row fallback of fn_process_chunk applies records that already exist).
-- A plpgsql function so that the planner takes its declared ROWS as the chunk's size: with the
-- estimate of a freshly loaded batch (1 row) it would join the chunk's CTEs by nested loops.
create or replace function ingestion_private.lock_pending_records(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns table (row_number integer, data jsonb, key text, rid tid)
  language plpgsql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_batch ingestion.batch;
  v_first integer;
  v_records jsonb;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = lock_pending_records.tenant_id and b.id = lock_pending_records.batch_id;
  if coalesce(current_setting('ingestion.records_only', true), '') <> 'on' then
    v_records := ingestion_private.take_received_slice(v_batch);
    if v_records is not null then
      return query execute format($sql$
        select (e ->> 'rowNumber')::integer, d.data, k.key, null::tid
        from jsonb_array_elements($1) e
        cross join lateral (select e -> 'data' as data offset 0) d
        cross join lateral (select %s as key offset 0) k
      $sql$, ingestion_private.key_expression(v_batch.idempotency_key_fields, 'd.data'))
      using v_records;
      return;
    end if;
  end if;
  if v_batch.artifact_rows_unrecorded > 0 and coalesce(current_setting('ingestion.records_only', true), '') <> 'on' then
    v_first := ingestion_private.claim_artifact_range(v_batch, after_row);
    if v_first is not null then
      return query execute format($sql$
        select a.row_number, a.data, %s, null::tid
        from ingestion_private.artifact_row a
        where a.tenant_id = $1 and a.artifact_id = $2 and a.row_number between $3 and $4
        order by a.row_number
      $sql$, ingestion_private.key_expression(v_batch.idempotency_key_fields, 'a.data'))
      using v_batch.tenant_id, v_batch.artifact_id, v_first, v_first + v_batch.artifact_chunk_rows - 1;
      return;
    end if;
  end if;
  return query
    select r.row_number, r.data, r.idempotency_key, r.ctid
    from ingestion.batch_record r
    where r.tenant_id = lock_pending_records.tenant_id and r.batch_id = lock_pending_records.batch_id
      and r.row_number > coalesce(after_row, 0) and r.status = 'PENDING'
    order by r.row_number
    limit chunk
    for update skip locked;
end $$;

-- The first row of the next range of an artifact batch's rows that no worker holds and that is
-- not yet records, from the range holding row after_row + 1 on; null when there is none. A range
-- is rows k * artifact_chunk_rows + 1 .. (k + 1) * artifact_chunk_rows of the artifact, taken
-- whole by one transaction: it holds the lock of the range's first artifact_row until it commits
-- (SKIP LOCKED passes a range another lane holds), and it writes every row of the range as a
-- record, so the range's first record says whether the range is done.
create or replace function ingestion_private.claim_artifact_range(p_batch ingestion.batch, after_row integer) returns integer
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_rows integer;
  v_first integer;
begin
  select a.row_count into v_rows from ingestion.artifact a where a.tenant_id = p_batch.tenant_id and a.id = p_batch.artifact_id;
  for v_range in (greatest(coalesce(after_row, 0), 0) / p_batch.artifact_chunk_rows) .. ((v_rows - 1) / p_batch.artifact_chunk_rows) loop
    v_first := v_range * p_batch.artifact_chunk_rows + 1;
    -- A range already recorded stays so (records go only with their batch): passed without a lock.
    continue when exists (select from ingestion.batch_record r where r.tenant_id = p_batch.tenant_id and r.batch_id = p_batch.id and r.row_number = v_first);
    perform from ingestion_private.artifact_row a
    where a.tenant_id = p_batch.tenant_id and a.artifact_id = p_batch.artifact_id and a.row_number = v_first
    for no key update skip locked;
    continue when not found;
    -- Again, in a statement of its own, so that its snapshot is taken after the lock: a
    -- transaction that made this range records committed before it let the lock go, and is seen here.
    if not exists (select from ingestion.batch_record r where r.tenant_id = p_batch.tenant_id and r.batch_id = p_batch.id and r.row_number = v_first) then
      return v_first;
    end if;
  end loop;
  return null;
end $$;

-- fn_process_chunk's fallback when a range failed as a whole: the next range becomes PENDING
-- records (a record without an idempotency key an ERROR at once, with the counters), which the
-- row-by-row fallback then applies. Returns the number of records written.
create or replace function ingestion_private.record_artifact_range(p_tenant uuid, p_batch_id uuid, after_row integer) returns integer
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_batch ingestion.batch;
  v_first integer;
  v_added integer;
  v_bad integer;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = p_tenant and b.id = p_batch_id;
  if not v_batch.artifact_rows_unrecorded > 0 then
    return 0;
  end if;
  v_first := ingestion_private.claim_artifact_range(v_batch, after_row);
  if v_first is null then
    return 0;
  end if;
  execute format($sql$
    with added as (
      insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status, error_detail)
      select $1, $2, a.row_number, a.data, k.key,
             case when k.key is null then 'ERROR' else 'PENDING' end,
             case when k.key is null then ingestion_private.missing_key_error(a.data, $5) end
      from ingestion_private.artifact_row a
      cross join lateral (select %s as key offset 0) k
      where a.tenant_id = $1 and a.artifact_id = $3 and a.row_number between $4 and $4 + $6 - 1
      returning status
    )
    select count(*)::integer, (count(*) filter (where status = 'ERROR'))::integer from added
  $sql$, ingestion_private.key_expression(v_batch.idempotency_key_fields, 'a.data'))
  into v_added, v_bad
  using p_tenant, p_batch_id, v_batch.artifact_id, v_first, v_batch.idempotency_key_fields, v_batch.artifact_chunk_rows;
  update ingestion.batch b set artifact_rows_unrecorded = b.artifact_rows_unrecorded - v_added
  where b.tenant_id = p_tenant and b.id = p_batch_id;
  perform ingestion_private.move_batch_counters(p_tenant, p_batch_id, v_bad, 0, v_bad, 0, true);
  return v_added;
end $$;

-- The first received slice of a batch that no other worker holds, deleted and handed out as its
-- records ([{rowNumber, data}]); null when there is none. The delete commits with the records
-- apply_chunk writes from it, so a slice is either waiting or records, and a worker that dies
-- mid-slice leaves it whole (SKIP LOCKED passes a slice another lane holds).
create or replace function ingestion_private.take_received_slice(p_batch ingestion.batch) returns jsonb
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  delete from ingestion_private.received_slice s
  where (s.tenant_id, s.batch_id, s.first_record) = (
    select w.tenant_id, w.batch_id, w.first_record from ingestion_private.received_slice w
    where w.tenant_id = p_batch.tenant_id and w.batch_id = p_batch.id
    order by w.first_record
    limit 1
    for update skip locked)
  returning s.records
$$;

-- fn_process_chunk's fallback when a received slice failed as a whole: its records become PENDING
-- records (a record without an idempotency key an ERROR at once, with the counters), which the
-- row-by-row fallback then applies. Returns the number of records written.
create or replace function ingestion_private.record_received_slice(p_tenant uuid, p_batch_id uuid) returns integer
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_batch ingestion.batch;
  v_records jsonb;
  v_added integer;
  v_bad integer;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = p_tenant and b.id = p_batch_id;
  v_records := ingestion_private.take_received_slice(v_batch);
  if v_records is null then
    return 0;
  end if;
  select a.added, a.bad into v_added, v_bad
  from ingestion_private.add_batch_records(p_tenant, p_batch_id, v_batch.idempotency_key_fields, v_records) a;
  perform ingestion_private.move_batch_counters(p_tenant, p_batch_id, v_bad, 0, v_bad, 0, true);
  return v_added;
end $$;
