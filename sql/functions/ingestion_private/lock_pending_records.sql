-- The next `chunk` PENDING records of a batch after row `after_row`, locked (FOR UPDATE SKIP
-- LOCKED: rows another worker holds are left to it), with their ctid for the update that marks
-- them. There is no index on status (marking a record is a heap-only update, see migration
-- 000008): the primary key is read from after_row on, which the caller's lane moves past the
-- rows it has taken. A plpgsql function so that the planner takes its declared ROWS as the
-- chunk's size: with the estimate of a freshly loaded batch (1 row) it would join the chunk's CTEs
-- by nested loops.
create or replace function ingestion_private.lock_pending_records(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns table (row_number integer, data jsonb, key text, rid tid)
  language plpgsql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
begin
  return query
    select r.row_number, r.data, r.idempotency_key, r.ctid
    from ingestion.batch_record r
    where r.tenant_id = lock_pending_records.tenant_id and r.batch_id = lock_pending_records.batch_id
      and r.row_number > coalesce(after_row, 0) and r.status = 'PENDING'
    order by r.row_number
    limit chunk
    for update skip locked;
end $$;
