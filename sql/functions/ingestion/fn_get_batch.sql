-- GET /batches/:id (psql: select ingestion.fn_get_batch('<id>')).
create or replace function ingestion.fn_get_batch(batch_id uuid) returns json
  language plpgsql stable
  as $$
#variable_conflict use_column
declare
  v_summary json;
begin
  perform core.assert_permission('ingestion.read');
  select ingestion.batch_summary(b) into v_summary from ingestion.batch b where b.tenant_id = core.current_tenant_id() and b.id = fn_get_batch.batch_id;
  if v_summary is null then
    raise exception 'batch % not found', fn_get_batch.batch_id using errcode = 'P0002';
  end if;
  return v_summary;
end $$;
grant execute on function ingestion.fn_get_batch(uuid) to rcm_visitor;

comment on function ingestion.fn_get_batch(uuid) is 'One batch as GET /batches/:id shows it. Needs ingestion.read.';
