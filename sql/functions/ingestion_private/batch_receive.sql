-- POST /batches of more records than one slice: the batch is opened RECEIVING with its declared
-- total (all pending), its records arrive in slices, each committed on its own, and the worker
-- applies what has arrived while the rest is still coming; closing puts the batch where
-- fn_schedule_batch would. Counters tie out throughout: records not yet received are pending.
-- The REST route checks every record before opening, so a slice fails only when the database or
-- the connection does; an upload that stops half-way is finished with the records it has
-- (finish_interrupted_receive, by the route at once or by the stalled-batch cron).

-- Opens the batch: the artifact and key fields are checked as for fn_create_batch.
create or replace function ingestion_private.fn_open_batch(artifact_id uuid, idempotency_key_fields text[], total integer) returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_max integer := coalesce(nullif(current_setting('ingestion.max_records_per_call', true), '')::integer, 100000);
  v_batch ingestion.batch;
  v_jobs_disabled boolean;
begin
  perform core.assert_permission('ingestion.update');
  if total is null or total < 1 or total > v_max then
    raise exception 'a batch holds 1 to % records, got %', v_max, total using errcode = '22023';
  end if;
  v_batch := ingestion_private.fn_new_batch(artifact_id, idempotency_key_fields);
  update ingestion.batch b set status = 'RECEIVING', total = fn_open_batch.total, pending = fn_open_batch.total
  where b.tenant_id = v_tenant and b.id = v_batch.id;
  select f.jobs_disabled into v_jobs_disabled from ingestion.feed f where f.tenant_id = v_tenant and f.id = v_batch.feed_id;
  if not v_jobs_disabled then
    perform ingestion_private.enqueue_process_batch(v_tenant, v_batch.id);
  end if;
  return v_batch.id;
end $$;
grant execute on function ingestion_private.fn_open_batch(uuid, text[], integer) to rcm_visitor;

-- Adds one slice of records to a RECEIVING batch: stored whole, one received_slice row, and
-- applied by a worker later (lock_pending_records takes it, apply_chunk writes its records with
-- their outcome). What the records' table would have refused is refused here, before anything of
-- the slice is kept: an element that is not {rowNumber: positive integer, data: object}, or a row
-- number the batch already has (in this slice, an earlier one or a record). Slices of one batch are
-- received one at a time (an advisory lock on the batch), so that two at once cannot both pass the
-- row number check. A record lacking a key field becomes an ERROR record (MISSING_KEY_FIELD) when
-- its slice is applied. Returns the number of records added.
create or replace function ingestion_private.fn_receive_batch_records(batch_id uuid, records jsonb) returns integer
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_count integer;
  v_distinct integer;
  v_min integer;
  v_max integer;
  v_bad integer;
  v_first integer;
