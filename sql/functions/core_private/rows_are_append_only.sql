-- Parent checks, for append-only parents (a remittance, a payment): their rows are never deleted
-- and the columns their children name them by never change, so the children need no lock on them.
-- Declared by the table: before delete or truncate or update of <those columns> ... for each statement.
-- TG_ARGV: [0] those columns ('tenant_id, id, claim_id'), [1] what to do instead (optional).
create or replace function core_private.tg__rows_are_append_only() returns trigger
  language plpgsql
  set search_path = pg_catalog, public
  as $$
begin
  raise exception '%.% is append-only: a row is never deleted and its % never change%', tg_table_schema, tg_table_name, tg_argv[0],
    coalesce('; ' || nullif(tg_argv[1], ''), '')
    using errcode = '55000', schema = tg_table_schema, table = tg_table_name;
end $$;
revoke all on function core_private.tg__rows_are_append_only() from public;
