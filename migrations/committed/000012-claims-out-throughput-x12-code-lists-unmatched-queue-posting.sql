--! Previous: sha1:42ff034cdbcab2a4aba6388e1007791540a77f2b
--! Hash: sha1:6a365f9a42e643d72c0fedcbc385e5bee50a8692
--! Message: claims-out throughput, X12 code lists, unmatched queue, posting throughput, ingest throughput

--! split: 32-claims-out-throughput.sql
-- Issue 14 throughput: the 837P is read as one packed record per claim
-- (billing_private.submission_837_claim_records); the flat claim and line row functions it
-- replaces are gone. server/db/apply-functions.ts drops functions no file defines any more; this
-- says so for a database migrated before that registry knew them.
drop function if exists billing_private.submission_837_line_rows(uuid, uuid);
drop function if exists billing_private.submission_837_claim_rows(uuid, uuid);

--! split: 33-x12-code-lists.sql
-- x12-code-lists (issues 14/15): the x12_code tables hold the whole published lists, loaded from
-- sql/data/x12-code/<table>.csv after every migration (server/db/load-code-lists.ts), not rows
-- written into a migration. This file adds the columns those lists carry. Re-runnable: each
-- column is dropped before it is added (the loader fills them again).

-- Claim Status codes (508): the published text is "<meaning>. Usage: <how to send it>"; the
-- meaning is what a biller reads in a rejection reason, the usage note stays beside it.
alter table x12_code.claim_status drop column if exists usage_note;
alter table x12_code.claim_status add column usage_note text;
comment on table x12_code.claim_status is 'Health Care Claim Status Codes (X12 external code source 508), the published list: STC01-2 of a 277/277CA.';
comment on column x12_code.claim_status.usage_note is 'The "Usage:" note of the published text (e.g. "This code requires use of an Entity Code."), null when it has none.';

comment on table x12_code.claim_status_category is 'Claim Status Category Codes (X12 external code source 507), the published list: STC01-1. claim_outcome says how a 277CA moves a claim.';
comment on table x12_code.entity_identifier is 'Entity Identifier Codes (X12 element 98) that 277/277CA, 835 and 837 name: STC01-3, NM101, N101.';

-- CARC (139) and RARC (411): the published lists keep retired codes, and remittances for old
-- claims still carry them: each row says whether the code is current, to be deactivated, or
-- deactivated.
alter table x12_code.carc drop column if exists stop_date;
alter table x12_code.carc drop column if exists status;
alter table x12_code.carc drop column if exists usage_note;
alter table x12_code.carc add column usage_note text;
alter table x12_code.carc add column status text not null default 'current' check (status in ('current', 'tobe', 'deactivated'));
alter table x12_code.carc add column stop_date date;
comment on table x12_code.carc is 'Claim Adjustment Reason Codes (X12 external code source 139), the published list with each code''s text and status, mapped to the denial category a biller works it under (denial_category and denies are ours).';
comment on column x12_code.carc.usage_note is 'The "Usage:" note of the published text, null when it has none.';
comment on column x12_code.carc.stop_date is 'The published Stop date of a deactivated code (the last day it may be sent is the day before); null when the source copy has none.';
comment on column x12_code.carc.status is 'current, tobe (to be deactivated) or deactivated, as the published list marks it. A deactivated code still posts: old claims carry it.';

alter table x12_code.rarc drop column if exists stop_date;
alter table x12_code.rarc drop column if exists status;
alter table x12_code.rarc add column status text not null default 'current' check (status in ('current', 'tobe', 'deactivated'));
alter table x12_code.rarc add column stop_date date;
comment on table x12_code.rarc is 'Remittance Advice Remark Codes (X12 external code source 411), the published list. alert: an informational "Alert:" remark, never the reason for an adjustment.';
comment on column x12_code.rarc.status is 'current, tobe (to be deactivated) or deactivated, as the published list marks it.';
comment on column x12_code.rarc.stop_date is 'The published Stop date of a deactivated code; null when the source copy has none.';

