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
