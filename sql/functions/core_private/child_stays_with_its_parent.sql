-- Parent checks, child side, for children that never move: an update that sets the columns naming
-- the parent is refused, instead of checked (ingestion's records and artifact rows, marked by the
-- million: "update of" fires only when a statement sets those columns, so marking costs nothing).
-- Declared by the child table: before update of tenant_id, <parent column> ... for each statement.
-- TG_ARGV: [0] the column naming the parent.
create or replace function core_private.tg__child_stays_with_its_parent() returns trigger
  language plpgsql
  set search_path = pg_catalog, public
  as $$
begin
  raise exception '%.% rows never change tenant_id or their parent''s id (%): write a new row instead', tg_table_schema, tg_table_name, tg_argv[0]
    using errcode = '55000', schema = tg_table_schema, table = tg_table_name;
end $$;
revoke all on function core_private.tg__child_stays_with_its_parent() from public;
