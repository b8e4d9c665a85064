-- A feed's date (YYYY-MM-DD) as a date, or null when it is not a real calendar date. Plain SQL
-- (no exception block), so that validating a chunk of rows costs no subtransaction per row.
create or replace function ingestion_private.parse_date(value text) returns date
  language sql immutable parallel safe
  as $$
  select case when value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
    case when substr(value, 1, 4)::int >= 1 and substr(value, 6, 2)::int between 1 and 12 then
      case when substr(value, 9, 2)::int between 1
                and extract(day from make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1) + interval '1 month - 1 day')::int
        then make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, substr(value, 9, 2)::int) end end end
$$;
