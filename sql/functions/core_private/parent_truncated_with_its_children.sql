-- Parent checks, parent side, on truncate: a parent table is truncated only together with the
-- child tables that name it (the foreign key refused a TRUNCATE without them). Declared by each
-- parent table: after truncate ... for each statement, so that one TRUNCATE of parent and children
-- passes (the children are empty by then). TG_ARGV: [0] the child table.
create or replace function core_private.tg__parent_truncated_with_its_children() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_child regclass := tg_argv[0]::regclass;
  v_named boolean;
begin
  execute format('select exists (select from %s)', v_child) into v_named;
  if v_named then
    raise exception '%.% is truncated only together with % (its rows name %.%): truncate them in one statement',
      tg_table_schema, tg_table_name, v_child, tg_table_schema, tg_table_name
      using errcode = '23503', schema = tg_table_schema, table = tg_table_name;
  end if;
  return null;
end $$;
revoke all on function core_private.tg__parent_truncated_with_its_children() from public;
