--! Previous: sha1:6a365f9a42e643d72c0fedcbc385e5bee50a8692
--! Hash: sha1:969200c43b82346563c0c29899deeb289e24e1d4
--! Message: claim build, 277CA acknowledgments and ingestion records checked once per statement; remittance x12 per transaction

--! split: 52-ack277-apply-throughput.sql
-- ack277 (issue 14, applying a 277CA of 10,000 claims): fewer per-row checks on the rows a 277CA
-- writes, same integrity. Re-runnable: what this file creates is dropped first, in reverse order.
--
-- A 277CA writes one billing.claim_acknowledgment row per claim, and each row checked four
-- foreign keys one row at a time (tenant, file, submission, claim): with the claim's status
-- history, five of the ~11 us of backend CPU each claim's rows cost. All the rows of one 277CA name
-- the same file and one or a few submissions, so those two references are now checked once per
-- statement over the statement's distinct parents (as posting does since migration
-- 36-posting-throughput), and the tenant through them. The claim reference stays a foreign key
-- (10,000 distinct parents, ON DELETE CASCADE). The API keeps every relation through
-- graphql/tags.json5 (section "ack277").
-- (cascade: the triggers that call them)
drop function if exists billing_private.tg__acknowledged_submissions_stay() cascade;
drop function if exists billing_private.tg__acknowledgment_files_stay() cascade;
drop function if exists billing_private.tg__claim_acknowledgments_name_their_file_and_submission() cascade;

-- 1. Time-ordered ids: a random uuid put each of a 277CA's 10,000 rows on a random leaf of the
-- primary-key index (a full-page image in the WAL for most of them after a checkpoint).
-- PostgreSQL 15-17 have no uuidv7(): the default stays gen_random_uuid() there.
do $$
begin
  if to_regprocedure('pg_catalog.uuidv7()') is not null then
    alter table billing.claim_acknowledgment alter column id set default uuidv7();
  end if;
end $$;

-- 2. An acknowledgment's tenant is the tenant of its file, whose tenant is checked (as for claim
-- lines and history, 000003, and payments, 000012).
alter table billing.claim_acknowledgment drop constraint if exists claim_acknowledgment_tenant_id_fkey;

-- 3. Its file and its submission: checked once per statement over the distinct (tenant, file) and
-- (tenant, submission) pairs of the statement's new rows, each probed on its primary key and
-- locked FOR KEY SHARE as a foreign key locks it.
alter table billing.claim_acknowledgment drop constraint if exists claim_acknowledgment_tenant_id_acknowledgment_file_id_fkey;
alter table billing.claim_acknowledgment drop constraint if exists claim_acknowledgment_tenant_id_submission_id_fkey;

-- Security definer: the check must see every file and submission whoever writes (as a foreign key
-- does, past RLS).
create function billing_private.tg__claim_acknowledgments_name_their_file_and_submission() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_orphan record;
begin
  select n.tenant_id, n.acknowledgment_file_id into v_orphan
  from (select distinct tenant_id, acknowledgment_file_id from new_rows) n
  left join lateral (select true as found from billing.acknowledgment_file f where f.tenant_id = n.tenant_id and f.id = n.acknowledgment_file_id for key share of f) f on true
  where f.found is null
  limit 1;
  if found then
    raise exception 'claim_acknowledgment names acknowledgment_file_id %, which is not an acknowledgment file of tenant %', v_orphan.acknowledgment_file_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_acknowledgment', schema = 'billing';
  end if;
  select n.tenant_id, n.submission_id into v_orphan
  from (select distinct tenant_id, submission_id from new_rows where submission_id is not null) n
  left join lateral (select true as found from billing.claim_submission s where s.tenant_id = n.tenant_id and s.id = n.submission_id for key share of s) s on true
  where s.found is null
  limit 1;
  if found then
    raise exception 'claim_acknowledgment names submission_id %, which is not a claim submission of tenant %', v_orphan.submission_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_acknowledgment', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_claim_acknowledgments_name_their_file_and_submission after insert on billing.claim_acknowledgment
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_acknowledgments_name_their_file_and_submission();
create trigger _051_claim_acknowledgments_name_their_file_and_submission after update on billing.claim_acknowledgment
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_acknowledgments_name_their_file_and_submission();

