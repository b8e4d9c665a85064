--! Previous: sha1:39586bd72ea7e88b76a21fbcf187c4a8fb500332
--! Hash: sha1:09cf433886bac88283ff0683e4b3cafee5b739e7
--! Message: claim status, remittance flow, posting speed, faults, ingestion apply kinds

--! split: 72-claim-status.sql
-- Claim status follow-up of stale claims (issue 15, 276/277): which trading partners answer 276s,
-- how often a claim may be asked, and one row per 276 sent. Re-runnable: drops first.
drop table if exists billing.claim_status_inquiry cascade;
alter table core.trading_partner drop column if exists supports_276 cascade;
alter table core.trading_partner drop column if exists claim_status_interval_days cascade;

alter table core.trading_partner
  add column supports_276 boolean not null default false,
  add column claim_status_interval_days integer not null default 14 check (claim_status_interval_days between 1 and 180);
grant insert (supports_276, claim_status_interval_days), update (supports_276, claim_status_interval_days) on core.trading_partner to :VISITOR;
comment on column core.trading_partner.supports_276 is 'The partner answers 276 claim status requests in CORE real time (X12_276_Request_005010X212): stale claims of payers sent through it are asked about.';
comment on column core.trading_partner.claim_status_interval_days is 'A claim that got a 277 answer through this partner is not asked about again for this many days.';

-- One 276 sent for one claim: SENDING (reserved, the request under way) -> ANSWERED (a 277 came
-- back; its statuses are in the claim's history) | FAILED (timeout, HTTP error, no 277; retried).
create table billing.claim_status_inquiry (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  trading_partner_id uuid not null,
  status text not null default 'SENDING' check (status in ('SENDING', 'ANSWERED', 'FAILED')),
  interchange_control_number bigint not null,
  trace_number text not null,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  http_status integer,
  -- The 277's STC composites: [{"category", "code", "entity"}], with STC04/STC05 amounts.
  statuses jsonb,
  charge_amount numeric(14, 2),
  paid_amount numeric(14, 2),
  note text,
  error text,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id),
  constraint claim_status_inquiry_finished check ((status = 'SENDING') = (finished_at is null)),
  constraint claim_status_inquiry_answer check (status <> 'ANSWERED' or statuses is not null)
);
create index claim_status_inquiry_claim on billing.claim_status_inquiry (tenant_id, claim_id, requested_at desc);
create index claim_status_inquiry_sending on billing.claim_status_inquiry (tenant_id, requested_at) where status = 'SENDING';
select core_private.enable_tenant_rls('billing.claim_status_inquiry', 'claims.read', null);
grant select on billing.claim_status_inquiry to :VISITOR;
comment on table billing.claim_status_inquiry is 'A 276 claim status request sent for a stale claim, and the 277 answer (or the error). The answer is also a note in the claim''s history.';

--! split: 73-remitflow.sql
-- 73-remitflow (issue 15): 835s retrieved from the claims trading partner over CORE batch, and the
-- denial actions that send claims again (replacement, void, the secondary coverage).
-- Re-runnable: drops what it creates first, in reverse order.
drop table if exists billing_private.remittance_retrieval cascade;
drop index if exists billing.claim_line_one_per_charge;
alter table billing.claim_line drop column if exists payer_sequence;
alter table billing.claim drop column if exists primary_claim_id;
alter table billing.claim drop constraint if exists claim_status_check;

-------------------------------------------------------------------------------
-- Claims: a void ends VOIDED; a claim to the secondary coverage names the primary's claim
-------------------------------------------------------------------------------

-- VOIDED: the payer reversed its payment on our void (frequency 8); nothing is owed any more.
alter table billing.claim add constraint claim_status_check
  check (status in ('CREATED', 'BUILT', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'PAID', 'DENIED', 'VOIDED'));

alter table billing.claim add column primary_claim_id uuid;
alter table billing.claim add constraint claim_primary_claim_fkey foreign key (tenant_id, primary_claim_id) references billing.claim (tenant_id, id);
create index claim_primary_claim on billing.claim (tenant_id, primary_claim_id) where primary_claim_id is not null;
comment on column billing.claim.primary_claim_id is 'Set on a claim to the secondary (or tertiary) coverage: the claim whose payer adjudicated first.';
comment on constraint claim_primary_claim_fkey on billing.claim is E'@fieldName primaryClaim\n@foreignFieldName coordinatedClaims';

-- A charge is billed once per payer in the coordination order (1 primary, 2 secondary, 3 tertiary).
alter table billing.claim_line add column payer_sequence smallint not null default 1 check (payer_sequence between 1 and 3);
create unique index claim_line_one_per_charge on billing.claim_line (tenant_id, charge_id, payer_sequence);
comment on column billing.claim_line.payer_sequence is 'The coverage priority of the claim this line is on: a charge is billed at most once to each.';

-------------------------------------------------------------------------------
-- 835 retrieval from the claims trading partner
-------------------------------------------------------------------------------

