-- GET /batches: the caller's batches, newest first, optionally of one status or feed, paged.
create or replace function ingestion.fn_list_batches(status text default null, feed_id uuid default null, page_size integer default 50, page_offset integer default 0)
  returns jsonb
  language plpgsql stable
  as $$
#variable_conflict use_column
declare
  v_rows jsonb;
begin
  perform core.assert_permission('ingestion.read');
  if fn_list_batches.status is not null and fn_list_batches.status not in ('PENDING', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'HELD') then
    raise exception 'status must be one of PENDING, PROCESSING, COMPLETED, COMPLETED_WITH_ERRORS, HELD; got %', fn_list_batches.status using errcode = '22023';
  end if;
  if page_size is null or page_size not between 1 and 500 then
    raise exception 'limit must be between 1 and 500, got %', page_size using errcode = '22023';
  end if;
  if page_offset is null or page_offset < 0 then
    raise exception 'offset must be 0 or more, got %', page_offset using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(ingestion.batch_summary(b) order by b.created_at desc, b.id), '[]'::jsonb) into v_rows
  from (
    select b.* from ingestion.batch b
    where b.tenant_id = core.current_tenant_id()
      and (fn_list_batches.status is null or b.status = fn_list_batches.status)
      and (fn_list_batches.feed_id is null or b.feed_id = fn_list_batches.feed_id)
    order by b.created_at desc, b.id
    limit page_size + 1 offset page_offset
  ) b;
  return jsonb_build_object(
    'batches', coalesce((select jsonb_agg(x) from (select x from jsonb_array_elements(v_rows) with ordinality e(x, i) where i <= page_size order by i) s), '[]'::jsonb),
    'limit', page_size, 'offset', page_offset,
    'nextOffset', case when jsonb_array_length(v_rows) > page_size then page_offset + page_size end);
end $$;
grant execute on function ingestion.fn_list_batches(text, uuid, integer, integer) to rcm_visitor;
