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
