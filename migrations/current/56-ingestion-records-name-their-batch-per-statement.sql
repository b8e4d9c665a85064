-- Ingestion (issue 16, throughput): a received record and an artifact's row name their batch or
-- artifact through a check once per statement instead of a foreign key checked once per row.
-- Records arrive 10,000 a statement (a POST /batches slice) and up to 1,000,000 (a batch of an
-- artifact), all for one batch; the per-row check (a FOR KEY SHARE probe of the same batch row
-- each time) was 6 of the 18 us of Postgres CPU a received record costs (`npm run bench --
-- ingestion-steps`, option_receive_nofk), a third of receiving. As for 835 payments (000012):
-- - after insert, once per statement: every distinct batch (artifact) the new rows name exists in
--   their tenant, and is locked FOR KEY SHARE as the foreign key locked it, so it cannot be deleted
--   or re-keyed under them; security definer, so it sees every batch whoever inserts (the foreign
--   key's check ran past RLS too);
-- - a record never moves to another batch (nor a row to another artifact): an update that sets
--   tenant_id or batch_id (artifact_id) is refused; marking a record sets neither, so it costs nothing;
-- - the parent side: deleting a batch (artifact) deletes its records (rows), as ON DELETE CASCADE
--   did; re-keying one that has records is refused, truncating the parent alone is refused.
-- The API keeps the relation Batch.batchRecords through a smart tag (graphql/tags.json5).
-- Re-runnable: drops what it creates first, then restores nothing it dropped (the constraints go).

drop trigger if exists _050_records_name_their_batch on ingestion.batch_record;
drop trigger if exists _050_record_stays_in_its_batch on ingestion.batch_record;
drop trigger if exists _050_batch_deletes_its_records on ingestion.batch;
drop trigger if exists _050_batch_key_is_fixed on ingestion.batch;
drop trigger if exists _050_batch_truncate_keeps_records on ingestion.batch;
drop trigger if exists _050_rows_name_their_artifact on ingestion_private.artifact_row;
drop trigger if exists _050_row_stays_in_its_artifact on ingestion_private.artifact_row;
drop trigger if exists _050_artifact_deletes_its_rows on ingestion.artifact;
drop trigger if exists _050_artifact_key_is_fixed on ingestion.artifact;
drop trigger if exists _050_artifact_truncate_keeps_rows on ingestion.artifact;
drop function if exists ingestion_private.tg__records_name_their_batch() cascade;
drop function if exists ingestion_private.tg__rows_name_their_artifact() cascade;
drop function if exists ingestion_private.tg__child_stays_with_its_parent() cascade;
drop function if exists ingestion_private.tg__batch_deletes_its_records() cascade;
drop function if exists ingestion_private.tg__artifact_deletes_its_rows() cascade;
drop function if exists ingestion_private.tg__parent_key_is_fixed() cascade;

alter table ingestion.batch_record drop constraint if exists batch_record_tenant_id_batch_id_fkey;
alter table ingestion_private.artifact_row drop constraint if exists artifact_row_tenant_id_artifact_id_fkey;

-- Each check probes the primary key once per distinct parent (a correlated subquery, not an
-- anti-join planned on statistics of an empty table).
create function ingestion_private.tg__records_name_their_batch() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_parents int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*) into v_parents, v_locked
  from (select distinct tenant_id, batch_id from new_rows) n
  left join lateral (select from ingestion.batch b where b.tenant_id = n.tenant_id and b.id = n.batch_id for key share of b) l on true;
  if v_locked <> v_parents then
    select n.tenant_id, n.batch_id, n.row_number into v_orphan from new_rows n
    where not exists (select from ingestion.batch b where b.tenant_id = n.tenant_id and b.id = n.batch_id) limit 1;
    raise exception 'batch_record row % names batch_id %, which is not a batch of tenant %', v_orphan.row_number, v_orphan.batch_id, v_orphan.tenant_id
      using errcode = '23503', table = 'batch_record', schema = 'ingestion';
  end if;
  return null;
end $$;
create trigger _050_records_name_their_batch after insert on ingestion.batch_record
  referencing new table as new_rows for each statement execute function ingestion_private.tg__records_name_their_batch();

