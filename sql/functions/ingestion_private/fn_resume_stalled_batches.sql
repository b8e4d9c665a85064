-- Crash recovery (cron, every minute): a batch with PENDING rows that has not moved for
-- `stalled_for` is given back to the workers. When the worker that ran its job died (SIGKILL,
-- power loss), graphile-worker keeps that job and the tenant's queue locked for hours: a job
-- locked for `stalled_for` without progress on its batch (a chunk takes seconds) is presumed
-- dead and its worker's locks are released (graphile_worker.force_unlock_workers), so the job
-- runs again; a batch that lost its job gets a new one. Re-running is safe: committed chunks are
-- done (their rows are no longer PENDING), and a chunk that died uncommitted left nothing behind.
-- A batch still RECEIVING after `stalled_for` lost its upload (the POST's process died): it is
-- finished with the records it received. Returns the number of batches resumed or finished.
create or replace function ingestion_private.fn_resume_stalled_batches(stalled_for interval) returns integer
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_batch record;
  v_count integer := 0;
begin
  for v_batch in
    select b.tenant_id, b.id from ingestion.batch b
    where b.status = 'RECEIVING' and b.updated_at < now() - stalled_for
    order by b.updated_at
  loop
    perform ingestion_private.finish_interrupted_receive(v_batch.tenant_id, v_batch.id,
      format('no records arrived for %s', stalled_for));
    v_count := v_count + 1;
  end loop;
  -- Every job of the batch is looked at, not only the keyed one: when the batch was enqueued
  -- again while its job ran (an upload closed, a resume), graphile-worker took the key off the
  -- running job and gave it to a new one; if the worker running the first then died, that unkeyed
  -- job (found by its payload) kept the feed's queue locked, and the keyed one waited behind it.
  for v_batch in
    select b.tenant_id, b.id,
           exists (select from graphile_worker.jobs j where j.key = 'ingestion/process-batch:' || b.id) as has_job,
           array(select distinct j.locked_by from graphile_worker._private_jobs j
                 where j.payload ->> 'batchId' = b.id::text and j.locked_at < now() - stalled_for) as stale_workers
    from ingestion.batch b
    join ingestion.feed f on f.tenant_id = b.tenant_id and f.id = b.feed_id
    where b.status in ('PENDING', 'PROCESSING') and b.pending > 0 and not f.jobs_disabled and b.updated_at < now() - stalled_for
    order by b.updated_at
  loop
    if cardinality(v_batch.stale_workers) > 0 then
      perform graphile_worker.force_unlock_workers(v_batch.stale_workers);
    end if;
    if not v_batch.has_job then
      perform ingestion_private.enqueue_process_batch(v_batch.tenant_id, v_batch.id);
    end if;
    if cardinality(v_batch.stale_workers) > 0 or not v_batch.has_job then
      v_count := v_count + 1;
    end if;
  end loop;
  return v_count;
end $$;
