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
-- less than the chunk's thousands of rows.
create or replace function ingestion_private.apply_chunk(kind text, batch_id uuid, chunk integer, after_row integer,
                                                         out chunk_processed integer, out chunk_last_row integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_rids tid[];
  v_row_numbers integer[];
  v_errors jsonb[];
  v_applied boolean[];
  v_written bigint;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = apply_chunk.batch_id;
  execute format($sql$
    with checked as materialized (
      select c, coalesce(case when (c).key is null then ingestion_private.missing_key_error((c).data, $5) end, (c).error_detail) as error_detail
      from ingestion_private.%I($1, $2, $3, $4) c
    ), claimed as (
      insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
      select $1, $6, (k.c).key, $2, (k.c).row_number from checked k where k.error_detail is null
      on conflict do nothing
      returning row_number
    ), outcome as (
      select k.c, k.error_detail, a.row_number is not null as applied
      from checked k left join claimed a on a.row_number = (k.c).row_number
    ), written as (
      select ingestion_private.%I($1, array_agg(o.c) filter (where o.applied)) as n from outcome o
    )
    select array_agg((o.c).rid), array_agg((o.c).row_number), array_agg(o.error_detail), array_agg(o.applied), (select w.n from written w)
    from outcome o
  $sql$, 'check_' || kind, 'write_' || kind)
    into v_rids, v_row_numbers, v_errors, v_applied, v_written
    using v_tenant, v_batch.id, chunk, coalesce(after_row, 0), v_batch.idempotency_key_fields, v_batch.feed_id;
  select o.processed, o.last_row into chunk_processed, chunk_last_row
  from ingestion_private.record_chunk_outcome(v_tenant, v_batch.id, v_rids, v_row_numbers, v_errors, v_applied) o;
end $$;
