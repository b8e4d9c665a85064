-- Moves a batch's counters and status by records that were just processed (or, while a batch is
-- received, written as ERROR rows at once): the one statement every writer of record outcomes
-- calls, in the same transaction as the records' own change, so that total = processed + pending
-- and processed = success + error hold at every commit (the batch's CHECK constraints refuse
-- anything else). p_started stamps started_at on the first processing; receiving does not.
-- Processing nothing leaves the batch row alone.
create or replace function ingestion_private.move_batch_counters(
  p_tenant uuid, p_batch uuid, p_processed integer, p_success integer, p_error integer, p_skipped integer, p_started boolean
) returns void
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  update ingestion.batch b set
    pending = b.pending - p_processed, processed = b.processed + p_processed,
    success = b.success + p_success, error = b.error + p_error, skipped_duplicates = b.skipped_duplicates + p_skipped,
    status = ingestion_private.next_status(b.status, b.pending - p_processed, b.error + p_error),
    started_at = case when p_started then coalesce(b.started_at, now()) else b.started_at end,
    completed_at = case when ingestion_private.next_status(b.status, b.pending - p_processed, b.error + p_error) like 'COMPLETED%' then now() end
  where b.tenant_id = p_tenant and b.id = p_batch and p_processed > 0;
$$;
