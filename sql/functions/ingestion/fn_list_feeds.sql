-- GET /feeds.
create or replace function ingestion.fn_list_feeds() returns json
  language plpgsql stable
  as $$
begin
  perform core.assert_permission('ingestion.read');
  return (select coalesce(json_agg(ingestion_private.feed_json(f) order by f.name), '[]'::json)
          from ingestion.feed f where f.tenant_id = core.current_tenant_id());
end $$;
grant execute on function ingestion.fn_list_feeds() to rcm_visitor;

comment on function ingestion.fn_list_feeds() is 'The caller''s feeds with their kind and whether their jobs are disabled. Needs ingestion.read.';