-- The other side of those references. A file's acknowledgments went with it (ON DELETE CASCADE)
-- and still do; a file cannot be re-keyed, nor the table truncated while acknowledgments exist.
-- A submission named by an acknowledgment can be neither deleted nor re-keyed (NO ACTION, as
-- before), nor the table truncated.
create function billing_private.tg__acknowledgment_files_stay() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if tg_op = 'DELETE' then
    delete from billing.claim_acknowledgment a using old_rows o where a.tenant_id = o.tenant_id and a.acknowledgment_file_id = o.id;
    return null;
  end if;
  if tg_op = 'TRUNCATE' then
    perform from billing.claim_acknowledgment limit 1;
  else
    perform from billing.claim_acknowledgment a where a.tenant_id = old.tenant_id and a.acknowledgment_file_id = old.id
       and (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) limit 1;
  end if;
  if found then
    raise exception 'acknowledgment file % is named by billing.claim_acknowledgment: it cannot be re-keyed, nor the table truncated (delete its files instead)',
      case when tg_op = 'TRUNCATE' then '(any)' else old.id::text end
      using errcode = '23503', table = 'acknowledgment_file', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_acknowledgment_files_stay after delete on billing.acknowledgment_file
  referencing old table as old_rows for each statement execute function billing_private.tg__acknowledgment_files_stay();
create trigger _050_acknowledgment_files_stay_rekey after update of tenant_id, id on billing.acknowledgment_file
  for each row execute function billing_private.tg__acknowledgment_files_stay();
create trigger _050_acknowledgment_files_stay_truncate before truncate on billing.acknowledgment_file
  for each statement execute function billing_private.tg__acknowledgment_files_stay();

create function billing_private.tg__acknowledged_submissions_stay() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_submission uuid;
begin
  if tg_op = 'TRUNCATE' then
    select a.submission_id into v_submission from billing.claim_acknowledgment a where a.submission_id is not null limit 1;
  elsif tg_op = 'UPDATE' then
    select a.submission_id into v_submission from billing.claim_acknowledgment a where a.tenant_id = old.tenant_id and a.submission_id = old.id
       and (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) limit 1;
  else
    select a.submission_id into v_submission from old_rows o join billing.claim_acknowledgment a on a.tenant_id = o.tenant_id and a.submission_id = o.id limit 1;
  end if;
  if v_submission is not null then
    raise exception 'claim submission % has acknowledgments (billing.claim_acknowledgment names it): it cannot be deleted nor re-keyed', v_submission
      using errcode = '23503', table = 'claim_submission', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_acknowledged_submissions_stay after delete on billing.claim_submission
  referencing old table as old_rows for each statement execute function billing_private.tg__acknowledged_submissions_stay();
create trigger _050_acknowledged_submissions_stay_rekey after update of tenant_id, id on billing.claim_submission
  for each row execute function billing_private.tg__acknowledged_submissions_stay();
create trigger _050_acknowledged_submissions_stay_truncate before truncate on billing.claim_submission
  for each statement execute function billing_private.tg__acknowledged_submissions_stay();

--! split: 53-post835-remittance-x12-per-transaction.sql
-- 53-post835 (issue 15, posting throughput): a file of several 835s is posted several at once
-- (server/remittances/post-in-file-order.ts), and each remittance keeps its own ST..SE in the
-- file's envelope instead of the whole file again (x12/transaction-set-texts.ts).
comment on column billing.remittance.x12 is 'The X12 this transaction came in, bytes as received: the whole interchange when it carried this 835 alone; otherwise the ISA, its GS, this ST..SE, the GE and the IEA (the other 835s of the file are their own rows). PHI: read it through the console or psql only.';

