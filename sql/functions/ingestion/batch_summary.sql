-- GraphQL Batch.summary and the body of GET /batches/:id: status (with the reason when HELD, and
-- what happened when its upload was interrupted),
-- counters, timestamps and the top error codes.
create or replace function ingestion.batch_summary(b ingestion.batch) returns json
  language sql stable
  as $$
  select json_build_object(
    'id', b.id,
    'status', b.status,
    'heldReason', b.held_reason,
    'interruptedReason', b.interrupted_reason,
    'total', b.total,
    'processed', b.processed,
    'success', b.success,
    'error', b.error,
    'pending', b.pending,
    'skippedDuplicates', b.skipped_duplicates,
    'createdAt', b.created_at,
    'updatedAt', b.updated_at,
    'startedAt', b.started_at,
    'completedAt', b.completed_at,
    'topErrorCodes', ingestion.batch_top_error_codes(b),
    'feedId', b.feed_id,
    'feed', f.name,
    'kind', f.kind,
    'artifactId', b.artifact_id,
    'idempotencyKeyFields', b.idempotency_key_fields)
  from ingestion.feed f
  where f.tenant_id = b.tenant_id and f.id = b.feed_id
$$;
grant execute on function ingestion.batch_summary(ingestion.batch) to rcm_visitor;

comment on function ingestion.batch_summary(ingestion.batch) is 'The batch as GET /batches/:id shows it: status (with the reason when HELD), counters that tie out, timestamps and top error codes.';
