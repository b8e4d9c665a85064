-- How the parent checks' messages name a parent row: its key without the tenant ('0190...' for
-- (tenant_id, id); 'id 0190..., member_id 0190..., payer_id 0190...' for a longer key).
create or replace function core_private.parent_key_text(p_row jsonb, p_key_columns text) returns text
  language sql immutable
  set search_path = pg_catalog, public
  as $$
  select case when count(*) = 1 then min(p_row ->> k) else string_agg(format('%s %s', k, p_row ->> k), ', ' order by o) end
  from unnest(string_to_array(p_key_columns, ',')) with ordinality as u(k, o)
  where k <> 'tenant_id'
$$;
revoke all on function core_private.parent_key_text(jsonb, text) from public;
