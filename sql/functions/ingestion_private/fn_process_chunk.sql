-- One tick of the process-batch worker: applies the next chunk of a batch's PENDING records with
-- ingestion_private.apply_chunk (its feed kind's check_<kind> and write_<kind>). While the feed is disabled
-- the batch is HELD and nothing is applied. When the set-based statement fails as a whole (a row
-- the checks did not foresee breaks a constraint), the chunk is applied row by row and the row
-- the database rejects is an ERROR with the database's message (a range of an artifact's rows is
-- first written as PENDING records: record_artifact_range; a received slice of a POST:
-- record_received_slice). A deadlock or serialization
-- failure (two lanes or workers meeting on the same rows) is not the row's fault: it is raised,
-- the chunk rolls back and its job is retried. Takes PENDING records after row after_row (a
-- lane passes the lastRow of its previous chunk; 0 reads the batch from its start). Returns
-- {processed, lastRow, status, pending}; processed 0 with pending > 0 means other workers hold the
-- remaining rows, or they lie before after_row.
create or replace function ingestion_private.fn_process_chunk(batch_id uuid, chunk integer, after_row integer default 0) returns jsonb
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_feed ingestion.feed;
  v_count integer := 0;
  v_last_row integer;
  v_row integer;
  v_one integer;
  v_message text;
  v_state text;
begin
  if chunk is null or chunk < 1 then
    raise exception 'chunk must be a positive number of records, got %', chunk using errcode = '22023';
  end if;
  v_batch := ingestion_private.tenant_batch(fn_process_chunk.batch_id);
  select f.* into v_feed from ingestion.feed f where f.tenant_id = v_tenant and f.id = v_batch.feed_id;
  if v_batch.pending = 0 then
    return jsonb_build_object('processed', 0, 'status', v_batch.status, 'pending', 0, 'kind', v_feed.kind);
  end if;
  if v_feed.jobs_disabled and v_batch.status = 'RECEIVING' then
    -- Held once the upload is closed (fn_close_batch); a HELD batch takes no more records.
    return jsonb_build_object('processed', 0, 'status', v_batch.status, 'pending', v_batch.pending, 'kind', v_feed.kind);
  end if;
  if v_feed.jobs_disabled then
    update ingestion.batch b set status = 'HELD',
      held_reason = coalesce(nullif(btrim(v_feed.jobs_disabled_reason), ''), format('feed %s is disabled (jobs_disabled); its batches resume when it is re-enabled', v_feed.name))
    where b.tenant_id = v_tenant and b.id = v_batch.id
    returning b.* into v_batch;
    return jsonb_build_object('processed', 0, 'status', v_batch.status, 'pending', v_batch.pending, 'kind', v_feed.kind, 'heldReason', v_batch.held_reason);
  end if;
  if v_batch.status = 'HELD' then
    -- The feed was re-enabled while this job waited.
    update ingestion.batch b set status = 'PROCESSING', held_reason = null where b.tenant_id = v_tenant and b.id = v_batch.id;
  end if;

  begin
    select a.chunk_processed, a.chunk_last_row into v_count, v_last_row
    from ingestion_private.apply_chunk(v_feed.kind, v_batch.id, chunk, coalesce(after_row, 0)) a;
  exception when deadlock_detected or serialization_failure then
    raise;
  when others then
    v_count := 0;
    v_last_row := null;
    -- A range of an artifact's rows that failed as a whole becomes PENDING records first (rows
    -- without a key ERROR at once), and the loop below applies the records alone.
    perform ingestion_private.record_artifact_range(v_tenant, v_batch.id, after_row);
    -- A received slice that failed as a whole: the same, and its records may lie before after_row.
    if ingestion_private.record_received_slice(v_tenant, v_batch.id) > 0 then
      after_row := 0;
    end if;
    perform set_config('ingestion.records_only', 'on', true);
    for i in 1..chunk loop
      select r.row_number into v_row from ingestion.batch_record r
      where r.tenant_id = v_tenant and r.batch_id = v_batch.id and r.row_number > coalesce(v_last_row, after_row, 0) and r.status = 'PENDING'
      order by r.row_number limit 1 for update skip locked;
      exit when v_row is null;
      begin
        select a.chunk_processed into v_one from ingestion_private.apply_chunk(v_feed.kind, v_batch.id, 1, v_row - 1) a;
      exception when deadlock_detected or serialization_failure then
        raise;
      when others then
        get stacked diagnostics v_message = message_text, v_state = returned_sqlstate;
        update ingestion.batch_record r set status = 'ERROR', attempts = r.attempts + 1, processed_at = now(),
          error_detail = ingestion_private.row_error(null, 'REJECTED_BY_DATABASE',
            format('the database rejected this row: %s (SQLSTATE %s); fix the value it names and retry', v_message, v_state), null)
        where r.tenant_id = v_tenant and r.batch_id = v_batch.id and r.row_number = v_row;
        perform ingestion_private.move_batch_counters(v_tenant, v_batch.id, 1, 0, 1, 0, true);
      end;
      v_count := v_count + 1;
      v_last_row := v_row;
      v_row := null;
    end loop;
    perform set_config('ingestion.records_only', '', true);
  end;
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = v_batch.id;
  return jsonb_build_object('processed', v_count, 'lastRow', v_last_row, 'status', v_batch.status, 'pending', v_batch.pending, 'kind', v_feed.kind,
    'success', v_batch.success, 'error', v_batch.error, 'skippedDuplicates', v_batch.skipped_duplicates);
end $$;
