-- POST /batches/:id/retry (psql: select ingestion.fn_retry_batch('<id>')): every ERROR row back
-- to PENDING and a process-batch job enqueued; they become SUCCESS on the next tick once the
-- upstream cause is fixed. Requeued rows keep their attempts count. With no ERROR row the
-- answer says so: nothing to retry, inspect error_detail.
create or replace function ingestion.fn_retry_batch(batch_id uuid) returns json
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_requeued integer;
  v_batch ingestion.batch;
begin
  perform core.assert_permission('ingestion.update');
  v_batch := ingestion_private.tenant_batch(fn_retry_batch.batch_id, true);
  if v_batch.status = 'RECEIVING' then
    raise exception 'batch % is still being received; retry its ERROR rows once the upload has finished', v_batch.id using errcode = '55000';
  end if;
  with requeued as (
    update ingestion.batch_record r set status = 'PENDING', error_detail = null, processed_at = null
    where r.tenant_id = v_tenant and r.batch_id = fn_retry_batch.batch_id and r.error_detail is not null -- the ERROR rows, by their index
    returning 1
  ), tally as (select count(*)::integer as n from requeued)
  update ingestion.batch b set error = b.error - t.n, processed = b.processed - t.n, pending = b.pending + t.n,
    status = case when t.n > 0 then 'PENDING' else b.status end,
    held_reason = case when t.n > 0 then null else b.held_reason end,
    completed_at = case when t.n > 0 then null else b.completed_at end
  from tally t where b.tenant_id = v_tenant and b.id = fn_retry_batch.batch_id
  returning t.n into v_requeued;
  if v_requeued > 0 then
    v_batch := ingestion_private.fn_schedule_batch(fn_retry_batch.batch_id);
  else
    select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = fn_retry_batch.batch_id;
  end if;
  return json_build_object(
    'batchId', v_batch.id,
    'requeued', v_requeued,
    'status', v_batch.status,
    'message', case
      when v_requeued > 0 and v_batch.status = 'HELD' then format('%s ERROR %s requeued; the batch is HELD: %s', v_requeued, case when v_requeued = 1 then 'row' else 'rows' end, v_batch.held_reason)
      when v_requeued > 0 then format('%s ERROR %s requeued as PENDING; processed on the next worker tick', v_requeued, case when v_requeued = 1 then 'row' else 'rows' end)
      else 'No ERROR rows to retry: every ERROR row was already retried or none failed. If rows fail again, inspect error_detail (GET /batches/' || v_batch.id || '/records?status=ERROR): the underlying issue persists.'
    end,
    'batch', ingestion.batch_summary(v_batch));
end $$;
grant execute on function ingestion.fn_retry_batch(uuid) to rcm_visitor;

comment on function ingestion.fn_retry_batch(uuid) is 'Puts every ERROR record of a batch back to PENDING and enqueues its processing; says so when there is nothing to retry. Needs ingestion.update.';
