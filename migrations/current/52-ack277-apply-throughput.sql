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
