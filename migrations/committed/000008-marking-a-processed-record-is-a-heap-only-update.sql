--! Previous: sha1:9d806d3ff00ebc8fed7350698d39a1998acc4b4c
--! Hash: sha1:e1b8d885efcbfca3745b9130812b967cd0a9cf03
--! Message: Marking a processed record is a heap-only update

--! split: 1-current.sql
-- Marking a processed record is a heap-only (HOT) update: no index of batch_record depends on a
-- column that processing changes, and each page keeps half its room for the new row versions.
-- Before, the partial indexes on `status` (PENDING, ERROR) made every SUCCESS update write a new
-- index entry and usually a new page: 100,000 records took 1.10-1.12 s to mark, against
-- 0.48-0.64 s now (measured on the same rows, chunks of 5,000).
--  - The worker finds a batch's PENDING rows through the primary key, from the row after the
--    last one its lane took (fn_process_chunk's after_row), instead of a PENDING index.
--  - ERROR rows keep their index, on `error_detail is not null` (the same rows, by the table's
--    error_has_detail check), which a SUCCESS update leaves unchanged.
--  - fillfactor 50 applies to pages written from now on.
alter table ingestion.batch_record set (fillfactor = 50);
drop index if exists ingestion.batch_record_pending;
drop index if exists ingestion.batch_record_errors;
create index batch_record_errors on ingestion.batch_record (tenant_id, batch_id, row_number) where error_detail is not null;

-- New signatures (the lane's cursor, and the chunk's last row back); sql/functions creates them.
drop function if exists ingestion_private.fn_process_chunk(uuid, integer);
drop function if exists ingestion_private.lock_pending_records(uuid, uuid, integer);
drop function if exists ingestion_private.record_chunk_outcome(uuid, uuid, tid[], integer[], jsonb[], boolean[]);
drop function if exists ingestion_private.fn_apply_members(uuid, integer);
drop function if exists ingestion_private.fn_apply_coverage_policies(uuid, integer);
drop function if exists ingestion_private.fn_apply_service_events(uuid, integer);
drop function if exists ingestion_private.fn_apply_charges(uuid, integer);
