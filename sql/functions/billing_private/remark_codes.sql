-- The RARCs of an 835 remark list: LQ*HE codes come as strings, MIA/MOA ones as {source, code}.
create or replace function billing_private.remark_codes(remarks jsonb) returns text[]
  language sql immutable parallel safe
  set search_path = pg_catalog, public
  as $$
select coalesce(array_agg(case jsonb_typeof(r) when 'object' then r ->> 'code' else r #>> '{}' end order by o), '{}')
from jsonb_array_elements(case jsonb_typeof(remarks) when 'array' then remarks else '[]' end) with ordinality x(r, o)
$$;
