-- Parent checks, child side: the rows a statement writes name a parent of their tenant, as a
-- tenant-led foreign key (MATCH SIMPLE) would, checked once per statement instead of once per row.
-- Declared by each child table in a migration (first: 62-parentcheck):
--   after insert ... referencing new table as new_rows for each statement
--   after update of <its columns> ... for each row when (<they changed>)   (the rare re-pointing of a row)
-- TG_ARGV:
--   [0] the child's columns naming the parent, tenant_id first  ('tenant_id,claim_id')
--   [1] the parent table                                         ('billing.claim')
--   [2] the parent's key columns, in the same order             ('tenant_id,id')
--   [3] the child's column that names a row in the message      ('line_number'; '' for none)
--   [4] 'lock': each parent is locked FOR KEY SHARE as a foreign key locks it, so it cannot be
--       deleted or re-keyed until this transaction ends; 'append-only': no lock, the parent can never
--       go away (core_private.tg__rows_are_append_only), and a lock would write each parent row again;
--       'lock-unless-written-here': a parent version this transaction wrote itself (a claim the build
--       inserted, or a 277CA or an 835 moved, before writing its lines, history or acknowledgments)
--       is not locked again: nobody else sees an inserted row, and a delete or re-key of an updated
--       one waits on this transaction's update, then finds the children committed with it, as after
--       a FOR KEY SHARE wait. Locking it again wrote one WAL record and dirtied its page per parent.
--       A version written in a subtransaction (another xid) is locked. xmin is the raw 32-bit id, kept
--       when a row is frozen: a parent frozen 2^32 transactions ago whose id equals this one's would
--       pass as written here and go unlocked; only a delete or re-key of that very parent while this
--       transaction runs could then leave an orphan (claims are never deleted through the API).
--       Used for a claim's lines, history and acknowledgments, whose claim the same transaction
--       has nearly always just written (20-30 ms of a 10,000-charge build slice's 220 ms).
-- A row with a null in those columns names no parent (MATCH SIMPLE). The SQL is built once per
-- statement (once per row for the row-level form) and probes each distinct parent once through its
-- key; enable_seqscan, hash and merge joins off, because statistics taken while the parent table
-- was empty (a new database, a first build) would make the planner scan it for every probe, or
-- read all of it through an index into a hash (seen for an 835's payments on a new database).
-- Without statistics the planner also took another index that merely leads with tenant_id, the
-- smallest (claim_payment's (tenant_id, reversed_by): all nulls, deduplicated, so cheaper to
-- descend), and read every row of the tenant at each probe: in the 835 bench, whose payments
-- start from an empty table, the service-line and adjustment checks cost 40-150 ms an 835 until
-- autoanalyze came (often after the whole run), instead of 2-7 ms. Costing each index entry read
-- at 1 (not 0.005) makes the key's own index, which reads one entry a probe, the cheapest probe
-- once the parent has ~1,000 rows (below that any probe is cheap), whatever the statistics say.
-- Security definer: the check sees every parent whoever writes, as a foreign key does past RLS.
create or replace function core_private.tg__children_name_their_parent() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  set enable_seqscan = off
  set enable_hashjoin = off
  set enable_mergejoin = off
  set cpu_index_tuple_cost = 1
  as $$
declare
  v_child text[] := string_to_array(tg_argv[0], ',');
  v_parent regclass := tg_argv[1]::regclass;
  v_key text[] := string_to_array(tg_argv[2], ',');
  v_label text := nullif(tg_argv[3], '');
  v_source text := case when tg_level = 'ROW' then '(select ($1).*)' else 'new_rows' end;
  v_match text;
  v_present text;
  v_columns text;
  v_wanted bigint;
  v_found bigint;
  v_ours bigint;
  v_locked bigint;
  v_xid xid;
  v_orphan jsonb;
  v_parent_name text;
begin
  if tg_argv[4] is null or tg_argv[4] not in ('lock', 'lock-unless-written-here', 'append-only') then
    raise exception 'core_private.tg__children_name_their_parent on %.%: TG_ARGV[4] must be lock, lock-unless-written-here or append-only', tg_table_schema, tg_table_name
      using errcode = '22023';
  end if;
  select string_agg(format('p.%I = n.%I', k.p, k.c), ' and '), string_agg(format('n.%I is not null', k.c), ' and '), string_agg(format('n.%I', k.c), ', ')
    into v_match, v_present, v_columns
  from unnest(v_child, v_key) as k(c, p);
  if tg_argv[4] = 'lock-unless-written-here' then
    v_xid := pg_current_xact_id()::xid;
    execute format(
      'select count(*), count(l.found), count(l.found) filter (where l.ours) from (select distinct %s from %s n where %s) n
       left join lateral (select true as found, p.xmin = $2 as ours from %s p where %s) l on true',
      v_columns, v_source, v_present, v_parent, v_match)
      into v_wanted, v_found, v_ours using new, v_xid;
    if v_found = v_wanted and v_ours < v_found then
      execute format(
        'select count(*) from (select distinct %s from %s n where %s) n
         join lateral (select from %s p where %s and p.xmin <> $2 for key share of p) l on true',
        v_columns, v_source, v_present, v_parent, v_match)
        into v_locked using new, v_xid;
      v_found := v_ours + v_locked;
    end if;
  else
    execute format(
      'select count(*), count(l.found) from (select distinct %s from %s n where %s) n
       left join lateral (select true as found from %s p where %s %s) l on true',
      v_columns, v_source, v_present, v_parent, v_match, case when tg_argv[4] = 'lock' then 'for key share of p' end)
      into v_wanted, v_found using new;
  end if;
  if v_found = v_wanted then
    return null;
  end if;
  execute format('select to_jsonb(n) from %s n where %s and not exists (select from %s p where %s) limit 1', v_source, v_present, v_parent, v_match)
    into v_orphan using new;
  select c.relname into v_parent_name from pg_class c where c.oid = v_parent;
  v_parent_name := replace(v_parent_name, '_', ' ');
  raise exception '% names %, which is not % % of tenant %',
    tg_table_name || case when v_label is not null then ' ' || (v_orphan ->> v_label) else '' end,
    (select string_agg(format('%s %s', c, coalesce(v_orphan ->> c, 'null')), ' and ') from unnest(v_child[2:]) c),
    case when v_parent_name ~ '^[aeiou]' then 'an' else 'a' end, v_parent_name,
    v_orphan ->> v_child[1]
    using errcode = '23503', schema = tg_table_schema, table = tg_table_name, constraint = tg_name;
end $$;
revoke all on function core_private.tg__children_name_their_parent() from public;
