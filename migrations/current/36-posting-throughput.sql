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
