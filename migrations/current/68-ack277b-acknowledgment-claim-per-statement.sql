-- ack277b (issue 14, applying a 277CA of 10,000 claims): an acknowledgment's claim is checked once
-- per statement instead of by a foreign key checked once per row. Same integrity.
-- Re-runnable: what this file creates is dropped first; the constraint it drops stays dropped.
--
-- A 277CA writes one billing.claim_acknowledgment row per claim it answers. The foreign key to
-- billing.claim ran its check (an SPI query, a FOR KEY SHARE probe of the claim) once per row:
-- 7 % of the apply's instructions (callgrind, the bench's 10,000-claim 277CA), the largest part of
-- the apply that is neither the claim UPDATE nor an index insert. Its file and submission are
-- already checked once per statement (52-ack277, in 000013); the claim now is too, the same way
-- (as claim lines and history since 55-build16): every distinct (tenant, claim) the statement's new
-- rows name exists in their tenant and is locked FOR KEY SHARE, as the foreign key locked it.
-- The parent side keeps what the key gave: a claim's acknowledgments go with it when it is deleted
-- (ON DELETE CASCADE before), a claim they name is never re-keyed, and billing.claim is truncated
-- only together with them (billing_private.tg__claim_parts_go_with_their_claim, from 55-build16,
-- now names the acknowledgments too). Dropping the key also takes its two RI triggers off
-- billing.claim: one less per-row check on every claim UPDATE.
-- The API keeps the relation through graphql/tags.json5 (section "ack277b").
--
-- Both this check and the claim history's (55-build16) lock only the claims this transaction did
-- not write itself. A claim version the transaction wrote (inserted by a build, moved by a 277CA
-- or an 835) is already safe from the others until it commits: nobody else sees an inserted claim,
-- and a delete or re-key of a moved one waits on the transaction's own update of it, then (read
-- committed) finds the acknowledgments and history committed with it, as after a FOR KEY SHARE
-- wait. Locking it again wrote one more WAL record and dirtied its page per claim. A version
-- written in a subtransaction (another xid) is locked as before.
-- (cascade: the triggers that call it)
drop function if exists billing_private.tg__claim_acknowledgments_name_their_claim() cascade;

alter table billing.claim_acknowledgment drop constraint if exists claim_acknowledgment_tenant_id_claim_id_fkey;

-- Security definer: the check must see every claim whoever writes (as a foreign key does, past
-- RLS). Always through the primary key (enable_seqscan off), whatever the statistics of
-- billing.claim say (see 55-build16: statistics taken while it was empty made every probe a scan).
create function billing_private.tg__claim_acknowledgments_name_their_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public set enable_seqscan = off as $$
declare
  v_xid xid := pg_current_xact_id()::xid;
  v_wanted int;
  v_found int;
  v_ours int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*), count(l.*) filter (where l.ours) into v_wanted, v_found, v_ours
  from (select distinct tenant_id, claim_id from new_rows where claim_id is not null) n
  left join lateral (select c.xmin = v_xid as ours from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) l on true;
  if v_found = v_wanted and v_ours < v_found then
    select count(l.*) into v_locked
    from (select distinct tenant_id, claim_id from new_rows where claim_id is not null) n
    join lateral (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id and c.xmin <> v_xid for key share of c) l on true;
    v_found := v_ours + v_locked;
  end if;
  if v_found <> v_wanted then
    select n.tenant_id, n.claim_id into v_orphan from new_rows n
     where n.claim_id is not null and not exists (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) limit 1;
    raise exception 'claim_acknowledgment names claim_id %, which is not a claim of tenant %', v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_acknowledgment', schema = 'billing';
  end if;
  return null;
end $$;
create trigger _052_claim_acknowledgments_name_their_claim after insert on billing.claim_acknowledgment
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_acknowledgments_name_their_claim();
create trigger _053_claim_acknowledgments_name_their_claim after update on billing.claim_acknowledgment
  referencing new table as new_rows for each statement execute function billing_private.tg__claim_acknowledgments_name_their_claim();

-- The claim's side (its triggers are 55-build16's: after delete, after update of tenant_id and id,
-- after truncate): its lines, its history and now its acknowledgments.
create or replace function billing_private.tg__claim_parts_go_with_their_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  v_claim uuid;
begin
  if tg_op = 'DELETE' then
    delete from billing.claim_line l using old_rows o where l.tenant_id = o.tenant_id and l.claim_id = o.id;
    delete from billing.claim_status_history h using old_rows o where h.tenant_id = o.tenant_id and h.claim_id = o.id;
    delete from billing.claim_acknowledgment a using old_rows o where a.tenant_id = o.tenant_id and a.claim_id = o.id;
    return null;
  end if;
  if tg_op = 'TRUNCATE' then
    select coalesce((select l.claim_id from billing.claim_line l limit 1), (select h.claim_id from billing.claim_status_history h limit 1),
                    (select a.claim_id from billing.claim_acknowledgment a where a.claim_id is not null limit 1)) into v_claim;
    if v_claim is not null then
      raise exception 'billing.claim is truncated only together with billing.claim_line, billing.claim_status_history and billing.claim_acknowledgment (they name its claims): truncate them at once'
        using errcode = '23503', table = 'claim', schema = 'billing';
    end if;
    return null;
  end if;
  if (new.tenant_id, new.id) is distinct from (old.tenant_id, old.id)
     and (exists (select from billing.claim_line l where l.tenant_id = old.tenant_id and l.claim_id = old.id)
          or exists (select from billing.claim_status_history h where h.tenant_id = old.tenant_id and h.claim_id = old.id)
          or exists (select from billing.claim_acknowledgment a where a.tenant_id = old.tenant_id and a.claim_id = old.id)) then
    raise exception 'claim % has lines and a status history or acknowledgments that name it: its tenant_id and id never change', old.id
      using errcode = '23503', table = 'claim', schema = 'billing';
  end if;
  return null;
end $$;

-- The history's check (55-build16), with the same lock only for claims this transaction did not write.
create or replace function billing_private.tg__claim_history_names_its_claim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public set enable_seqscan = off as $$
declare
  v_xid xid := pg_current_xact_id()::xid;
  v_wanted int;
  v_found int;
  v_ours int;
  v_locked int;
  v_orphan record;
begin
  select count(*), count(l.*), count(l.*) filter (where l.ours) into v_wanted, v_found, v_ours
  from (select distinct tenant_id, claim_id from new_rows) n
  left join lateral (select c.xmin = v_xid as ours from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) l on true;
  if v_found = v_wanted and v_ours < v_found then
    select count(l.*) into v_locked
    from (select distinct tenant_id, claim_id from new_rows) n
    join lateral (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id and c.xmin <> v_xid for key share of c) l on true;
    v_found := v_ours + v_locked;
  end if;
  if v_found <> v_wanted then
    select n.tenant_id, n.claim_id into v_orphan from new_rows n
     where not exists (select from billing.claim c where c.tenant_id = n.tenant_id and c.id = n.claim_id) limit 1;
    raise exception 'claim_status_history names claim_id %, which is not a claim of tenant %', v_orphan.claim_id, v_orphan.tenant_id
      using errcode = '23503', table = 'claim_status_history', schema = 'billing';
  end if;
  return null;
end $$;