begin
  perform core.assert_permission('ingestion.update');
  v_batch := ingestion_private.tenant_batch(fn_receive_batch_records.batch_id);
  if v_batch.status <> 'RECEIVING' then
    raise exception 'batch % is % and takes no more records', v_batch.id, v_batch.status using errcode = '55000';
  end if;
  if jsonb_typeof(records) is distinct from 'array' or jsonb_array_length(records) = 0 then
    raise exception 'records must be a non-empty array of {rowNumber, data}' using errcode = '22023';
  end if;
  -- One slice of a batch at a time (its row number check and its position); the lanes applying
  -- the batch never take this lock.
  perform pg_advisory_xact_lock(hashtextextended(v_batch.id::text, 72));
  -- A rowNumber that is not an integer fails the cast (22P02), as the records' column did.
  select count(*)::integer, count(distinct n.row_number)::integer, min(n.row_number), max(n.row_number),
         (count(*) filter (where n.row_number is null or n.row_number < 1 or jsonb_typeof(e -> 'data') is distinct from 'object'))::integer
    into v_count, v_distinct, v_min, v_max, v_bad
  from jsonb_array_elements(records) e
  cross join lateral (select (e ->> 'rowNumber')::integer as row_number offset 0) n;
  if v_bad > 0 then
    raise exception 'records: % of the slice''s % elements are not {rowNumber: positive integer, data: object}', v_bad, v_count using errcode = '22023';
  end if;
  if v_distinct < v_count then
    raise exception 'records: a rowNumber appears more than once; row numbers must be unique within a batch' using errcode = '23505';
  end if;
  -- Row numbers the batch already has: only where this slice's range meets an earlier one's.
  if exists (select from ingestion_private.received_slice s
             where s.tenant_id = v_tenant and s.batch_id = v_batch.id and s.min_row_number <= v_max and s.max_row_number >= v_min
               and exists (select from jsonb_array_elements(s.records) o join jsonb_array_elements(records) e on (e ->> 'rowNumber')::integer = (o ->> 'rowNumber')::integer))
     or exists (select from ingestion.batch_record r
                where r.tenant_id = v_tenant and r.batch_id = v_batch.id and r.row_number between v_min and v_max
                  and r.row_number in (select (e ->> 'rowNumber')::integer from jsonb_array_elements(records) e)) then
    raise exception 'records: a rowNumber of this slice was already received for batch %; row numbers must be unique within a batch', v_batch.id using errcode = '23505';
  end if;
  -- Read again under the lock: the slice before this one has committed.
  select b.received_records into v_first from ingestion.batch b where b.tenant_id = v_tenant and b.id = v_batch.id;
  if v_first + v_count > v_batch.total then
    raise exception 'batch % was opened for % records; this slice of % would make %', v_batch.id, v_batch.total, v_count, v_first + v_count
      using errcode = '22023';
  end if;
  -- The slice's position: after every record received so far. updated_at shows the stalled-batch
  -- cron that the upload is alive.
  update ingestion.batch b set received_records = b.received_records + v_count, updated_at = now()
  where b.tenant_id = v_tenant and b.id = v_batch.id
  returning b.received_records - v_count + 1 into v_first;
  insert into ingestion_private.received_slice (tenant_id, batch_id, first_record, record_count, min_row_number, max_row_number, records)
  values (v_tenant, v_batch.id, v_first, v_count, v_min, v_max, records);
  return v_count;
end $$;
grant execute on function ingestion_private.fn_receive_batch_records(uuid, jsonb) to rcm_visitor;

-- Closes the upload: every declared record must have arrived. Returns the batch's summary.
create or replace function ingestion_private.fn_close_batch(batch_id uuid) returns json
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_received integer;
begin
  perform core.assert_permission('ingestion.update');
  v_batch := ingestion_private.tenant_batch(fn_close_batch.batch_id, true);
  v_received := v_batch.received_records;
  if v_received <> v_batch.total then
    raise exception 'batch % received % of its % records', v_batch.id, v_received, v_batch.total using errcode = 'XX000';
  end if;
  if v_batch.status = 'RECEIVING' then
    v_batch := ingestion_private.schedule_batch(v_tenant, v_batch.id);
  end if;
  return ingestion.batch_summary(v_batch);
end $$;
grant execute on function ingestion_private.fn_close_batch(uuid) to rcm_visitor;

-- An upload that stopped half-way: the batch keeps the records it received (total shrinks to
-- them, so the counters tie out and it can complete), says what happened, and is scheduled.
create or replace function ingestion_private.finish_interrupted_receive(p_tenant uuid, p_batch_id uuid, p_why text) returns ingestion.batch
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_batch ingestion.batch;
  v_received integer;
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = p_tenant and b.id = p_batch_id for update;
  if v_batch.id is null or v_batch.status <> 'RECEIVING' then
    return v_batch;
  end if;
  v_received := v_batch.received_records;
  update ingestion.batch b set
    total = v_received, pending = b.pending - (b.total - v_received),
    interrupted_reason = format('the upload stopped after %s of %s records (%s); the %s received are applied. Send the batch again: records already applied are skipped by their idempotency keys.',
                                v_received, b.total, p_why, v_received)
  where b.tenant_id = p_tenant and b.id = p_batch_id;
  return ingestion_private.schedule_batch(p_tenant, p_batch_id);
end $$;

-- The route's call when a slice fails: finishes the batch at once instead of leaving it to the cron.
create or replace function ingestion_private.fn_abandon_receive(batch_id uuid, why text) returns void
  language sql volatile security definer
  set search_path = pg_catalog, public
  as $$
  select from ingestion_private.finish_interrupted_receive(core.current_tenant_id(), batch_id, why)
$$;
grant execute on function ingestion_private.fn_abandon_receive(uuid, text) to rcm_visitor;