--! split: 55-claim-build-throughput.sql
-- build16 (issue 16, claim build throughput): a claim's lines and history rows name their claim,
-- and a line its charge, checked once per statement instead of once per row. Same integrity.
-- Re-runnable: what this file creates is dropped first, in reverse order.
--
-- Building 10,000 charges into 3,334 claims checked 36,670 foreign keys one row at a time (each
-- line: its claim and its charge; each history row: its claim), 270 of the slice's 690 ms of
-- backend CPU (billing_private.build_claims, EXPLAIN ANALYZE and track_functions). The build
-- writes its lines and history rows thousands at a time, so each reference is now checked once
-- per statement over the statement's distinct parents (statement triggers with transition
-- tables, as billing.claim_payment's since posting's migration 36), locked FOR KEY SHARE as a
-- foreign key locks them, and the parents cannot go away under them (the guards below). The API
-- keeps every relation through graphql/tags.json5.
-- (cascade: the triggers that call them)
drop function if exists billing_private.tg__charges_on_claims_stay() cascade;
drop function if exists billing_private.tg__claim_parts_go_with_their_claim() cascade;
drop function if exists billing_private.tg__claim_history_names_its_claim() cascade;
drop function if exists billing_private.tg__claim_lines_name_their_claim_and_charge() cascade;

alter table billing.claim_line drop constraint if exists claim_line_tenant_id_claim_id_fkey;
alter table billing.claim_line drop constraint if exists claim_line_tenant_id_charge_id_fkey;
alter table billing.claim_status_history drop constraint if exists claim_status_history_tenant_id_claim_id_fkey;

-- Security definer: the check must see every claim and charge whoever writes (as a foreign key
-- does, past RLS). Each parent is probed once through its primary key and locked FOR KEY SHARE.
-- Always through the primary key (enable_seqscan off): statistics taken while billing.claim was
-- empty (a new database, a first build) make the planner scan the table for every probe instead,
-- a scan of all claims written so far for each line (measured: 3.7 s instead of 0.4 s a slice).
-- The per-row foreign keys had the same trap.
create function billing_private.tg__claim_lines_name_their_claim_and_charge() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public set enable_seqscan = off as $$
declare
  v_wanted int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*) into v_wanted, v_locked
  from (select distinct tenant_id, claim_id from new_rows) n
  left join lateral (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id for key share of c) l on true;
  if v_locked <> v_wanted then
    select n.tenant_id, n.claim_id, n.line_number into v_orphan from new_rows n
     where not exists (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) limit 1;
    raise exception 'claim_line % names claim_id %, which is not a claim of tenant %', v_orphan.line_number, v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_line', schema = 'billing';
  end if;
  select count(*), count(l.*) into v_wanted, v_locked
  from (select distinct tenant_id, charge_id from new_rows) n
  left join lateral (select from billing.charge c where c.tenant_id = n.tenant_id and c.id = n.charge_id for key share of c) l on true;
  if v_locked <> v_wanted then
    select n.tenant_id, n.charge_id, n.claim_id, n.line_number into v_orphan from new_rows n
     where not exists (select from billing.charge c where c.tenant_id = n.tenant_id and c.id = n.charge_id) limit 1;
    raise exception 'claim_line % of claim % names charge_id %, which is not a charge of tenant %', v_orphan.line_number, v_orphan.claim_id, v_orphan.charge_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_line', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_claim_lines_name_their_claim_and_charge after insert on billing.claim_line
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_lines_name_their_claim_and_charge();
create trigger _051_claim_lines_name_their_claim_and_charge after update on billing.claim_line
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_lines_name_their_claim_and_charge();

create function billing_private.tg__claim_history_names_its_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public set enable_seqscan = off as $$
declare
  v_wanted int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*) into v_wanted, v_locked
  from (select distinct tenant_id, claim_id from new_rows) n
  left join lateral (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id for key share of c) l on true;
  if v_locked <> v_wanted then
    select n.tenant_id, n.claim_id into v_orphan from new_rows n
     where not exists (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) limit 1;
    raise exception 'claim_status_history names claim_id %, which is not a claim of tenant %', v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_status_history', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_claim_history_names_its_claim after insert on billing.claim_status_history
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_history_names_its_claim();
create trigger _051_claim_history_names_its_claim after update on billing.claim_status_history
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_history_names_its_claim();

