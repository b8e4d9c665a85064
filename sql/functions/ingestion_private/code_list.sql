-- A list field of a feed (Modifiers, IcdCodes): a JSON array of strings, or one string separated
-- by commas, semicolons, bars or spaces. Upper-cased, blanks dropped; absent is empty; null when
-- the value is neither (a number, an object).
create or replace function ingestion_private.code_list(value jsonb) returns text[]
  language sql immutable parallel safe
  as $$
  select case
    when value is null or jsonb_typeof(value) = 'null' then '{}'::text[]
    when jsonb_typeof(value) = 'array' then array(select upper(btrim(e)) from jsonb_array_elements_text(value) e where btrim(e) <> '')
    when jsonb_typeof(value) = 'string' then array(select upper(t) from regexp_split_to_table(btrim(value #>> '{}'), '[\s,;|]+') t where t <> '')
  end
$$;
