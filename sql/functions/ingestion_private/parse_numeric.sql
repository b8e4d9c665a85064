-- A feed's decimal number ("12", "12.50", -3) as numeric, or null when it is not one.
create or replace function ingestion_private.parse_numeric(value text) returns numeric
  language sql immutable parallel safe
  as $$ select case when value ~ '^-?[0-9]{1,15}(\.[0-9]{1,6})?$' then value::numeric end $$;