-- The other side of those references. A deleted claim takes its lines and history with it (the
-- foreign keys' ON DELETE CASCADE); a claim with lines or history is never re-keyed, and
-- billing.claim is truncated only together with them (checked after the truncation, so that
-- one TRUNCATE of the three passes).
create function billing_private.tg__claim_parts_go_with_their_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_claim uuid;
begin
  if tg_op = 'DELETE' then
    delete from billing.claim_line l using old_rows o where l.tenant_id = o.tenant_id and l.claim_id = o.id;
    delete from billing.claim_status_history h using old_rows o where h.tenant_id = o.tenant_id and h.claim_id = o.id;
    return null;
  end if;
  if tg_op = 'TRUNCATE' then
    select coalesce((select l.claim_id from billing.claim_line l limit 1), (select h.claim_id from billing.claim_status_history h limit 1)) into v_claim;
    if v_claim is not null then
      raise exception 'billing.claim is truncated only together with billing.claim_line and billing.claim_status_history (they name its claims): truncate the three at once'
        using errcode = '23503', table = 'claim', schema = 'billing';
    end if;
    return null;
  end if;
  if (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id)
     and (exists (select from billing.claim_line l where l.tenant_id = old.tenant_id and l.claim_id = old.id)
          or exists (select from billing.claim_status_history h where h.tenant_id = old.tenant_id and h.claim_id = old.id)) then
    raise exception 'claim % has lines and a status history that name it: its tenant_id and id never change', old.id
      using errcode = '23503', table = 'claim', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _060_claim_parts_go_with_their_claim after delete on billing.claim
  referencing old table as old_rows for each statement execute function billing_private.tg__claim_parts_go_with_their_claim();
create trigger _060_claim_parts_go_with_their_claim_rekey after update of tenant_id, id on billing.claim
  for each row execute function billing_private.tg__claim_parts_go_with_their_claim();
create trigger _060_claim_parts_go_with_their_claim_truncate after truncate on billing.claim
  for each statement execute function billing_private.tg__claim_parts_go_with_their_claim();

-- A charge on a claim line is never deleted nor re-keyed (a charge that should not be billed is
-- VOID), and billing.charge is truncated only together with billing.claim_line.
create function billing_private.tg__charges_on_claims_stay() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_charge uuid;
begin
  if tg_op = 'TRUNCATE' then
    select l.charge_id into v_charge from billing.claim_line l limit 1;
  elsif tg_op = 'UPDATE' then
    select l.charge_id into v_charge from billing.claim_line l where l.tenant_id = old.tenant_id and l.charge_id = old.id
       and (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) limit 1;
  else
    select l.charge_id into v_charge from old_rows o join billing.claim_line l on l.tenant_id = o.tenant_id and l.charge_id = o.id limit 1;
  end if;
  if v_charge is not null then
    raise exception 'charge % is on a claim line (billing.claim_line names it): it cannot be deleted nor re-keyed; void it instead', v_charge
      using errcode = '23503', table = 'charge', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_charges_on_claims_stay after delete on billing.charge
  referencing old table as old_rows for each statement execute function billing_private.tg__charges_on_claims_stay();
create trigger _050_charges_on_claims_stay_rekey after update of tenant_id, id on billing.charge
  for each row execute function billing_private.tg__charges_on_claims_stay();
create trigger _050_charges_on_claims_stay_truncate after truncate on billing.charge
  for each statement execute function billing_private.tg__charges_on_claims_stay();

-- A charge's updated_at: a writer that sets it itself (the claim build, thousands of charges a
-- statement) skips the row trigger's PL/pgSQL call; any other update still gets it from the trigger.
drop trigger if exists _100_set_updated_at on billing.charge;
create trigger _100_set_updated_at before update on billing.charge for each row
  when (new.updated_at is not distinct from old.updated_at) execute function core_private.tg__set_updated_at();

--! split: 56-ingestion-records-name-their-batch-per-statement.sql
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
