-- billing_private.claim_lookup follows billing.claim: one statement trigger per operation copies the
-- status, earliest service date and payer claim control number of the claims the statement wrote
-- (migration 61 says why the lookups live there). Set-based: a 277CA of 10,000 claims is one
-- UPDATE of the narrow table.
-- Each statement's claims are found by key (a nested loop over the lookup's primary key): a hash
-- join read the whole lookup table for every statement, O(the tenant's history) for a 277CA of
-- 10,000 claims, and a single-claim update likewise; hence the two join settings, scoped to this
-- function.
create or replace function billing_private.tg__claim_lookup_follows_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public set enable_hashjoin = off set enable_mergejoin = off as $$
begin
  if tg_op = 'INSERT' then
    insert into billing_private.claim_lookup (tenant_id, claim_id, status, earliest_service_date, payer_claim_control_number)
    select n.tenant_id, n.id, n.status, n.earliest_service_date, n.payer_claim_control_number from new_rows n;
  elsif tg_op = 'UPDATE' then
    update billing_private.claim_lookup k
       set status = n.status, earliest_service_date = n.earliest_service_date, payer_claim_control_number = n.payer_claim_control_number
      from new_rows n
     where k.tenant_id = n.tenant_id and k.claim_id = n.id
       and (k.status, k.earliest_service_date, k.payer_claim_control_number) is distinct from (n.status, n.earliest_service_date, n.payer_claim_control_number);
  elsif tg_op = 'DELETE' then
    delete from billing_private.claim_lookup k using old_rows o where k.tenant_id = o.tenant_id and k.claim_id = o.id;
  elsif tg_op = 'TRUNCATE' then
    truncate billing_private.claim_lookup;
  end if;
  return null;
end $$;

-- The lookup row is keyed by the claim's (tenant_id, id): those never change. A claim with lines,
-- history or payments is already refused by the parent checks (_050, _060, which fire first and
-- name what depends on it); this covers any other claim.
create or replace function billing_private.tg__claim_key_is_fixed() returns trigger
  language plpgsql as $$
begin
  if (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id) then
    raise exception 'claim %: its tenant_id and id never change', old.id using errcode = '55000', table = 'claim', schema = 'billing';
  end if;
  return null;
end $$;

create or replace trigger _070_claim_lookup_insert after insert on billing.claim
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_lookup_follows_claim();
create or replace trigger _070_claim_lookup_update after update on billing.claim
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_lookup_follows_claim();
create or replace trigger _070_claim_lookup_delete after delete on billing.claim
  referencing old table as old_rows for each statement execute function billing_private.tg__claim_lookup_follows_claim();
create or replace trigger _070_claim_lookup_truncate after truncate on billing.claim
  for each statement execute function billing_private.tg__claim_lookup_follows_claim();
-- ENABLE ALWAYS: the lookup follows every write, also the claim build's, which runs in replica
-- mode (billing_private.write_claims); CREATE OR REPLACE TRIGGER puts a trigger back to origin-only.
alter table billing.claim enable always trigger _070_claim_lookup_insert;
alter table billing.claim enable always trigger _070_claim_lookup_update;
alter table billing.claim enable always trigger _070_claim_lookup_delete;
alter table billing.claim enable always trigger _070_claim_lookup_truncate;
create or replace trigger _070_claim_key_is_fixed after update of tenant_id, id on billing.claim
  for each row execute function billing_private.tg__claim_key_is_fixed();
