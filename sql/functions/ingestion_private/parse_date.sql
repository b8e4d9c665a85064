-- A feed's date (YYYY-MM-DD) as a date, or null when it is not a real calendar date. No regex and
-- no exception block: called for every record of a chunk, with its argument evaluated once (an
-- inlined SQL function would evaluate the caller's expression at each of its references).
create or replace function ingestion_private.parse_date(value text) returns date
  language plpgsql immutable parallel safe
  as $$
declare
  y integer;
  m integer;
  d integer;
begin
  if length(value) <> 10 or substr(value, 5, 1) <> '-' or substr(value, 8, 1) <> '-'
     or translate(value, '0123456789', '') <> '--' then
    return null;
  end if;
  y := substr(value, 1, 4)::integer;
  m := substr(value, 6, 2)::integer;
  d := substr(value, 9, 2)::integer;
  if y < 1 or m not between 1 and 12 or d < 1
     or d > (case when m in (4, 6, 9, 11) then 30
                  when m = 2 then (case when y % 4 = 0 and (y % 100 <> 0 or y % 400 = 0) then 29 else 28 end)
                  else 31 end) then
    return null;
  end if;
  return make_date(y, m, d);
end $$;
