--! Previous: sha1:8e2a6b29fa16ae5473d4f3c425fcc54e5b204c9f
--! Hash: sha1:13998edefc097026d142329aafd34fc93a93c83a
--! Message: Received ingestion slices stored compressed

--! split: 75-ingestion-slice-compressed.sql
-- 75-ingestion-slice-compressed: a POST's received slices are stored compressed.
-- Re-runnable: one ALTER that sets what it sets.
--
-- Why: migration 72 stored ingestion_private.received_slice.records uncompressed (storage
-- external), on the reasoning that a slice is read once, seconds after it was written, and
-- deleted. What that did not count is its WAL: every slice is written to the WAL whole before its
-- commit returns, 214 bytes a record of the 1,800 that a 100,000-record POST writes (pg_walinspect,
-- `BENCH_INGEST_TIMELINE_MS=10 npm run bench -- ingestion`), and the lanes applying the batch wait
-- on that WAL (LWLock:WALWrite, the commits' WalSync). Compressed (pglz; this Postgres has no
-- lz4) a slice of the bench's records is 16 bytes a record in the table and in the WAL; storing a
-- 5,000-record slice costs about 1.5 ms more of CPU (21.5-23.5 against 20.5-21.5 ms, parse
-- included), and reading it back no more (0.8-0.9 against 0.8-1.6 ms). Real feeds' values repeat
-- less than the bench's, but every record repeats its field names.
alter table ingestion_private.received_slice alter column records set storage extended;
