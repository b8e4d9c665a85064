-- A feed's decimal number ("12", "12.50", -3) as numeric, or null when it is not one: at most 15
-- digits before the point and 6 after. The length checks stand in for {1,15} and {1,6}, which
-- cost PostgreSQL's regex engine several times more per row than `+`.
create or replace function ingestion_private.parse_numeric(value text) returns numeric
  language plpgsql immutable parallel safe
  as $$
begin
  if value ~ '^-?[0-9]+(\.[0-9]+)?$'
     and length(split_part(ltrim(value, '-'), '.', 1)) <= 15 and length(split_part(value, '.', 2)) <= 6 then
    return value::numeric;
  end if;
  return null;
end $$;
