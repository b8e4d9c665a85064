-- Issue 15, posting throughput: fewer foreign-key checks per posted claim, same integrity.
-- Re-runnable: what this file creates is dropped first, in reverse order.
--
-- Posting one 835 claim (1 payment, 3 service lines, 4 adjustments) checked 21 foreign keys, one
-- row at a time: ~40 % of the posting's time (EXPLAIN ANALYZE of billing.fn_post_remittance's
-- statements: 1,037 of 2,573 ms for 1,000 claims). What replaces each check is said below; the
-- API keeps every relation through graphql/tags.json5.
-- (cascade: the triggers that call them)
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
create function billing_private.tg__service_lines_name_their_payment() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_orphan record;
begin
  select n.tenant_id, n.claim_payment_id, n.line_number into v_orphan from new_rows n
   where not exists (select from billing.claim_payment p where p.tenant_id = n.tenant_id and p.id = n.claim_payment_id)
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
  select n.tenant_id, n.claim_payment_id, n.claim_id, n.seq into v_orphan from new_rows n
   where not exists (select from billing.claim_payment p where p.tenant_id = n.tenant_id and p.id = n.claim_payment_id and p.claim_id = n.claim_id)
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