--! split: 35-unmatched-queue.sql
-- 35-unmatched-queue (issue 15): the unmatched-claims queue of 835s is worked like the other
-- queues: assigned to a person, then resolved by matching the CLP to one of our claims (which posts
-- it through the posting path) or with a note (not ours / sent back to the payer).
-- Re-runnable: drops what it creates first, in reverse order.
drop view if exists billing.unmatched_remittance_queue;
drop trigger if exists _100_set_updated_at on billing.unmatched_remittance_claim;
alter table billing.unmatched_remittance_claim drop constraint if exists unmatched_resolution_check;
alter table billing.unmatched_remittance_claim drop column if exists resolution;
alter table billing.unmatched_remittance_claim drop column if exists claim_payment_id;
alter table billing.unmatched_remittance_claim drop column if exists assigned_at;
alter table billing.unmatched_remittance_claim drop column if exists assigned_to;
alter table billing.unmatched_remittance_claim drop column if exists updated_at;

-- Posting a late-matched CLP applies that one payment, not the whole remittance again: the
-- function takes the payments to apply (sql/functions/billing_private/apply_remittance_to_claims.sql).
drop function if exists billing_private.apply_remittance_to_claims(uuid, uuid, text, text);

alter table billing.unmatched_remittance_claim
  add column assigned_to text,
  add column assigned_at timestamptz,
  -- MATCHED: posted to resolved_claim_id as claim_payment_id; NOT_OURS: another provider's claim
  -- (the payer is told, nothing posted); SENT_BACK: returned to the payer to correct and re-send.
  add column resolution text,
  add column claim_payment_id uuid,
  add column updated_at timestamptz not null default now();
alter table billing.unmatched_remittance_claim
  add constraint unmatched_resolution_check check (
    (status = 'OPEN' and resolution is null) or (status = 'RESOLVED' and resolution in ('MATCHED', 'NOT_OURS', 'SENT_BACK'))),
  add constraint unmatched_matched_has_payment check (resolution is distinct from 'MATCHED' or (resolved_claim_id is not null and claim_payment_id is not null)),
  add constraint unmatched_remittance_claim_claim_payment_fkey foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id);
create index unmatched_remittance_claim_payment on billing.unmatched_remittance_claim (tenant_id, claim_payment_id) where claim_payment_id is not null;
create trigger _100_set_updated_at before update on billing.unmatched_remittance_claim for each row execute function core_private.tg__set_updated_at();
comment on column billing.unmatched_remittance_claim.resolution is 'How it was resolved: MATCHED (posted to resolved_claim_id), NOT_OURS (another provider''s claim), SENT_BACK (returned to the payer to correct).';
comment on column billing.unmatched_remittance_claim.claim_payment_id is 'The payment the CLP became when an operator matched it to one of our claims.';
comment on constraint unmatched_remittance_claim_claim_payment_fkey on billing.unmatched_remittance_claim is E'@fieldName claimPayment\n@foreignFieldName unmatchedRemittanceClaims';

--! split: 36-posting-throughput.sql
-- Issue 15, posting throughput: fewer foreign-key checks per posted claim, same integrity.
-- Re-runnable: what this file creates is dropped first, in reverse order.
--
-- Posting one 835 claim (1 payment, 3 service lines, 4 adjustments) checked 21 foreign keys, one
-- row at a time: ~40 % of the posting's time (EXPLAIN ANALYZE of billing.fn_post_remittance's
-- statements: 1,037 of 2,573 ms for 1,000 claims). Posting writes these rows a thousand at a
-- time, so each reference is now checked once per statement over the statement's distinct parents
-- (statement triggers with transition tables), and the parents cannot go away under them (guards
-- below). What replaces each check is said below; the API keeps every relation through
-- graphql/tags.json5.
-- (cascade: the triggers that call them)
drop function if exists billing_private.tg__claims_with_payments_stay() cascade;
drop function if exists billing_private.tg__remittance_key_is_fixed() cascade;
drop function if exists billing_private.tg__payments_name_their_remittance_and_claim() cascade;
drop function if exists billing_private.tg__adjustments_name_their_payment() cascade;
drop function if exists billing_private.tg__service_lines_name_their_payment() cascade;
drop function if exists billing_private.tg__claim_payment_key_is_fixed() cascade;