create function ingestion_private.tg__rows_name_their_artifact() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_parents int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*) into v_parents, v_locked
  from (select distinct tenant_id, artifact_id from new_rows) n
  left join lateral (select from ingestion.artifact a where a.tenant_id = n.tenant_id and a.id = n.artifact_id for key share of a) l on true;
  if v_locked <> v_parents then
    select n.tenant_id, n.artifact_id, n.row_number into v_orphan from new_rows n
    where not exists (select from ingestion.artifact a where a.tenant_id = n.tenant_id and a.id = n.artifact_id) limit 1;
    raise exception 'artifact_row % names artifact_id %, which is not an artifact of tenant %', v_orphan.row_number, v_orphan.artifact_id, v_orphan.tenant_id
      using errcode = '23503', table = 'artifact_row', schema = 'ingestion_private';
  end if;
  return null;
end $$;
create trigger _050_rows_name_their_artifact after insert on ingestion_private.artifact_row
  referencing new table as new_rows for each statement execute function ingestion_private.tg__rows_name_their_artifact();

-- "update of" fires only when the statement sets the column: marking a record does not.
create function ingestion_private.tg__child_stays_with_its_parent() returns trigger
  language plpgsql as $$
begin
  raise exception '%.% rows never change tenant_id or their parent''s id (%): write a new row instead', tg_table_schema, tg_table_name, tg_argv[0]
    using errcode = '55000';
end $$;
create trigger _050_record_stays_in_its_batch before update of tenant_id, batch_id on ingestion.batch_record
  for each statement execute function ingestion_private.tg__child_stays_with_its_parent('batch_id');
create trigger _050_row_stays_in_its_artifact before update of tenant_id, artifact_id on ingestion_private.artifact_row
  for each statement execute function ingestion_private.tg__child_stays_with_its_parent('artifact_id');

-- The parents: what ON DELETE CASCADE and the foreign key's NO ACTION on update did.
create function ingestion_private.tg__batch_deletes_its_records() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  delete from ingestion.batch_record r using old_rows o where r.tenant_id = o.tenant_id and r.batch_id = o.id;
  return null;
end $$;
create trigger _050_batch_deletes_its_records after delete on ingestion.batch
  referencing old table as old_rows for each statement execute function ingestion_private.tg__batch_deletes_its_records();

create function ingestion_private.tg__artifact_deletes_its_rows() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  delete from ingestion_private.artifact_row r using old_rows o where r.tenant_id = o.tenant_id and r.artifact_id = o.id;
  return null;
end $$;
create trigger _050_artifact_deletes_its_rows after delete on ingestion.artifact
  referencing old table as old_rows for each statement execute function ingestion_private.tg__artifact_deletes_its_rows();

-- TG_ARGV: the child table and its column naming the parent. Re-keying a parent with children,
-- or truncating it while children exist, is refused (the foreign key refused both).
create function ingestion_private.tg__parent_key_is_fixed() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_has_children boolean;
begin
  if tg_op = 'TRUNCATE' then
    execute format('select exists (select from %s)', tg_argv[0]) into v_has_children;
  elsif (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) then
    execute format('select exists (select from %s c where c.tenant_id = $1 and c.%I = $2)', tg_argv[0], tg_argv[1]) into v_has_children using old.tenant_id, old.id;
  end if;
  if v_has_children then
    raise exception '%.% has rows in % that name it: it cannot be re-keyed or truncated alone', tg_table_schema, tg_table_name, tg_argv[0]
      using errcode = '23503';
  end if;
  if tg_op = 'TRUNCATE' then
    return null;
  end if;
  return new;
end $$;
create trigger _050_batch_key_is_fixed before update of tenant_id, id on ingestion.batch
  for each row execute function ingestion_private.tg__parent_key_is_fixed('ingestion.batch_record', 'batch_id');
create trigger _050_batch_truncate_keeps_records before truncate on ingestion.batch
  for each statement execute function ingestion_private.tg__parent_key_is_fixed('ingestion.batch_record', 'batch_id');
create trigger _050_artifact_key_is_fixed before update of tenant_id, id on ingestion.artifact
  for each row execute function ingestion_private.tg__parent_key_is_fixed('ingestion_private.artifact_row', 'artifact_id');
create trigger _050_artifact_truncate_keeps_rows before truncate on ingestion.artifact
  for each statement execute function ingestion_private.tg__parent_key_is_fixed('ingestion_private.artifact_row', 'artifact_id');
