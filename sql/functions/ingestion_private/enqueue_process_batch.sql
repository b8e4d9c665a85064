-- The process-batch job of a batch, on its feed's queue (batches of one feed run one at a time, in
-- order; other feeds and the tenant's sweeps and claims jobs do not wait), in the caller's
-- transaction. The job_key makes a second enqueue replace a waiting job (or, when the job is
-- running, add one that runs after it, as graphile-worker does for a locked job).
create or replace function ingestion_private.enqueue_process_batch(p_tenant uuid, p_batch_id uuid) returns void
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  select from graphile_worker.add_job(
    'ingestion/process-batch',
    json_build_object('tenantId', p_tenant, 'batchId', p_batch_id),
    queue_name => core_private.job_queue(p_tenant, 'feed:' || (select b.feed_id from ingestion.batch b where b.tenant_id = p_tenant and b.id = p_batch_id)),
    job_key => 'ingestion/process-batch:' || p_batch_id,
    max_attempts => 25)
$$;
