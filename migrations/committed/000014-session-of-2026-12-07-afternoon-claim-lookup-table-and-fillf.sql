--! Previous: sha1:969200c43b82346563c0c29899deeb289e24e1d4
--! Hash: sha1:8e2a6b29fa16ae5473d4f3c425fcc54e5b204c9f
--! Message: Session of 2026-12-07 afternoon: claim lookup table and fillfactor 45 (61); generic parent checks with lock-unless-written-here, the claim's own references and its acknowledgments' claim (62); artifact batches applied in ranges (66); a claim line's charge checked unless written here (71); service events' parents per statement and received slices stored whole (72)

--! split: 61-claim-lookup.sql
-- 61-claim-lookup: a claim's status and payer claim control number are looked up in a narrow
-- table of their own, so that moving a claim (submission, 277CA, 999, posting) is a heap-only
-- update of the wide billing.claim row.
-- Re-runnable: drops what it creates first.
--
-- Why: billing.claim has ten indexes. While `status` (claim_status: tenant_id, status,
-- earliest_service_date) and `payer_claim_control_number` (the ICN lookup) were indexed, no claim
-- UPDATE could be heap-only: every claim a 277CA accepted wrote an entry into nine of them (and a
-- full-page image of each index leaf after a checkpoint). billing.claim keeps both columns (every
-- reader, view, GraphQL field and REST answer reads them as before); the lookups by status and by
-- payer claim control number go through billing_private.claim_lookup, a projection of those
-- columns kept by statement triggers on billing.claim (sql/functions/billing_private/claim_lookup.sql),
-- whose rows are about a fifth of a claim's width and have three indexes.

drop table if exists billing_private.claim_lookup cascade;

-- One row per claim, written only by the triggers on billing.claim. No foreign keys: the row is
-- the claim's own projection (inserted, updated and deleted with it in the same statement), and a
-- per-row key check would be paid on every claim the build writes. tenant_id leads every key.
create table billing_private.claim_lookup (
  tenant_id uuid not null,
  claim_id uuid not null,
  status text not null,
  earliest_service_date date not null,
  payer_claim_control_number text,
  primary key (tenant_id, claim_id)
);
insert into billing_private.claim_lookup (tenant_id, claim_id, status, earliest_service_date, payer_claim_control_number)
select c.tenant_id, c.id, c.status, c.earliest_service_date, c.payer_claim_control_number from billing.claim c order by c.tenant_id, c.id;
create index claim_lookup_status on billing_private.claim_lookup (tenant_id, status, earliest_service_date);
create index claim_lookup_payer_claim_control_number on billing_private.claim_lookup (tenant_id, payer_claim_control_number)
  where payer_claim_control_number is not null;
-- Read and written only by SECURITY DEFINER functions and the triggers (as the owner); the API
-- roles have no grant and no policy.
alter table billing_private.claim_lookup enable row level security;
alter table billing_private.claim_lookup force row level security;
comment on table billing_private.claim_lookup is
  'Each claim''s status and payer claim control number, for indexed lookups: kept by the triggers on billing.claim, which stays the record.';

drop index if exists billing.claim_status;
drop index if exists billing.claim_payer_claim_control_number_lookup;
-- The console's claims list (GraphQL claims, filtered by status, newest service first) walks the
-- tenant's claims by date of service, as the charges list does (charge_service_date): a claim's
-- dates never change, so this index does not stand in the way of heap-only updates. status keeps
-- its GraphQL filter and order through graphql/tags.json5.
drop index if exists billing.claim_earliest_service_date;
create index claim_earliest_service_date on billing.claim (tenant_id, earliest_service_date);

