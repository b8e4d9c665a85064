-- GraphQL Batch.topErrorCodes: the most frequent error codes of a batch's ERROR rows, with counts.
create or replace function ingestion.batch_top_error_codes(b ingestion.batch) returns jsonb
  language sql stable
  as $$
  select coalesce(jsonb_agg(jsonb_build_object('code', code, 'count', n) order by n desc, code), '[]'::jsonb)
  from (
    select r.error_detail ->> 'code' as code, count(*)::integer as n
    from ingestion.batch_record r
    -- error_detail is set exactly on ERROR rows (check error_has_detail) and is what their index covers.
    where r.tenant_id = b.tenant_id and r.batch_id = b.id and r.error_detail is not null
    group by 1 order by 2 desc, 1 limit 10
  ) top
$$;
grant execute on function ingestion.batch_top_error_codes(ingestion.batch) to rcm_visitor;

comment on function ingestion.batch_top_error_codes(ingestion.batch) is 'The most frequent error codes among the batch''s ERROR records, with counts.';
