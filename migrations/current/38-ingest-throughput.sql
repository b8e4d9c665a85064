-- ingest16 (issue 16, throughput): apply_chunk marks a chunk's records in its own statement, so the
-- separate marking function goes (sql/functions no longer defines it).
drop function if exists ingestion_private.record_chunk_outcome(uuid, uuid, tid[], integer[], jsonb[], boolean[]);
