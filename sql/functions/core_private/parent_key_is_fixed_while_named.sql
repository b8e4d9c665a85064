-- Parent checks, parent side, on update: a parent row still named by a child never changes the key
-- the child names it by (the foreign key's NO ACTION on update). Declared by each parent table:
--   after update of <key columns> ... for each row when (<they changed>)
-- ("update of" fires only when a statement sets one of those columns: ordinary updates cost nothing.)
-- TG_ARGV: [0] the child table, [1] the child's columns naming the parent (tenant_id first),
-- [2] the parent's key columns in the same order. enable_seqscan off, as for the child side: the
-- child is probed through the index its columns lead, whatever statistics say.
create or replace function core_private.tg__parent_key_is_fixed_while_named() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  set enable_seqscan = off
  as $$
declare
  v_key text[] := string_to_array(tg_argv[2], ',');
  v_named boolean;
begin
  if (select bool_and(to_jsonb(old) -> k is not distinct from to_jsonb(new) -> k) from unnest(v_key) k) then
    return null;
  end if;
  execute format('select exists (select from %s c where %s)', tg_argv[0]::regclass,
                 (select string_agg(format('c.%I = ($1).%I', k.c, k.p), ' and ') from unnest(string_to_array(tg_argv[1], ','), v_key) as k(c, p)))
    into v_named using old;
  if v_named then
    raise exception '%.% % is named by % (%): its % never change while it is',
      tg_table_schema, tg_table_name, core_private.parent_key_text(to_jsonb(old), tg_argv[2]), tg_argv[0]::regclass, tg_argv[1], array_to_string(v_key, ', ')
      using errcode = '23503', schema = tg_table_schema, table = tg_table_name;
  end if;
  return null;
end $$;
revoke all on function core_private.tg__parent_key_is_fixed_while_named() from public;