-- Room on each page for a new version of every claim on it, so that the moves of a whole batch
-- (a page's claims are built, submitted and answered together) stay on their page: a claim row is
-- about 250 bytes and grows by some 10-60 bytes a move (submitted_at, the payer claim number, a
-- rejection reason). At 50, 16 claims fit a page and the 16th new version did not (6% of the moves
-- left the page); at 45, 14 claims and their next versions fit. The old versions are pruned on the
-- page before the next move needs the room.
alter table billing.claim set (fillfactor = 45);

--! split: 62-parentcheck.sql
-- parentcheck (issue 16 review, and the claim build's throughput): one set of parent checks.
-- Re-runnable: what this file creates is dropped first.
--
-- Migrations 36 (posting), 52 (277CA), 55 (claim build) and 56 (ingestion) each replaced per-row
-- foreign keys with statement-level checks written out per table: 19 trigger functions of a few
-- shapes, in migrations, where the functions-drift test does not see them. They become the generic
-- functions of sql/functions/core_private/ (parameterised by TG_ARGV), and each reference below is
-- one line saying which child columns name which parent and what a parent's delete does:
--   child side   core_private.tg__children_name_their_parent: after insert, once per statement over
--                the statement's distinct parents, each locked FOR KEY SHARE (or not, for an
--                append-only parent); a row re-pointed by an update is checked, or refused;
--   parent side  core_private.tg__parent_deletes_its_children (cascade or restrict, once per
--                statement), tg__parent_key_is_fixed_while_named (re-keying a named parent),
--                tg__parent_truncated_with_its_children (truncating it without them);
--   append-only  core_private.tg__rows_are_append_only (payments and remittances: never deleted,
--                never re-keyed, so their children need no lock on them).
-- The guarantees and the tests are those of the four migrations (test/remittances/posting-integrity,
-- test/claims/build-integrity, test/claims-out/ack-integrity, test/ingestion/record-parents).
--
-- New: the claim's own four foreign keys (coverage, facility, service event, primary claim) become
-- the same statement checks. The build inserts 3,334 claims a 10,000-charge slice and each checked
-- four foreign keys one row at a time. The API keeps the relations through graphql/tags.json5.

-- 1. The old per-table functions (cascade: their triggers).
drop function if exists billing_private.tg__claims_with_payments_stay() cascade;
drop function if exists billing_private.tg__remittance_key_is_fixed() cascade;
drop function if exists billing_private.tg__payments_name_their_remittance_and_claim() cascade;
drop function if exists billing_private.tg__adjustments_name_their_payment() cascade;
drop function if exists billing_private.tg__service_lines_name_their_payment() cascade;
drop function if exists billing_private.tg__claim_payment_key_is_fixed() cascade;
drop function if exists billing_private.tg__acknowledged_submissions_stay() cascade;
drop function if exists billing_private.tg__acknowledgment_files_stay() cascade;
drop function if exists billing_private.tg__claim_acknowledgments_name_their_file_and_submission() cascade;
drop function if exists billing_private.tg__charges_on_claims_stay() cascade;
drop function if exists billing_private.tg__claim_parts_go_with_their_claim() cascade;
drop function if exists billing_private.tg__claim_history_names_its_claim() cascade;
drop function if exists billing_private.tg__claim_lines_name_their_claim_and_charge() cascade;
drop function if exists ingestion_private.tg__records_name_their_batch() cascade;
drop function if exists ingestion_private.tg__rows_name_their_artifact() cascade;
drop function if exists ingestion_private.tg__child_stays_with_its_parent() cascade;
drop function if exists ingestion_private.tg__batch_deletes_its_records() cascade;
drop function if exists ingestion_private.tg__artifact_deletes_its_rows() cascade;
drop function if exists ingestion_private.tg__parent_key_is_fixed() cascade;

-- 2. The generic functions live in sql/functions/core_private/, applied after the migrations; a
-- trigger needs its function to exist. On a database that has never had them (a new one, or the
-- first upgrade to this migration) each is created here as a stub that refuses every write it
-- guards, until sql/functions replaces its body a moment later in the same `npm run migrate`.
do $$
declare
  v_name text;
begin
  foreach v_name in array array['tg__children_name_their_parent', 'tg__parent_deletes_its_children', 'tg__parent_key_is_fixed_while_named',
                                'tg__parent_truncated_with_its_children', 'tg__child_stays_with_its_parent', 'tg__rows_are_append_only'] loop
    if to_regprocedure(format('core_private.%I()', v_name)) is null then
      execute format($f$create function core_private.%I() returns trigger language plpgsql as $b$
        begin
          raise exception 'parent checks are not applied yet (sql/functions/core_private): run npm run migrate to its end' using errcode = '55000';
        end $b$ $f$, v_name);
    end if;
  end loop;
end $$;

-- 3. The claim's own references (the per-row foreign keys go; the checks are declared below).
alter table billing.claim drop constraint if exists claim_coverage_fkey;
alter table billing.claim drop constraint if exists claim_tenant_id_facility_id_fkey;
alter table billing.claim drop constraint if exists claim_tenant_id_service_event_id_fkey;
alter table billing.claim drop constraint if exists claim_primary_claim_fkey;

-- 4. The declarations. pg_temp.parent_check(child, child columns, parent, parent key columns,
-- parent's delete, child's update, row label) drops and creates, by name:
--   on the child:  _050_<column>_names_<parent>   after insert, per statement (new_rows)
--                  _051_<column>_names_<parent>   after update of the child columns, per row, when they change ('check')
--              or  _050_<column>_stays            before update of them, per statement: refused ('refuse')
--   on the parent ('cascade' or 'restrict'; an 'append-only' parent declares its own guard):
--                  _050_<child>_<column>_delete    after delete, per statement (old_rows)
--                  _050_<child>_<column>_rekey     after update of the key columns, per row, when they change
--                  _050_<child>_<column>_truncate  after truncate (not for a table naming itself)
create or replace function pg_temp.parent_check(p_child regclass, p_child_columns text, p_parent regclass, p_parent_columns text,
                                     p_on_delete text, p_child_update text, p_label text default '', p_lock text default 'lock') returns void
  language plpgsql as $$
declare
  v_child_columns text[] := string_to_array(p_child_columns, ',');
  v_parent_columns text[] := string_to_array(p_parent_columns, ',');
  v_column text := v_child_columns[2];
  v_child_name text := (select relname from pg_class where oid = p_child);
  v_parent_name text := (select relname from pg_class where oid = p_parent);
  v_args text := format('%L, %L, %L, %L, %L', p_child_columns, p_parent, p_parent_columns, p_label,
                        case when p_on_delete = 'append-only' then 'append-only' else p_lock end);
  v_changed text;
  v_name text;
begin
  if p_on_delete not in ('cascade', 'restrict', 'append-only') or p_child_update not in ('check', 'refuse', 'append-only')
     or p_lock not in ('lock', 'lock-unless-written-here') then
    raise exception 'parent_check: on delete cascade, restrict or append-only; child update check, refuse or append-only; lock or lock-unless-written-here';
  end if;
  foreach v_name in array array['_050_' || v_column || '_names_' || v_parent_name, '_051_' || v_column || '_names_' || v_parent_name, '_050_' || v_column || '_stays'] loop
    execute format('drop trigger if exists %I on %s', v_name, p_child);
  end loop;
  foreach v_name in array array['_050_' || v_child_name || '_' || v_column || '_delete', '_050_' || v_child_name || '_' || v_column || '_rekey',
                                '_050_' || v_child_name || '_' || v_column || '_truncate'] loop
    execute format('drop trigger if exists %I on %s', v_name, p_parent);
  end loop;

  execute format('create trigger %I after insert on %s referencing new table as new_rows for each statement execute function core_private.tg__children_name_their_parent(%s)',
                 '_050_' || v_column || '_names_' || v_parent_name, p_child, v_args);
  if p_child_update = 'check' then
    select string_agg(format('old.%I is distinct from new.%I', c, c), ' or ') into v_changed from unnest(v_child_columns) c;
    execute format('create trigger %I after update of %s on %s for each row when (%s) execute function core_private.tg__children_name_their_parent(%s)',
                   '_051_' || v_column || '_names_' || v_parent_name, (select string_agg(quote_ident(c), ', ') from unnest(v_child_columns) c), p_child, v_changed, v_args);
  elsif p_child_update = 'refuse' then
    execute format('create trigger %I before update of %s on %s for each statement execute function core_private.tg__child_stays_with_its_parent(%L)',
                   '_050_' || v_column || '_stays', (select string_agg(quote_ident(c), ', ') from unnest(v_child_columns) c), p_child, v_column);
  end if;

  if p_on_delete = 'append-only' then
    return;
  end if;
  execute format('create trigger %I after delete on %s referencing old table as old_rows for each statement execute function core_private.tg__parent_deletes_its_children(%L, %L, %L, %L)',
                 '_050_' || v_child_name || '_' || v_column || '_delete', p_parent, p_child, p_child_columns, p_parent_columns, p_on_delete);
  select string_agg(format('old.%I is distinct from new.%I', c, c), ' or ') into v_changed from unnest(v_parent_columns) c;
  execute format('create trigger %I after update of %s on %s for each row when (%s) execute function core_private.tg__parent_key_is_fixed_while_named(%L, %L, %L)',
                 '_050_' || v_child_name || '_' || v_column || '_rekey', (select string_agg(quote_ident(c), ', ') from unnest(v_parent_columns) c), p_parent, v_changed,
                 p_child, p_child_columns, p_parent_columns);
  if p_child <> p_parent then
    execute format('create trigger %I after truncate on %s for each statement execute function core_private.tg__parent_truncated_with_its_children(%L)',
                   '_050_' || v_child_name || '_' || v_column || '_truncate', p_parent, p_child);
  end if;
end $$;

-- Append-only parents: a payment and a remittance are never deleted and never re-keyed (a
-- correction is a reversal, a new payment). A payment's remittance_id is now fixed too: nothing
-- re-checked it when an update changed it.
drop trigger if exists _050_rows_are_append_only on billing.claim_payment;
create trigger _050_rows_are_append_only before delete or truncate or update of tenant_id, id, claim_id, remittance_id on billing.claim_payment
  for each statement execute function core_private.tg__rows_are_append_only('tenant_id, id, claim_id and remittance_id', 'post a reversal (CLP02 22) instead');
drop trigger if exists _050_rows_are_append_only on billing.remittance;
create trigger _050_rows_are_append_only before delete or truncate or update of tenant_id, id on billing.remittance
  for each statement execute function core_private.tg__rows_are_append_only('tenant_id and id', '');

--                     child                               child columns                                      parent                         parent key                             parent's delete  child's update  row label
-- 835 posting (was migration 36)
select pg_temp.parent_check('billing.claim_payment',         'tenant_id,remittance_id',                         'billing.remittance',          'tenant_id,id',                         'append-only',   'append-only');
select pg_temp.parent_check('billing.claim_payment',         'tenant_id,claim_id',                              'billing.claim',               'tenant_id,id',                         'restrict',      'append-only');
select pg_temp.parent_check('billing.claim_service_payment', 'tenant_id,claim_payment_id',                      'billing.claim_payment',       'tenant_id,id',                         'append-only',   'check',        'line_number');
select pg_temp.parent_check('billing.claim_adjustment',      'tenant_id,claim_payment_id,claim_id',             'billing.claim_payment',       'tenant_id,id,claim_id',                'append-only',   'check',        'seq');
-- 277CA acknowledgments (was migration 52)
select pg_temp.parent_check('billing.claim_acknowledgment',  'tenant_id,acknowledgment_file_id',                'billing.acknowledgment_file', 'tenant_id,id',                         'cascade',       'check');
select pg_temp.parent_check('billing.claim_acknowledgment',  'tenant_id,submission_id',                         'billing.claim_submission',    'tenant_id,id',                         'restrict',      'check');
-- claim build (was migration 55)
select pg_temp.parent_check('billing.claim_line',            'tenant_id,claim_id',                              'billing.claim',               'tenant_id,id',                         'cascade',       'check',        'line_number', 'lock-unless-written-here');
select pg_temp.parent_check('billing.claim_line',            'tenant_id,charge_id',                             'billing.charge',              'tenant_id,id',                         'restrict',      'check',        'line_number');
select pg_temp.parent_check('billing.claim_status_history',  'tenant_id,claim_id',                              'billing.claim',               'tenant_id,id',                         'cascade',       'check',        '',            'lock-unless-written-here');
-- 277CA acknowledgments' claim (ack277b): its foreign key's per-row check was 7 % of a 10,000-claim
-- 277CA's instructions (callgrind). Dropping the key also takes its two RI triggers off billing.claim.
alter table billing.claim_acknowledgment drop constraint if exists claim_acknowledgment_tenant_id_claim_id_fkey;
select pg_temp.parent_check('billing.claim_acknowledgment',  'tenant_id,claim_id',                              'billing.claim',               'tenant_id,id',                         'cascade',       'check',        '',            'lock-unless-written-here');
-- ingestion (was migration 56): records and artifact rows never move (marking them must cost nothing)
select pg_temp.parent_check('ingestion.batch_record',        'tenant_id,batch_id',                              'ingestion.batch',             'tenant_id,id',                         'cascade',       'refuse',       'row_number');
select pg_temp.parent_check('ingestion_private.artifact_row', 'tenant_id,artifact_id',                          'ingestion.artifact',          'tenant_id,id',                         'cascade',       'refuse',       'row_number');
-- the claim's own references (new): what its foreign keys did (NO ACTION)
select pg_temp.parent_check('billing.claim',                 'tenant_id,coverage_policy_id,member_id,payer_id', 'member.coverage_policy',      'tenant_id,id,member_id,payer_id',      'restrict',      'check',        'patient_control_number');
select pg_temp.parent_check('billing.claim',                 'tenant_id,facility_id',                           'core.facility',               'tenant_id,id',                         'restrict',      'check',        'patient_control_number');
select pg_temp.parent_check('billing.claim',                 'tenant_id,service_event_id',                      'service.service_event',       'tenant_id,id',                         'restrict',      'check',        'patient_control_number');
select pg_temp.parent_check('billing.claim',                 'tenant_id,primary_claim_id',                      'billing.claim',               'tenant_id,id',                         'restrict',      'check',        'patient_control_number');

--! split: 66-ingestion-artifact-rows-recorded-as-applied.sql
-- ingest45c (issue 16 §4): a batch made from an artifact no longer copies every row of the file
-- into batch_record before the worker may start (7.6 s of one core for 1,000,000 rows, the other
-- core idle). The batch is opened with every row pending; the worker takes the artifact's rows in
-- ranges of artifact_chunk_rows, checks and applies them, and writes each as a record with its
-- outcome in the same statement (ingestion_private.lock_pending_records, apply_chunk).
-- artifact_rows_unrecorded counts the artifact's rows not yet made records (they are pending).
alter table ingestion.batch add column if not exists artifact_rows_unrecorded integer not null default 0;
alter table ingestion.batch add column if not exists artifact_chunk_rows integer;
alter table ingestion.batch drop constraint if exists artifact_rows_unrecorded_are_pending;
alter table ingestion.batch add constraint artifact_rows_unrecorded_are_pending
  check (artifact_rows_unrecorded between 0 and pending and (artifact_rows_unrecorded = 0 or artifact_chunk_rows > 0));
comment on column ingestion.batch.artifact_rows_unrecorded is 'Rows of the artifact not yet checked and applied (pending, not yet records): a batch made from an artifact makes its records as it applies them.';
comment on column ingestion.batch.artifact_chunk_rows is 'The artifact''s rows are applied in ranges of this many (row 1.., each range by one worker at a time).';

--! split: 71-claim-line-charge-check.sql
-- claim-line-charge-check (branch build17, issue 16 §4: the nightly claim build): a claim line's
-- charge is checked in the lock-unless-written-here mode of the generic parent checks
-- (62-parentcheck), as its claim is.
-- Re-runnable: it drops and creates the two triggers it declares.
--
-- Why: the build moves every charge of a slice to BILLED in the same statement that writes the
-- lines naming them, so the FOR KEY SHARE lock that the 'lock' mode then took on each of them
-- locked a row this transaction already holds: one WAL record and one more write of the charge's
-- tuple per line, 10,000 a slice (11-17 ms of a slice's 215-230 ms of backend CPU). A delete or
-- re-key of such a charge waits on the build's update and then finds the lines committed with
-- it, as after a FOR KEY SHARE wait (test/claims/build-integrity.test.ts). A line naming a charge
-- this transaction did not write (a secondary claim's, a line written by hand) still locks it.
-- core_private.tg__children_name_their_parent says what the mode misses (a charge frozen 2^32
-- transactions ago whose xmin equals this transaction's id).
drop trigger if exists _050_charge_id_names_charge on billing.claim_line;
create trigger _050_charge_id_names_charge after insert on billing.claim_line
  referencing new table as new_rows for each statement
  execute function core_private.tg__children_name_their_parent('tenant_id,charge_id', 'billing.charge', 'tenant_id,id', 'line_number', 'lock-unless-written-here');
drop trigger if exists _051_charge_id_names_charge on billing.claim_line;
create trigger _051_charge_id_names_charge after update of tenant_id, charge_id on billing.claim_line
  for each row when (old.tenant_id is distinct from new.tenant_id or old.charge_id is distinct from new.charge_id)
  execute function core_private.tg__children_name_their_parent('tenant_id,charge_id', 'billing.charge', 'tenant_id,id', 'line_number', 'lock-unless-written-here');

--! split: 72-ingest17-service-event-parents-and-received-slices.sql
-- ingest17 (issue 16 §4): a service event's member and facility are checked once per statement
-- instead of by two foreign keys checked once per row. Ingestion writes service events 5,000 a
-- statement (and the 1,000,000-row CSV 1,000,000 of them); each row's two key checks (an SPI
-- probe and a FOR KEY SHARE lock each) were 45 % of a plain INSERT ... SELECT of 100,000 events:
-- 1.70 s of backend CPU with the keys, 0.93 s without, and 0.05 s for one statement locking the
-- 20,000 distinct members those rows name. The generic parent checks of migration 62-parentcheck
-- keep what the keys gave: every inserted event names a member and a facility of its tenant
-- (each locked FOR KEY SHARE until the transaction ends, as the key locked it); an upsert that
-- re-points an event to another member or facility is checked; a member or facility with events
-- is not deleted, re-keyed or truncated away (NO ACTION, as before). The API keeps the relations
-- through graphql/tags.json5. test/ingestion/service-event-parents.test.ts.
-- Re-runnable: the keys are dropped if they exist; parent_check drops its triggers by name first.
alter table service.service_event drop constraint if exists service_event_tenant_id_member_id_fkey;
alter table service.service_event drop constraint if exists service_event_tenant_id_facility_id_fkey;

--                     child                     child columns            parent             parent key      parent's delete  child's update  row label
select pg_temp.parent_check('service.service_event', 'tenant_id,member_id',   'member.member',   'tenant_id,id', 'restrict',      'check',        'event_number');
select pg_temp.parent_check('service.service_event', 'tenant_id,facility_id', 'core.facility',   'tenant_id,id', 'restrict',      'check',        'event_number');

-- ingest17 (issue 16 §4): a POST /batches slice is stored as it came, one row a slice, and its
-- records are written once, with their outcome, when a worker applies the slice (as a batch made
-- from an artifact applies its ranges since migration 66). Receiving wrote each record into
-- batch_record as PENDING (12-13 us of Postgres CPU a record), and applying it marked it
-- (6-8 us): a record cost two writes. A slice row is taken whole by one transaction
-- (FOR UPDATE SKIP LOCKED), which writes its records and deletes it, so a record is a pending
-- slice element or a record, never both, and a worker killed mid-slice leaves the slice whole.
-- records: the slice's [{rowNumber, data}] as received; storage external (not compressed: a
-- slice is read once, seconds after it was written, and deleted).
-- Re-runnable on a dev database: slices not yet applied are dropped with the table.
drop table if exists ingestion_private.received_slice cascade;
create table ingestion_private.received_slice (
  tenant_id uuid not null default core.current_tenant_id(), -- tenant pinned by the parent check to its batch (see batch_record)
  batch_id uuid not null,
  first_record integer not null check (first_record > 0),
  record_count integer not null check (record_count > 0),
  min_row_number integer not null,
  max_row_number integer not null,
  records jsonb not null check (jsonb_typeof(records) = 'array'),
  received_at timestamptz not null default now(),
  primary key (tenant_id, batch_id, first_record)
);
alter table ingestion_private.received_slice alter column records set storage external;
comment on table ingestion_private.received_slice is 'Slices of a POST /batches received and not yet applied: the worker writes their records with their outcome, then deletes the slice.';
comment on column ingestion_private.received_slice.first_record is 'The position of the slice''s first record in the POST (1-based); slices are applied in this order.';
select core_private.enable_tenant_rls('ingestion_private.received_slice', 'ingestion.read', 'ingestion.update');
select pg_temp.parent_check('ingestion_private.received_slice', 'tenant_id,batch_id', 'ingestion.batch', 'tenant_id,id', 'cascade', 'refuse', 'first_record');
-- How many records a POST's slices brought (stored or already applied): where the next slice goes,
-- and what closing the upload (or finishing an interrupted one) compares with the declared total.
alter table ingestion.batch add column if not exists received_records integer not null default 0;
alter table ingestion.batch drop constraint if exists received_records_at_most_total;
alter table ingestion.batch add constraint received_records_at_most_total check (received_records between 0 and total);
comment on column ingestion.batch.received_records is 'Records of a large POST /batches received so far (it sends them in slices while the batch is RECEIVING); 0 for other batches.';
-- A batch being received when this migration runs: its records so far are in batch_record.
update ingestion.batch b set received_records = (select count(*) from ingestion.batch_record r where r.tenant_id = b.tenant_id and r.batch_id = b.id)
where b.status = 'RECEIVING' and b.received_records = 0;
