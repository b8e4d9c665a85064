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
