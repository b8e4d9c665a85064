-- The idempotency key of a record: the tuple of its idempotencyKeyFields values (trimmed), as the
-- text of a text[]; null when one of them is missing or blank.
create or replace function ingestion_private.idempotency_key(data jsonb, fields text[]) returns text
  language sql immutable parallel safe
  as $$
  select case when bool_and(nullif(btrim(data ->> f), '') is not null) then array_agg(btrim(data ->> f) order by i)::text end
  from unnest(fields) with ordinality u(f, i)
$$;

-- The error of a record whose key cannot be built, naming the first missing field.
create or replace function ingestion_private.missing_key_error(data jsonb, fields text[]) returns jsonb
  language sql immutable parallel safe
  as $$
  select ingestion_private.row_error(f, 'MISSING_KEY_FIELD',
    format('%s is one of the batch''s idempotencyKeyFields (%s) and is missing or blank; send it, or choose key fields every row has', f, array_to_string(fields, ', ')),
    data ->> f)
  from unnest(fields) with ordinality u(f, i)
  where nullif(btrim(data ->> f), '') is null
  order by i
  limit 1
$$;
