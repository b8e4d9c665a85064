-- Parent checks, parent side, on delete: what the foreign key's ON DELETE did for children that
-- core_private.tg__children_name_their_parent checks. Declared by each parent table in the
-- migration that declares its children's checks:
--   after delete ... referencing old table as old_rows for each statement
-- TG_ARGV:
--   [0] the child table                                        ('billing.claim_line')
--   [1] the child's columns naming the parent, tenant_id first ('tenant_id,claim_id')
--   [2] the parent's key columns, in the same order            ('tenant_id,id')
--   [3] 'cascade': the children go with their parent; 'restrict': a parent still named by a child
--       is not deleted (NO ACTION: checked after the statement, so a statement deleting both passes)
-- The SQL is built once per statement; the child table needs an index led by those columns, and
-- is probed through it (enable_seqscan off: statistics taken while the child table was empty
-- would otherwise make the planner scan all of it).
-- Security definer: it sees and deletes every child whoever deletes, as a foreign key does past RLS.
create or replace function core_private.tg__parent_deletes_its_children() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  set enable_seqscan = off
  as $$
declare
  v_child regclass := tg_argv[0]::regclass;
  v_match text;
  v_named jsonb;
begin
  select string_agg(format('c.%I = o.%I', k.c, k.p), ' and ') into v_match
  from unnest(string_to_array(tg_argv[1], ','), string_to_array(tg_argv[2], ',')) as k(c, p);
  if tg_argv[3] = 'cascade' then
    execute format('delete from %s c using old_rows o where %s', v_child, v_match);
    return null;
  elsif tg_argv[3] is distinct from 'restrict' then
    raise exception 'core_private.tg__parent_deletes_its_children on %.%: TG_ARGV[3] must be cascade or restrict', tg_table_schema, tg_table_name
      using errcode = '22023';
  end if;
  execute format('select to_jsonb(o) from old_rows o where exists (select from %s c where %s) limit 1', v_child, v_match) into v_named;
  if v_named is not null then
    raise exception '%.% % is named by % (%): it cannot be deleted while it is',
      tg_table_schema, tg_table_name, core_private.parent_key_text(v_named, tg_argv[2]), v_child, tg_argv[1]
      using errcode = '23503', schema = tg_table_schema, table = tg_table_name;
  end if;
  return null;
end $$;
revoke all on function core_private.tg__parent_deletes_its_children() from public;
