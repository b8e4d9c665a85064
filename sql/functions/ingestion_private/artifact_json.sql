-- An artifact as the REST API shows it.
create or replace function ingestion_private.artifact_json(a ingestion.artifact) returns json
  language sql stable
  as $$
  select json_build_object('id', a.id, 'feedId', a.feed_id, 'feed', f.name, 'kind', f.kind, 'fileName', a.file_name, 'contentType', a.content_type,
    'format', a.format, 'status', a.status, 'sizeBytes', a.size_bytes, 'sha256', a.sha256, 'rowCount', a.row_count, 'duplicateOf', a.duplicate_of,
    'createdAt', a.created_at, 'receivedAt', a.received_at)
  from ingestion.feed f where f.tenant_id = a.tenant_id and f.id = a.feed_id
$$;
grant execute on function ingestion_private.artifact_json(ingestion.artifact) to rcm_visitor;
