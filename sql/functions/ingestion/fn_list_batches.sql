-- GET /batches: the caller's batches, newest first, optionally of one status or feed, paged.
create or replace function ingestion.fn_list_batches(status text default null, feed_id uuid default null, page_size integer default 50, page_offset integer default 0)
  returns json
  language plpgsql stable
  as $$
#variable_conflict use_column
declare
  v_rows json;
  v_more boolean;
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
  select coalesce(json_agg(ingestion.batch_summary(x.batch) order by x.n) filter (where x.n <= page_offset + page_size), '[]'::json), coalesce(max(x.n) > page_offset + page_size, false)
    into v_rows, v_more
  from (
    select b as batch, row_number() over (order by b.created_at desc, b.id) as n from ingestion.batch b
    where b.tenant_id = core.current_tenant_id()
      and (fn_list_batches.status is null or b.status = fn_list_batches.status)
      and (fn_list_batches.feed_id is null or b.feed_id = fn_list_batches.feed_id)
    order by b.created_at desc, b.id
    limit page_size + 1 offset page_offset
  ) x;
  return json_build_object('batches', v_rows, 'limit', page_size, 'offset', page_offset, 'nextOffset', case when v_more then page_offset + page_size end);
end $$;
grant execute on function ingestion.fn_list_batches(text, uuid, integer, integer) to rcm_visitor;

comment on function ingestion.fn_list_batches(text, uuid, integer, integer) is 'The caller''s batches, newest first, optionally of one status or feed, paged. Needs ingestion.read.';
