-- Applies up to `chunk` PENDING records of a batch after row after_row in one transaction, the
-- same steps for every feed kind: check_<kind> locks the records (SKIP LOCKED lets two workers
-- share a batch) and maps and checks each (first failing check wins); a record whose idempotency
-- key cannot be built is an error naming the missing field; a valid record claims its key
-- (applied_key's primary key decides: a key the feed already applied is SUCCESS without a second
-- write); write_<kind> upserts the records that claimed their key; every record is marked SUCCESS
-- or ERROR and the batch counters move by the same amounts, so they tie out at every commit.
-- Returns how many records it processed and the last of their row numbers.
-- A batch made from an artifact: check_<kind> gives the next range of the artifact's rows that
-- are not yet records (lock_pending_records), and they are written as records with their outcome
-- here, in the same statement (instead of being copied in PENDING when the batch was made, then
-- locked and marked).
-- A POST /batches received in slices: check_<kind> gives the next received slice's records
-- (lock_pending_records), and they too are written as records with their outcome here.
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
  v_recorded integer;
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
      select k.r, k.rid, k.row_number, k.key, k.error_detail, a.row_number is not null as applied
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
    ), recorded as (
      -- Rows of the batch's artifact or of a received slice (no ctid: not yet records) become
      -- records with their outcome.
      insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status, error_detail, skipped_duplicate, attempts, processed_at)
      select $1, $2, o.row_number, (o.r).data, o.key, case when o.error_detail is null then 'SUCCESS' else 'ERROR' end, o.error_detail,
             o.error_detail is null and not o.applied, 1, now()
      from outcome o where o.rid is null
      returning status, skipped_duplicate, row_number
    ), done as (
      select m.status, m.skipped_duplicate, m.row_number from marked m
      union all
      select d.status, d.skipped_duplicate, d.row_number from recorded d
    )
    select count(*)::integer, (count(*) filter (where m.status = 'SUCCESS'))::integer, (count(*) filter (where m.status = 'ERROR'))::integer,
           (count(*) filter (where m.skipped_duplicate))::integer, max(m.row_number), (select w.n from written w),
           (select count(*)::integer from recorded)
    from done m
  $sql$, 'check_' || kind, 'write_' || kind)
    into chunk_processed, v_success, v_error, v_skipped, chunk_last_row, v_written, v_recorded
    using v_tenant, v_batch.id, chunk, coalesce(after_row, 0), v_batch.idempotency_key_fields, v_batch.feed_id;
  -- Before the counters: the rows made records leave the pending rows the artifact still holds
  -- (records written from a POST's received slice: the slice is gone already).
  if v_recorded > 0 and v_batch.artifact_chunk_rows is not null then
    update ingestion.batch b set artifact_rows_unrecorded = b.artifact_rows_unrecorded - v_recorded
    where b.tenant_id = v_tenant and b.id = v_batch.id;
  end if;
  -- An empty chunk (a lane waiting for an upload's next slice) leaves the batch row alone.
  perform ingestion_private.move_batch_counters(v_tenant, v_batch.id, chunk_processed, v_success, v_error, v_skipped, true);
end $$;
