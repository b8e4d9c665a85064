-- Applies up to `chunk` PENDING records of a batch after row after_row in one transaction, the
-- same steps for every feed kind: check_<kind> locks the records (SKIP LOCKED lets two workers
-- share a batch) and maps and checks each (first failing check wins); a record whose idempotency
-- key cannot be built is an error naming the missing field; a valid record claims its key
-- (applied_key's primary key decides: a key the feed already applied is SUCCESS without a second
-- write); write_<kind> upserts the records that claimed their key; every record is marked SUCCESS
-- or ERROR and the batch counters move by the same amounts, so they tie out at every commit.
-- Returns how many records it processed and the last of their row numbers.
-- A new feed kind is a row type <kind's row> (row_number, rid, key, data, error_detail, then its
-- values; see migration 77), check_<kind>(tenant, batch, chunk, after_row) returning its rows, and
-- write_<kind>(tenant, rows[]).
-- The kind's functions are named in a dynamic statement: planned once per chunk, which costs far
-- less than the chunk's thousands of rows. Checking, claiming, writing and marking are that one
-- statement: the chunk's outcome is not carried out of it in arrays to a second one, and the key
-- claims go in key order, so consecutive inserts land on the same pages of applied_key's index.
-- enable_seqscan = off: the chunk's records are marked by ctid, one TID lookup each. Costed as
-- random reads, 5,000 of them look dearer than a sequential scan of a batch_record table under
-- ~500,000 rows, and the planner scanned the whole table (every batch of every tenant) once per
-- chunk: 7 us per record at 200,000 rows. The kinds' lookups are by their tenant's unique keys,
-- which an index answers as well.
create or replace function ingestion_private.apply_chunk(kind text, batch_id uuid, chunk integer, after_row integer,
                                                         out chunk_processed integer, out chunk_last_row integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  set enable_seqscan = off
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_success integer;
  v_error integer;
  v_skipped integer;
  v_written bigint;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = apply_chunk.batch_id;
  execute format($sql$
    with checked as materialized (
      select c as r, c.row_number, c.rid, c.key,
             coalesce(case when c.key is null then ingestion_private.missing_key_error(c.data, $5) end, c.error_detail) as error_detail
      from ingestion_private.%I($1, $2, $3, $4) c
    ), claimed as (
      insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
      select $1, $6, k.key, $2, k.row_number from checked k where k.error_detail is null
      order by k.key
      on conflict do nothing
      returning row_number
    ), outcome as (
      select k.r, k.rid, k.row_number, k.error_detail, a.row_number is not null as applied
      from checked k left join claimed a on a.row_number = k.row_number
    ), written as (
      select ingestion_private.%I($1, array_agg(o.r) filter (where o.applied)) as n from outcome o
    ), marked as (
      update ingestion.batch_record r set
        status = case when o.error_detail is null then 'SUCCESS' else 'ERROR' end,
        error_detail = o.error_detail,
        skipped_duplicate = o.error_detail is null and not o.applied,
        attempts = r.attempts + 1,
        processed_at = now()
      from outcome o
      -- The rows check_<kind> locked, by ctid alone: a condition on the batch's key would let
      -- the planner walk the whole batch for each chunk.
      where r.ctid = o.rid and r.row_number = o.row_number
      returning r.status, r.skipped_duplicate, r.row_number
    )
    select count(*)::integer, (count(*) filter (where m.status = 'SUCCESS'))::integer, (count(*) filter (where m.status = 'ERROR'))::integer,
           (count(*) filter (where m.skipped_duplicate))::integer, max(m.row_number), (select w.n from written w)
    from marked m
  $sql$, 'check_' || kind, 'write_' || kind)
    into chunk_processed, v_success, v_error, v_skipped, chunk_last_row, v_written
    using v_tenant, v_batch.id, chunk, coalesce(after_row, 0), v_batch.idempotency_key_fields, v_batch.feed_id;
  -- An empty chunk (a lane waiting for an upload's next slice) leaves the batch row alone.
  perform ingestion_private.move_batch_counters(v_tenant, v_batch.id, chunk_processed, v_success, v_error, v_skipped, true);
end $$;
