-- GET /artifacts/:id.
create or replace function ingestion.fn_get_artifact(artifact_id uuid) returns json
  language plpgsql stable
  as $$
#variable_conflict use_column
declare
  v_json json;
begin
  perform core.assert_permission('ingestion.read');
  select ingestion_private.artifact_json(a) into v_json from ingestion.artifact a where a.tenant_id = core.current_tenant_id() and a.id = fn_get_artifact.artifact_id;
  if v_json is null then
    raise exception 'artifact % not found', fn_get_artifact.artifact_id using errcode = 'P0002';
  end if;
  return v_json;
end $$;
grant execute on function ingestion.fn_get_artifact(uuid) to rcm_visitor;

comment on function ingestion.fn_get_artifact(uuid) is 'One artifact (an uploaded file): feed, size, sha256, row count, and the earlier artifact it duplicates, if any. Needs ingestion.read.';
