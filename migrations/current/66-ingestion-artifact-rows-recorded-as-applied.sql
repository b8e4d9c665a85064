-- ingest45c (issue 16 §4): a batch made from an artifact no longer copies every row of the file
-- into batch_record before the worker may start (7.6 s of one core for 1,000,000 rows, the other
-- core idle). The batch is opened with every row pending; the worker takes the artifact's rows in
-- ranges of artifact_chunk_rows, checks and applies them, and writes each as a record with its
-- outcome in the same statement (ingestion_private.lock_pending_records, apply_chunk).
-- artifact_rows_unrecorded counts the artifact's rows not yet made records (they are pending).
alter table ingestion.batch add column if not exists artifact_rows_unrecorded integer not null default 0;
alter table ingestion.batch add column if not exists artifact_chunk_rows integer;
alter table ingestion.batch drop constraint if exists artifact_rows_unrecorded_are_pending;
alter table ingestion.batch add constraint artifact_rows_unrecorded_are_pending
  check (artifact_rows_unrecorded between 0 and pending and (artifact_rows_unrecorded = 0 or artifact_chunk_rows > 0));
comment on column ingestion.batch.artifact_rows_unrecorded is 'Rows of the artifact not yet checked and applied (pending, not yet records): a batch made from an artifact makes its records as it applies them.';
comment on column ingestion.batch.artifact_chunk_rows is 'The artifact''s rows are applied in ranges of this many (row 1.., each range by one worker at a time).';