-- 1. A payment's, a service line's and an adjustment's tenant is the tenant of the row its
-- tenant-led key references (the remittance, the payment), whose tenant is checked: a second
-- check per row against core.tenant proves nothing (as for claim lines and history, 000003).
alter table billing.claim_payment drop constraint if exists claim_payment_tenant_id_fkey;
alter table billing.claim_service_payment drop constraint if exists claim_service_payment_tenant_id_fkey;
alter table billing.claim_adjustment drop constraint if exists claim_adjustment_tenant_id_fkey;
alter table billing.provider_adjustment drop constraint if exists provider_adjustment_tenant_id_fkey;

-- 2. Service lines and adjustments are written thousands at a time, in the statement after their
-- payments. Their payment is checked once per statement (one anti-join over the statement's new
-- rows, below) instead of once per row; an adjustment's claim must be its payment's claim (the
-- payment's claim is checked against billing.claim by its own foreign key), which the two
-- per-row checks (payment; claim) did not even require. The other side of those references holds
-- because a payment is append-only: never deleted, its tenant, id and claim never change (a
-- correction is a reversal, a new payment), refused by the statement trigger below.
alter table billing.claim_service_payment drop constraint if exists claim_service_payment_tenant_id_claim_payment_id_fkey;
alter table billing.claim_adjustment drop constraint if exists claim_adjustment_tenant_id_claim_payment_id_fkey;
alter table billing.claim_adjustment drop constraint if exists claim_adjustment_tenant_id_claim_id_fkey;

create function billing_private.tg__claim_payment_key_is_fixed() returns trigger
  language plpgsql as $$
begin
  raise exception 'billing.claim_payment is append-only: a payment is never deleted and its tenant_id, id and claim_id never change (its service lines and adjustments name it); post a reversal (CLP02 22) instead'
    using errcode = '55000';
end $$;
create trigger _050_payment_key_is_fixed before delete or truncate or update of tenant_id, id, claim_id on billing.claim_payment
  for each statement execute function billing_private.tg__claim_payment_key_is_fixed();

-- Security definer: the check must see every payment whoever writes (as a foreign key does, past RLS).
-- Each check probes the primary key once per distinct parent through a correlated subquery, not an
-- anti-join: an anti-join planned on a table's statistics from when it was empty (a new database,
-- a first posting) scans the whole table, a longer scan at every posting.
create function billing_private.tg__service_lines_name_their_payment() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_orphan record;
begin
  select n.tenant_id, n.claim_payment_id, n.line_number into v_orphan
  from (select distinct on (tenant_id, claim_payment_id) tenant_id, claim_payment_id, line_number from new_rows) n
  where (select true from billing.claim_payment p where p.tenant_id = n.tenant_id and p.id = n.claim_payment_id) is null
  limit 1;
  if found then
    raise exception 'claim_service_payment line % names claim_payment_id %, which is not a payment of tenant %', v_orphan.line_number, v_orphan.claim_payment_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_service_payment', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_payment_parts_name_a_payment after insert on billing.claim_service_payment
  referencing new table as new_rows for each statement execute function billing_private.tg__service_lines_name_their_payment();
create trigger _051_payment_parts_name_a_payment after update on billing.claim_service_payment
  referencing new table as new_rows for each statement execute function billing_private.tg__service_lines_name_their_payment();

create function billing_private.tg__adjustments_name_their_payment() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_orphan record;
begin
  select n.tenant_id, n.claim_payment_id, n.claim_id, n.seq into v_orphan
  from (select distinct on (tenant_id, claim_payment_id, claim_id) tenant_id, claim_payment_id, claim_id, seq from new_rows) n
  where (select true from billing.claim_payment p where p.tenant_id = n.tenant_id and p.id = n.claim_payment_id and p.claim_id = n.claim_id) is null
  limit 1;
  if found then
    raise exception 'claim_adjustment % names claim_payment_id % and claim_id %, which is not a payment of that claim (tenant %)', v_orphan.seq, v_orphan.claim_payment_id, v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_adjustment', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_payment_parts_name_a_payment after insert on billing.claim_adjustment
  referencing new table as new_rows for each statement execute function billing_private.tg__adjustments_name_their_payment();
create trigger _051_payment_parts_name_a_payment after update on billing.claim_adjustment
  referencing new table as new_rows for each statement execute function billing_private.tg__adjustments_name_their_payment();

