-- The three steps of POST /artifacts, called by the REST route in one transaction while it
-- streams the file: begin (the artifact row, RECEIVING), append (rows in slices of a few
-- thousand, as parsed), finish (size, sha256, row count; flags a file this feed received
-- before). Granted to rcm_visitor; not part of the GraphQL API (private schema).
create or replace function ingestion_private.fn_begin_artifact(feed text, file_name text, content_type text, format text) returns uuid
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_feed_id uuid;
  v_id uuid;
begin
  perform core.assert_permission('ingestion.update');
  select f.id into v_feed_id from ingestion.feed f
  where f.tenant_id = v_tenant
    and (f.name = fn_begin_artifact.feed or (fn_begin_artifact.feed ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' and f.id = fn_begin_artifact.feed::uuid));
  if v_feed_id is null then
    raise exception 'feed % not found', coalesce(fn_begin_artifact.feed, '(none)') using errcode = 'P0002',
      hint = 'Name a feed of this tenant by id or name: ?feed=<id or name> (GET /feeds lists them).';
  end if;
  insert into ingestion.artifact (tenant_id, feed_id, file_name, content_type, format)
  values (v_tenant, v_feed_id, fn_begin_artifact.file_name, fn_begin_artifact.content_type, fn_begin_artifact.format)
  returning id into v_id;
  return v_id;
end $$;
grant execute on function ingestion_private.fn_begin_artifact(text, text, text, text) to rcm_visitor;

-- rows: a JSON array of objects, numbered from first_row_number.
create or replace function ingestion_private.fn_append_artifact_rows(artifact_id uuid, first_row_number integer, rows jsonb) returns integer
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_count integer;
begin
  perform core.assert_permission('ingestion.update');
  perform 1 from ingestion.artifact a where a.tenant_id = v_tenant and a.id = fn_append_artifact_rows.artifact_id and a.status = 'RECEIVING';
  if not found then
    raise exception 'artifact % is not being received', fn_append_artifact_rows.artifact_id using errcode = '55000';
  end if;
  insert into ingestion_private.artifact_row (tenant_id, artifact_id, row_number, data)
  select v_tenant, fn_append_artifact_rows.artifact_id, first_row_number + (e.i - 1)::integer, e.d
  from jsonb_array_elements(rows) with ordinality e(d, i);
  get diagnostics v_count = row_count;
  return v_count;
end $$;
grant execute on function ingestion_private.fn_append_artifact_rows(uuid, integer, jsonb) to rcm_visitor;

create or replace function ingestion_private.fn_finish_artifact(artifact_id uuid, size_bytes bigint, sha256 text) returns json
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_artifact ingestion.artifact;
begin
  perform core.assert_permission('ingestion.update');
  update ingestion.artifact a set
    status = 'RECEIVED', size_bytes = fn_finish_artifact.size_bytes, sha256 = lower(fn_finish_artifact.sha256), received_at = now(),
    row_count = (select count(*) from ingestion_private.artifact_row r where r.tenant_id = v_tenant and r.artifact_id = a.id),
    duplicate_of = (select o.id from ingestion.artifact o
                    where o.tenant_id = v_tenant and o.feed_id = a.feed_id and o.sha256 = lower(fn_finish_artifact.sha256) and o.id <> a.id and o.status = 'RECEIVED'
                    order by o.created_at, o.id limit 1)
  where a.tenant_id = v_tenant and a.id = fn_finish_artifact.artifact_id and a.status = 'RECEIVING'
  returning a.* into v_artifact;
  if v_artifact.id is null then
    raise exception 'artifact % is not being received', fn_finish_artifact.artifact_id using errcode = '55000';
  end if;
  return ingestion_private.artifact_json(v_artifact);
end $$;
grant execute on function ingestion_private.fn_finish_artifact(uuid, bigint, text) to rcm_visitor;
