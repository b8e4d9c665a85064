-- The end of every kind's apply step: marks the chunk's records SUCCESS or ERROR and moves the
-- batch counters by the same amounts, in one statement, so that they always tie out. Called in the
-- transaction of the apply function, with the outcome of each record it locked. Returns how many
-- records were marked and the last row number among them (where the lane goes on from).
create or replace function ingestion_private.record_chunk_outcome(
  p_tenant uuid, p_batch uuid, p_rids tid[], p_row_numbers integer[], p_errors jsonb[], p_applied boolean[],
  out processed integer, out last_row integer
)
  language sql volatile
  set search_path = pg_catalog, public
  -- The chunk's rows by ctid, one TID lookup each. Costed as random reads, 5,000 of them look
  -- dearer than a sequential scan of a batch_record table under ~500,000 rows, and the planner
  -- scanned the whole table (every batch of every tenant) once per chunk: 7 us per record at
  -- 200,000 rows.
  set enable_seqscan = off
  as $$
  with outcome as (
    select * from unnest(p_rids, p_row_numbers, p_errors, p_applied) o(rid, row_number, error_detail, applied)
  ), marked as (
    update ingestion.batch_record r set
      status = case when o.error_detail is null then 'SUCCESS' else 'ERROR' end,
      error_detail = o.error_detail,
      skipped_duplicate = o.error_detail is null and not o.applied,
      attempts = r.attempts + 1,
      processed_at = now()
    from outcome o
    -- The rows the apply function locked, by ctid alone: a condition on the batch's key would let
    -- the planner walk the whole batch for each chunk.
    where r.ctid = o.rid and r.row_number = o.row_number
    returning r.status, r.skipped_duplicate, r.row_number
  ), tally as (
    select count(*)::integer as n, (count(*) filter (where status = 'SUCCESS'))::integer as ok,
           (count(*) filter (where status = 'ERROR'))::integer as bad, (count(*) filter (where skipped_duplicate))::integer as dup,
           max(row_number) as last_row
    from marked
  )
  -- An empty chunk (a lane waiting for an upload's next slice) leaves the batch row alone.
  select t.n, t.last_row from tally t, ingestion_private.move_batch_counters(p_tenant, p_batch, t.n, t.ok, t.bad, t.dup, true) moved;
$$;