-- 3. A payment names its remittance and its claim. Checked once per statement: the statement's
-- distinct remittances (one, when an 835 posts) must exist; its distinct claims must exist and are
-- locked FOR KEY SHARE as a foreign key would lock them (the posting holds them FOR UPDATE
-- already). The other side: a remittance is append-only (never deleted, never re-keyed); a claim
-- with payments cannot be deleted or re-keyed, and billing.claim cannot be truncated while
-- payments exist.
alter table billing.claim_payment drop constraint if exists claim_payment_tenant_id_remittance_id_fkey;
alter table billing.claim_payment drop constraint if exists claim_payment_tenant_id_claim_id_fkey;

create function billing_private.tg__payments_name_their_remittance_and_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_orphan record;
  v_claims int;
  v_locked int;
begin
  select n.tenant_id, n.remittance_id into v_orphan
  from (select distinct tenant_id, remittance_id from new_rows) n
  where (select true from billing.remittance r where r.tenant_id = n.tenant_id and r.id = n.remittance_id) is null
  limit 1;
  if found then
    raise exception 'claim_payment names remittance_id %, which is not a remittance of tenant %', v_orphan.remittance_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_payment', schema = 'billing';
  end if;
  select count(*), count(l.*) into v_claims, v_locked
  from (select distinct tenant_id, claim_id from new_rows) n
  left join lateral (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id for key share of c) l on true;
  if v_locked <> v_claims then
    select n.tenant_id, n.claim_id into v_orphan from new_rows n
     where not exists (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) limit 1;
    raise exception 'claim_payment names claim_id %, which is not a claim of tenant %', v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_payment', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_payments_name_their_remittance_and_claim after insert on billing.claim_payment
  referencing new table as new_rows for each statement execute function billing_private.tg__payments_name_their_remittance_and_claim();
-- (An update cannot change what a payment names: _050_payment_key_is_fixed refuses it.)

create function billing_private.tg__remittance_key_is_fixed() returns trigger
  language plpgsql as $$
begin
  raise exception 'billing.remittance is append-only: a remittance is never deleted and its tenant_id and id never change (its payments name it)'
    using errcode = '55000';
end $$;
create trigger _050_remittance_key_is_fixed before delete or truncate or update of tenant_id, id on billing.remittance
  for each statement execute function billing_private.tg__remittance_key_is_fixed();

create function billing_private.tg__claims_with_payments_stay() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_claim uuid;
begin
  if tg_op = 'TRUNCATE' then
    select p.claim_id into v_claim from billing.claim_payment p limit 1;
  elsif tg_op = 'UPDATE' then
    select p.claim_id into v_claim from billing.claim_payment p where p.tenant_id = old.tenant_id and p.claim_id = old.id
       and (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) limit 1;
  else
    select p.claim_id into v_claim from old_rows o join billing.claim_payment p on p.tenant_id = o.tenant_id and p.claim_id = o.id limit 1;
  end if;
  if v_claim is not null then
    raise exception 'claim % has payments posted from an 835 (billing.claim_payment names it): it cannot be deleted nor re-keyed', v_claim
      using errcode = '23503', table = 'claim', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _050_claims_with_payments_stay after delete on billing.claim
  referencing old table as old_rows for each statement execute function billing_private.tg__claims_with_payments_stay();
create trigger _050_claims_with_payments_stay_rekey after update of tenant_id, id on billing.claim
  for each row execute function billing_private.tg__claims_with_payments_stay();
create trigger _050_claims_with_payments_stay_truncate before truncate on billing.claim
  for each statement execute function billing_private.tg__claims_with_payments_stay();

-- (The reversed_by index stays whole, NULLs included: PostGraphile shows a relation backwards
-- (payment.paymentsReversed) only over a full index.)
drop index if exists billing.claim_payment_reversed;
create index if not exists claim_payment_tenant_id_reversed_by_idx on billing.claim_payment (tenant_id, reversed_by);

-- 4. The CLPs are staged once (billing_private.stage_remittance) for the balancing and the posting:
-- the posting no longer takes the JSON.
drop function if exists billing_private.post_claim_payments(uuid, uuid, jsonb);

--! split: 38-ingest-throughput.sql
-- ingest16 (issue 16, throughput): apply_chunk marks a chunk's records in its own statement, so the
-- separate marking function goes (sql/functions no longer defines it).
drop function if exists ingestion_private.record_chunk_outcome(uuid, uuid, tid[], integer[], jsonb[], boolean[]);
