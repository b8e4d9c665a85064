-- A feed as the REST API shows it.
create or replace function ingestion_private.feed_json(f ingestion.feed) returns json
  language sql stable
  as $$
  select json_build_object('id', f.id, 'name', f.name, 'kind', f.kind, 'idempotencyKeyFields', f.idempotency_key_fields,
    'jobsDisabled', f.jobs_disabled, 'jobsDisabledReason', f.jobs_disabled_reason, 'createdAt', f.created_at, 'updatedAt', f.updated_at)
$$;
grant execute on function ingestion_private.feed_json(ingestion.feed) to rcm_visitor;