-- Per tenant and trading partner: the ISA13 of the last 835 interchange retrieved and posted, sent
-- as the Payload of the next X12_835_Request (the partner answers the next file after it). A file
-- retrieved again after a crash is posted again and answered DUPLICATE, so this moves only after posting.
create table billing_private.remittance_retrieval (
  tenant_id uuid not null references core.tenant (id),
  trading_partner_id uuid not null,
  last_interchange_control_number bigint not null default 0,
  files_retrieved integer not null default 0,
  last_retrieved_at timestamptz,
  primary key (tenant_id, trading_partner_id),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id) on delete cascade
);
alter table billing_private.remittance_retrieval enable row level security;
alter table billing_private.remittance_retrieval force row level security;
comment on table billing_private.remittance_retrieval is 'The 835 retrieval cursor of a tenant''s claims trading partner: the ISA13 of the last 835 file posted.';

--! split: 75-remittance-posting-speed.sql
-- 75-remittance-posting-speed (issue 15 performance: posting 835s).
-- Re-runnable: only create-or-replace and drop-if-exists.

-- The NPI check runs on every claim UPDATE (PostgreSQL evaluates every CHECK constraint on update),
-- so posting 1,000 CLPs called the plpgsql Luhn loop 1,000 times (~60 us a call under load). The
-- same rule as one SQL expression is inlined by the planner into the constraint: same answers
-- (checked against the loop on 300,000 strings), still STRICT (null stays null, so nullable NPI
-- columns accept null, and GraphQL's isValidNpi keeps its required argument). A STRICT function is
-- only inlined when its body has strict constructs only, hence no CASE/AND: the shape check and the
-- Luhn check are multiplied as 0/1, and digits are read with ascii() (never fails on other text).
-- Luhn over '80840' || the first 9 digits (the prefix contributes 24), check digit included; digits
-- 1, 3, 5, 7, 9 are doubled (translate maps d to the digit sum of 2d); 480 = 10 x ascii('0').
create or replace function core.is_valid_npi(npi text) returns boolean
  language sql immutable parallel safe strict as $$
select (npi ~ '^[12][0-9]{9}$')::int
     * ((24 + ascii(translate(substr(npi, 1, 1), '0123456789', '0246813579')) + ascii(substr(npi, 2, 1))
            + ascii(translate(substr(npi, 3, 1), '0123456789', '0246813579')) + ascii(substr(npi, 4, 1))
            + ascii(translate(substr(npi, 5, 1), '0123456789', '0246813579')) + ascii(substr(npi, 6, 1))
            + ascii(translate(substr(npi, 7, 1), '0123456789', '0246813579')) + ascii(substr(npi, 8, 1))
            + ascii(translate(substr(npi, 9, 1), '0123456789', '0246813579')) + ascii(substr(npi, 10, 1)) - 480) % 10 = 0)::int = 1
$$;

-- Posting reads remark codes inline now (a per-row call of this function cost more than the row).
drop function if exists billing_private.remark_codes(jsonb);

--! split: 76-faults.sql
-- faults (issue 16 part 3): eligibility_private.fn_sweep_run_plan returns prior_attempts (a new
-- output column), so the old signature is dropped and sql/functions/ creates the new one.
drop function if exists eligibility_private.fn_sweep_run_plan(uuid, uuid, integer);

--! split: 77-ingestion-apply-kinds.sql
-- engine2 (issue 16): one apply skeleton for every feed kind. A kind is now its mapped row type
-- (below), ingestion_private.check_<kind> (parse, look up, check) and write_<kind> (the upsert);
-- ingestion_private.apply_chunk holds the shared steps (lock, key check, key claim, marking).
-- The four copies of the skeleton go (sql/functions no longer defines them).
drop function if exists ingestion_private.fn_apply_members(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_coverage_policies(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_service_events(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_charges(uuid, integer, integer);

drop type if exists ingestion_private.charge_row cascade;
drop type if exists ingestion_private.coverage_policy_row cascade;
drop type if exists ingestion_private.service_event_row cascade;
drop type if exists ingestion_private.member_row cascade;

-- Each row type starts with the record's identity and outcome (row_number, rid, key, data,
-- error_detail), which apply_chunk reads, then the values its write_<kind> stores.
create type ingestion_private.member_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  member_number text, first_name text, last_name text, middle_name text, date_of_birth date, gender text,
  address_line text, city text, state text, postal_code text, phone text
);

create type ingestion_private.service_event_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  event_number text, member_id uuid, facility_id uuid, service_date date, status text, rendering_npi text, service_type_code text
);

create type ingestion_private.coverage_policy_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  member_id uuid, payer_id uuid, subscriber_id text, group_number text, plan_name text, relationship_code text,
  subscriber_first_name text, subscriber_last_name text, subscriber_date_of_birth date, subscriber_gender text,
  effective_from date, effective_to date, status text, priority smallint
);

create type ingestion_private.charge_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  charge_number text, service_event_id uuid, member_id uuid, facility_id uuid, rendering_npi text, billing_npi text,
  procedure_code text, modifiers text[], diagnosis_codes text[], units numeric, amount numeric, service_date date,
  place_of_service text
);
