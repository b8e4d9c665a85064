--! Previous: sha1:351d84b4c96a47a2c159724d79c367201c9749d3
--! Hash: sha1:7128b3cdd4ed7702c9206c12885710b60eedc74e
--! Message: Eligibility batch mode, claim build and ingestion speed

--! split: 1-eligibility-batch-mode.sql
-- Eligibility: CAQH CORE batch-mode trading partners. A batch partner acknowledges a 270
-- submission (PayloadID) and answers later: its inquiry stays PENDING (acknowledged), its member
-- SUBMITTED, until the 271 is pushed to POST /eligibility/responses or fetched by the
-- eligibility/poll-batch-results task, or the partner's batch_response_hours pass (FAILED).
-- Re-runnable: what this file adds is dropped first.
drop index if exists eligibility.eligibility_inquiry_awaiting_batch;
alter table eligibility.sweep_run_member drop column if exists awaiting_batch_since cascade;
alter table eligibility.eligibility_inquiry drop column if exists batch_polled_at cascade;
alter table eligibility.eligibility_inquiry drop column if exists batch_acknowledged_at cascade;
alter table eligibility.eligibility_inquiry drop column if exists processing_mode cascade;
alter table core.trading_partner drop column if exists batch_response_hours cascade;

alter table core.trading_partner
  add column batch_response_hours integer not null default 24 check (batch_response_hours between 1 and 720);
comment on column core.trading_partner.batch_response_hours is
  'Batch mode: a 270 whose 271 has not arrived this many hours after its batch submission is FAILED.';
grant insert (batch_response_hours), update (batch_response_hours) on core.trading_partner to :VISITOR;

alter table eligibility.eligibility_inquiry
  add column processing_mode text not null default 'RealTime' check (processing_mode in ('RealTime', 'Batch')),
  -- When the partner confirmed receipt of the batch submission (CORE X12_Response_ConfirmReceiptReceived).
  add column batch_acknowledged_at timestamptz,
  -- Last batch results retrieval request for this inquiry's PayloadID.
  add column batch_polled_at timestamptz;
comment on column eligibility.eligibility_inquiry.processing_mode is 'CORE ProcessingMode the 270 was sent with: RealTime (answer in the response) or Batch (answer later).';

-- Members whose 270s are all out and acknowledged by a batch partner; they stay SUBMITTED until
-- the 271s land (a restarted run leaves them alone instead of re-sending).
alter table eligibility.sweep_run_member add column awaiting_batch_since timestamptz;

-- The poller's and the deadline's work list: acknowledged batch inquiries without an answer.
create index eligibility_inquiry_awaiting_batch on eligibility.eligibility_inquiry (tenant_id, sent_at)
  where outcome = 'PENDING' and batch_acknowledged_at is not null;

--! split: 2-claims-build-speed.sql
-- Claims: the claim build's cost was the charge rows' move to BILLED (a non-HOT update: a new
-- entry in each of the charge's six indexes) and foreign-key checks that prove nothing new.
-- Re-runnable.

-- No index names charge.status, and pages keep room, so VALIDATED -> BILLED (and the
-- validation's status change) are heap-only updates. The nightly passes that look for NEW or
-- VALIDATED charges read the tenant's charges through the primary key instead.
drop index if exists billing.charge_status_date;
alter table billing.charge set (fillfactor = 50);
-- The console's charge list (by date of service) and the timely-filing scan walk this one.
create index if not exists charge_service_date on billing.charge (tenant_id, service_date);

-- A claim line's and a claim history row's tenant is their claim's, whose tenant is checked:
-- a second check per row against core.tenant proves nothing.
alter table billing.claim_line drop constraint if exists claim_line_tenant_id_fkey;
alter table billing.claim_status_history drop constraint if exists claim_status_history_tenant_id_fkey;

-- A claim line is (claim, line number); the surrogate id was one more index per line.
alter table billing.claim_line drop constraint if exists claim_line_tenant_id_claim_id_line_number_key;
alter table billing.claim_line drop constraint if exists claim_line_pkey;
alter table billing.claim_line drop column if exists id;
alter table billing.claim_line add primary key (tenant_id, claim_id, line_number);

-- A claim's member and payer are its coverage's: one composite foreign key says so and checks
-- tenant, member, payer and coverage at once, instead of four checks per claim. (A coverage's
-- member and payer are part of its natural key and never change.) The API keeps its relations
-- through smart tags (graphql/tags.json5); this constraint's own relation is not exposed.
alter table billing.claim drop constraint if exists claim_tenant_id_fkey;
alter table billing.claim drop constraint if exists claim_tenant_id_member_id_fkey;
alter table billing.claim drop constraint if exists claim_tenant_id_payer_id_fkey;
alter table billing.claim drop constraint if exists claim_tenant_id_coverage_policy_id_fkey;
alter table billing.claim drop constraint if exists claim_coverage_fkey;
create unique index if not exists coverage_policy_member_payer on member.coverage_policy (tenant_id, id, member_id, payer_id);
alter table billing.claim add constraint claim_coverage_fkey foreign key (tenant_id, coverage_policy_id, member_id, payer_id)
  references member.coverage_policy (tenant_id, id, member_id, payer_id);
comment on constraint claim_coverage_fkey on billing.claim is E'@behavior -single -connection -list -filterBy';

--! split: 3-ingestion-speed.sql
-- Ingestion: a service event's tenant is its member's, and (tenant_id, member_id) is checked
-- against member.member, whose tenant is checked; a third check per applied record against
-- core.tenant proves nothing. The API keeps the relation through a smart tag. Re-runnable.
alter table service.service_event drop constraint if exists service_event_tenant_id_fkey;
