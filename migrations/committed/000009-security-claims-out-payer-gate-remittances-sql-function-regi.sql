--! Previous: sha1:e1b8d885efcbfca3745b9130812b967cd0a9cf03
--! Hash: sha1:39586bd72ea7e88b76a21fbcf187c4a8fb500332
--! Message: security, claims out, payer gate, remittances, sql function registry, function comments

--! split: 30-security.sql
-- Security (issue 13, docs/security.md): read permissions of the patient and partner tables,
-- trading partner passwords encrypted at rest, credentials cleared when the endpoint changes.
-- Re-runnable: what this file creates is dropped first, in reverse order.

drop trigger if exists _200_clear_credentials_on_endpoint_change on core.trading_partner;
drop function if exists core_private.tg__clear_credentials_on_endpoint_change();
drop policy if exists tenant_read on core.trading_partner;
drop policy if exists tenant_read on service.service_event;
drop policy if exists tenant_read on member.coverage_policy;
drop policy if exists tenant_read on member.member;

-- `admin` holds every permission, as in core.has_permission.
create or replace function core.has_any_permission(permissions text[]) returns boolean
  language sql stable parallel safe
  as $$ select core.current_permissions() && (permissions || 'admin'::text) $$;
grant execute on function core.has_any_permission(text[]) to :VISITOR;

-------------------------------------------------------------------------------
-- Who reads what. Patients (member, coverage, service events) are PHI: the eligibility,
-- ingestion and claims users work on them; a reports-only user sees aggregates, never a patient.
-- Trading partners (endpoints, sender ids): the eligibility users who run sweeps, and admins.
-- Facilities and payers stay readable by every user of the tenant (reference data, no PHI).
-------------------------------------------------------------------------------
create policy tenant_read on member.member for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
create policy tenant_read on member.coverage_policy for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
create policy tenant_read on service.service_event for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
-- Claims users see the partner their claims go to (submissions name it); no secret is on this row.
create policy tenant_read on core.trading_partner for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'claims.read', 'claims.write'])));

-------------------------------------------------------------------------------
-- Partner passwords encrypted at rest (pgp_sym_encrypt, AES-256) with a key that is not in the
-- database: the server passes it in (PARTNER_CREDENTIAL_KEY; .data/secrets.json in development).
-- `password` (plain text) is emptied by the server at start (core_private.
-- fn_encrypt_plaintext_partner_passwords) and can be dropped once every installation has run it.
-------------------------------------------------------------------------------
alter table core_private.trading_partner_credential add column if not exists password_encrypted bytea;
alter table core_private.trading_partner_credential alter column password drop not null;
comment on column core_private.trading_partner_credential.password_encrypted is
  'pgp_sym_encrypt(password, key): the key is the server''s PARTNER_CREDENTIAL_KEY, never stored in the database.';
comment on column core_private.trading_partner_credential.password is
  'Deprecated (plain text): emptied at server start into password_encrypted.';

-- A new endpoint gets no credentials: the stored UserName/Password were meant for the old one
-- (an API admin pointing a partner at their own URL must not receive them). An operator's
-- update in psql (no JWT claims: the owner, trusted) keeps them.
create function core_private.tg__clear_credentials_on_endpoint_change() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if new.endpoint_url is distinct from old.endpoint_url and core.current_tenant_id() is not null then
    delete from core_private.trading_partner_credential c where c.tenant_id = old.tenant_id and c.trading_partner_id = old.id;
    new.credentials_updated_at := null;
  end if;
  return new;
end $$;
create trigger _200_clear_credentials_on_endpoint_change before update of endpoint_url on core.trading_partner
  for each row execute function core_private.tg__clear_credentials_on_endpoint_change();

-------------------------------------------------------------------------------
-- View refreshes requested through the API (a tenant's user) are rate limited across tenants
-- (billing_private.refresh_view_group): the rows say which refreshes were.
-------------------------------------------------------------------------------
alter table ops.view_refresh drop column if exists api_request;
alter table ops.view_refresh add column api_request boolean not null default false;
comment on column ops.view_refresh.api_request is 'true when a tenant''s user asked for this refresh through the API (rate limited: rcm.view_refresh_min_interval).';

--! split: 40-claims-out.sql
-- Claims leave (issue 14): the data an 837P needs, patient control numbers, submissions of
-- claims to a trading partner, the acknowledgments that come back (TA1, 999, 277CA), the
-- published code lists that make them readable, and the rejection queue.
-- Re-runnable: drops what it creates (reverse order), then creates it.
drop type if exists billing.claim_submit_outcome cascade;
drop table if exists billing.claim_rejection cascade;
drop table if exists billing.claim_acknowledgment cascade;
drop table if exists billing.acknowledgment_file cascade;
drop table if exists billing.claim_submission_claim cascade;
drop table if exists billing.claim_submission cascade;
drop schema if exists x12_code cascade;
alter table billing.claim drop column if exists patient_control_number cascade;
alter table billing.claim drop column if exists payer_claim_control_number cascade;
alter table billing.claim drop column if exists frequency_code cascade;
drop sequence if exists billing.patient_control_number_seq;
alter table core.trading_partner drop column if exists submitter_id cascade;
alter table core.trading_partner drop column if exists submitter_name cascade;
alter table core.trading_partner drop column if exists submitter_contact_name cascade;
alter table core.trading_partner drop column if exists submitter_contact_phone cascade;
alter table core.trading_partner drop column if exists receiver_name cascade;
alter table core.trading_partner drop column if exists acknowledgment_poll_minutes cascade;
alter table member.coverage_policy drop column if exists subscriber_address_line cascade;
alter table member.coverage_policy drop column if exists subscriber_city cascade;
alter table member.coverage_policy drop column if exists subscriber_state cascade;
alter table member.coverage_policy drop column if exists subscriber_postal_code cascade;
alter table core.payer drop column if exists claim_filing_indicator cascade;
alter table core.payer drop column if exists claims_trading_partner_id cascade;
alter table core.facility drop column if exists address_line cascade;
alter table core.facility drop column if exists city cascade;
alter table core.facility drop column if exists state cascade;
alter table core.facility drop column if exists postal_code cascade;
alter table core.facility drop column if exists tax_id cascade;

-------------------------------------------------------------------------------
-- Data an 837P needs that the schema lacked
-------------------------------------------------------------------------------

-- 2010AA billing provider (the facility the claim is billed from): N3/N4 and REF*EI.
alter table core.facility
  add column address_line text check (length(trim(address_line)) between 1 and 55),
  add column city text check (length(trim(city)) between 2 and 30),
  add column state text check (state ~ '^[A-Z]{2}$'),
  add column postal_code text check (postal_code ~ '^[0-9]{5}([0-9]{4})?$'),
  add column tax_id text check (tax_id ~ '^[0-9]{9}$');
grant insert (address_line, city, state, postal_code, tax_id), update (address_line, city, state, postal_code, tax_id) on core.facility to :VISITOR;
comment on column core.facility.postal_code is 'ZIP; a billing provider needs all 9 digits (837P 2010AA N403) before its claims are submitted.';
comment on column core.facility.tax_id is 'Employer identification number (EIN, 9 digits, no dash): 837P 2010AA REF*EI.';

-- 2000B SBR09 and where claims go (may differ from the 270 partner).
alter table core.payer
  add column claim_filing_indicator text check (claim_filing_indicator in
    ('11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ')),
  add column claims_trading_partner_id uuid,
  add foreign key (tenant_id, claims_trading_partner_id) references core.trading_partner (tenant_id, id);
create index on core.payer (tenant_id, claims_trading_partner_id);
grant insert (claim_filing_indicator, claims_trading_partner_id), update (claim_filing_indicator, claims_trading_partner_id) on core.payer to :VISITOR;
comment on column core.payer.claim_filing_indicator is 'SBR09 claim filing indicator (MB Medicare Part B, MC Medicaid, CI commercial, BL BCBS, HM HMO, ...). Null: derived from kind (MEDICARE MB, MEDICAID MC, COMMERCIAL CI); an OTHER payer needs it set.';
comment on column core.payer.claims_trading_partner_id is 'The trading partner 837P claims for this payer are sent to. Null: the payer''s (270) trading_partner_id.';

-- 2010BA subscriber address when the patient is a dependent (a self subscriber uses the member''s).
alter table member.coverage_policy
  add column subscriber_address_line text,
  add column subscriber_city text,
  add column subscriber_state text check (subscriber_state ~ '^[A-Z]{2}$'),
  add column subscriber_postal_code text check (subscriber_postal_code ~ '^[0-9]{5}([0-9]{4})?$');

-- 1000A submitter and 1000B receiver of the 837P, per partner.
alter table core.trading_partner
  add column submitter_id text check (submitter_id ~ '^[A-Za-z0-9]{2,80}$'),
  add column submitter_name text check (length(trim(submitter_name)) between 1 and 60),
  add column submitter_contact_name text check (length(trim(submitter_contact_name)) between 1 and 60),
  add column submitter_contact_phone text check (submitter_contact_phone ~ '^[0-9]{10}$'),
  add column receiver_name text check (length(trim(receiver_name)) between 1 and 60),
  add column acknowledgment_poll_minutes integer not null default 15 check (acknowledgment_poll_minutes between 1 and 1440);
grant insert (submitter_id, submitter_name, submitter_contact_name, submitter_contact_phone, receiver_name, acknowledgment_poll_minutes),
  update (submitter_id, submitter_name, submitter_contact_name, submitter_contact_phone, receiver_name, acknowledgment_poll_minutes) on core.trading_partner to :VISITOR;
comment on column core.trading_partner.submitter_id is '837P 1000A NM109 (the ETIN the partner gave us). Null: sender_id.';
comment on column core.trading_partner.submitter_name is '837P 1000A NM103. Null: the tenant''s name.';
comment on column core.trading_partner.submitter_contact_phone is '837P 1000A PER*IC phone, 10 digits: required before claims go to this partner.';
comment on column core.trading_partner.receiver_name is '837P 1000B NM103. Null: the partner''s name.';

-------------------------------------------------------------------------------
-- Claim identity on the wire
-------------------------------------------------------------------------------

create sequence billing.patient_control_number_seq;
alter table billing.claim
  add column patient_control_number text,
  add column payer_claim_control_number text check (length(payer_claim_control_number) between 1 and 50),
  add column frequency_code text not null default '1' check (frequency_code in ('1', '7', '8'));
update billing.claim set patient_control_number = 'C' || to_char(nextval('billing.patient_control_number_seq'), 'FM0000000000');
alter table billing.claim
  alter column patient_control_number set default 'C' || to_char(nextval('billing.patient_control_number_seq'), 'FM0000000000'),
  alter column patient_control_number set not null,
  add constraint claim_patient_control_number_check check (patient_control_number ~ '^[A-Za-z0-9]{1,20}$'),
  add constraint claim_patient_control_number_key unique (tenant_id, patient_control_number);
grant usage on sequence billing.patient_control_number_seq to :VISITOR;
comment on column billing.claim.patient_control_number is 'CLM01: short, unique per tenant, stable; assigned when the claim is built. 277CA and 835 answers come back with it.';
comment on column billing.claim.payer_claim_control_number is 'The payer''s claim number from the 277CA (REF*1K) once accepted.';
comment on column billing.claim.frequency_code is 'CLM05-3: 1 original (also a rejected claim sent again: it never reached adjudication), 7 replacement, 8 void.';

-------------------------------------------------------------------------------
-- Submissions: one 837P interchange to one trading partner
-------------------------------------------------------------------------------

create table billing.claim_submission (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  trading_partner_id uuid not null,
  status text not null default 'CREATED' check (status in ('CREATED', 'SENT', 'ACKNOWLEDGED', 'REJECTED')),
  interchange_control_number bigint not null check (interchange_control_number between 1 and 999999999),
  claim_count integer not null check (claim_count > 0),
  total_amount numeric(16, 2) not null,
  payload_id uuid not null default gen_random_uuid(),
  -- The exact bytes sent (written once, before the first send; a re-send sends these).
  x12 text,
  x12_bytes integer,
  send_attempts integer not null default 0,
  last_error text,
  receipt jsonb,
  sent_at timestamptz,
  acknowledged_at timestamptz,
  rejection_reason text,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, trading_partner_id, interchange_control_number),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id),
  constraint claim_submission_sent_has_file check (status = 'CREATED' or x12 is not null),
  constraint claim_submission_rejected_has_reason check (status <> 'REJECTED' or rejection_reason is not null)
);
create index claim_submission_status on billing.claim_submission (tenant_id, status, created_at desc);
create trigger _100_set_updated_at before update on billing.claim_submission for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.claim_submission', 'claims.read', null);
create policy tenant_read_write on billing.claim_submission for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_submission to :VISITOR;
comment on table billing.claim_submission is 'One 837P interchange (ISA13 unique per partner) of BUILT claims to one trading partner: CREATED -> SENT -> ACKNOWLEDGED | REJECTED (TA1/999 rejected it). x12 holds the exact bytes sent.';
comment on column billing.claim_submission.receipt is 'The partner''s CORE batch receipt (PayloadID, HTTP status, ErrorCode/ErrorMessage).';

create table billing.claim_submission_claim (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  submission_id uuid not null,
  claim_id uuid not null,
  transaction_set_control_number integer not null,
  -- Set when the claim's answer for this try arrived (ACCEPTED/REJECTED) or the submission was rejected.
  closed_at timestamptz,
  primary key (tenant_id, submission_id, claim_id),
  foreign key (tenant_id, submission_id) references billing.claim_submission (tenant_id, id) on delete cascade,
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade
);
-- A claim is in at most one open submission.
create unique index claim_submission_claim_open on billing.claim_submission_claim (tenant_id, claim_id) where closed_at is null;
create index on billing.claim_submission_claim (tenant_id, claim_id);
select core_private.enable_tenant_rls('billing.claim_submission_claim', 'claims.read', null);
create policy tenant_read_write on billing.claim_submission_claim for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_submission_claim to :VISITOR;
comment on table billing.claim_submission_claim is 'The claims of a submission (each try of a claim is a row; at most one open).';
comment on constraint claim_submission_claim_tenant_id_submission_id_fkey on billing.claim_submission_claim is E'@foreignFieldName claims\n@fieldName submission';
comment on constraint claim_submission_claim_tenant_id_claim_id_fkey on billing.claim_submission_claim is E'@foreignFieldName submissions\n@fieldName claim';

-- What billing.fn_submit_claims answers: one row per submission created, or one row per claim
-- and problem that stopped (or, for "every BUILT claim", skipped) it.
create type billing.claim_submit_outcome as (
  submission_id uuid,
  trading_partner_id uuid,
  claim_count integer,
  interchange_control_number bigint,
  claim_id uuid,
  error_code text,
  error_message text
);
comment on type billing.claim_submit_outcome is 'Per submission created (error_code null), or per claim that could not be submitted and why.';

-------------------------------------------------------------------------------
-- Acknowledgments: the files that came back and what each said
-------------------------------------------------------------------------------

create table billing.acknowledgment_file (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('TA1', '999', '277CA')),
  source text not null check (source in ('POLL', 'PUSH')),
  trading_partner_id uuid,
  interchange_control_number bigint,
  x12 text not null,
  applied_count integer not null default 0,
  -- Claims or submissions the file names that are not ours (unknown, or another tenant's): reported, never applied.
  unmatched jsonb not null default '[]' check (jsonb_typeof(unmatched) = 'array'),
  received_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id)
);
create unique index acknowledgment_file_once on billing.acknowledgment_file (tenant_id, trading_partner_id, kind, interchange_control_number);
select core_private.enable_tenant_rls('billing.acknowledgment_file', 'claims.read', null);
create policy tenant_read_write on billing.acknowledgment_file for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.acknowledgment_file to :VISITOR;
comment on table billing.acknowledgment_file is 'A TA1, 999 or 277CA received (polled or pushed), with what it matched and what it could not.';

create table billing.claim_acknowledgment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  acknowledgment_file_id uuid not null,
  submission_id uuid,
  claim_id uuid,
  kind text not null check (kind in ('TA1', '999', '277CA')),
  status text not null check (status in ('ACCEPTED', 'ACCEPTED_WITH_ERRORS', 'REJECTED', 'PENDING')),
  codes jsonb not null default '[]' check (jsonb_typeof(codes) = 'array'),
  reason text,
  payer_claim_control_number text,
  received_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, acknowledgment_file_id) references billing.acknowledgment_file (tenant_id, id) on delete cascade,
  foreign key (tenant_id, submission_id) references billing.claim_submission (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade
);
create index on billing.claim_acknowledgment (tenant_id, claim_id);
create index on billing.claim_acknowledgment (tenant_id, submission_id);
create index on billing.claim_acknowledgment (tenant_id, acknowledgment_file_id);
select core_private.enable_tenant_rls('billing.claim_acknowledgment', 'claims.read', null);
create policy tenant_read_write on billing.claim_acknowledgment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_acknowledgment to :VISITOR;
comment on table billing.claim_acknowledgment is 'What an acknowledgment said about a submission (TA1/999) or a claim (277CA): status, codes ({category, code, entity} or {segment, element, code}) and the readable reason.';
comment on constraint claim_acknowledgment_tenant_id_claim_id_fkey on billing.claim_acknowledgment is E'@foreignFieldName acknowledgments\n@fieldName claim';
comment on constraint claim_acknowledgment_tenant_id_submission_id_fkey on billing.claim_acknowledgment is E'@foreignFieldName acknowledgments\n@fieldName submission';
comment on constraint claim_acknowledgment_tenant_id_acknowledgment_file_id_fkey on billing.claim_acknowledgment is E'@foreignFieldName acknowledgments\n@fieldName file';

-------------------------------------------------------------------------------
-- Rejection queue (the intake queue's shape)
-------------------------------------------------------------------------------

create table billing.claim_rejection (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  submission_id uuid,
  -- What groups the queue: e.g. '277CA A7:562:85' or '999 IK3 8' (no claim-specific text).
  reason_group text not null,
  reason text not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'ASSIGNED', 'RESOLVED')),
  assigned_to text,
  assigned_at timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  resolution_note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, submission_id) references billing.claim_submission (tenant_id, id),
  constraint claim_rejection_resolved_has_note check ((status = 'RESOLVED') = (resolved_at is not null and resolution_note is not null))
);
create unique index claim_rejection_open on billing.claim_rejection (tenant_id, claim_id) where status <> 'RESOLVED';
create index claim_rejection_status on billing.claim_rejection (tenant_id, status, reason_group);
create trigger _100_set_updated_at before update on billing.claim_rejection for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.claim_rejection', 'claims.read', null);
create policy tenant_read_write on billing.claim_rejection for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_rejection to :VISITOR;
comment on table billing.claim_rejection is 'The rejection queue: a REJECTED claim''s reason to work; assign, fix, resubmit, resolve with a note.';
comment on constraint claim_rejection_tenant_id_claim_id_fkey on billing.claim_rejection is E'@foreignFieldName rejections\n@fieldName claim';

-------------------------------------------------------------------------------
-- Published X12 code lists (data, not strings in code): shared by every tenant, read-only
-------------------------------------------------------------------------------

create schema x12_code;
grant usage on schema x12_code to :VISITOR;

create table x12_code.claim_status_category (
  code text primary key,
  description text not null,
  -- How a 277CA with this category moves a claim: ACCEPTED, REJECTED, or NONE (informational/pending).
  claim_outcome text not null check (claim_outcome in ('ACCEPTED', 'REJECTED', 'NONE'))
);
create table x12_code.claim_status (
  code text primary key,
  description text not null
);
create table x12_code.entity_identifier (
  code text primary key,
  description text not null
);
create table x12_code.implementation_syntax_error (
  segment_or_element text not null check (segment_or_element in ('IK3', 'IK4', 'IK5', 'AK9', 'TA1')),
  code text not null,
  description text not null,
  primary key (segment_or_element, code)
);
grant select on all tables in schema x12_code to :VISITOR;
comment on schema x12_code is 'Published X12 external code lists (Claim Status Category 507, Claim Status 508, Entity Identifier 98, 999/TA1 error codes).';

-- Claim Status Category Codes (code source 507, X12.org).
insert into x12_code.claim_status_category (code, description, claim_outcome) values
  ('A0', 'Acknowledgement/Forwarded-The claim/encounter has been forwarded to another entity.', 'NONE'),
  ('A1', 'Acknowledgement/Receipt-The claim/encounter has been received. This does not mean that the claim has been accepted for adjudication.', 'ACCEPTED'),
  ('A2', 'Acknowledgement/Acceptance into adjudication system-The claim/encounter has been accepted into the adjudication system.', 'ACCEPTED'),
  ('A3', 'Acknowledgement/Returned as unprocessable claim-The claim/encounter has been rejected and has not been entered into the adjudication system.', 'REJECTED'),
  ('A4', 'Acknowledgement/Not Found-The claim/encounter can not be found in the adjudication system.', 'REJECTED'),
  ('A5', 'Acknowledgement/Split Claim-The claim/encounter has been split upon acceptance into the adjudication system.', 'ACCEPTED'),
  ('A6', 'Acknowledgement/Rejected for Missing Information-The claim/encounter is missing the information specified in the Status details and has been rejected.', 'REJECTED'),
  ('A7', 'Acknowledgement/Rejected for Invalid Information-The claim/encounter has invalid information as specified in the Status details and has been rejected.', 'REJECTED'),
  ('A8', 'Acknowledgement/Rejected for relational field in error.', 'REJECTED'),
  ('DR01', 'Data Reporting Acknowledgement/Receipt-The encounter has been received.', 'NONE'),
  ('DR02', 'Data Reporting Acknowledgement/Acceptance into the data reporting/processing system.', 'NONE'),
  ('DR03', 'Data Reporting Acknowledgement/Returned as unprocessable.', 'REJECTED'),
  ('DR04', 'Data Reporting Acknowledgement/Not Found.', 'REJECTED'),
  ('DR05', 'Data Reporting Acknowledgement/Rejected for Missing Information.', 'REJECTED'),
  ('DR06', 'Data Reporting Acknowledgement/Rejected for invalid information.', 'REJECTED'),
  ('DR07', 'Data Reporting Acknowledgement/Rejected for relational field in error.', 'REJECTED'),
  ('DR08', 'Data Reporting Acknowledgement/Warning.', 'NONE'),
  ('E0', 'Response not possible - error on submitted request data.', 'NONE'),
  ('E1', 'Response not possible - System Status.', 'NONE'),
  ('E2', 'Information Holder is not responding; resubmit at a later time.', 'NONE'),
  ('E3', 'Correction required - relational fields in error.', 'REJECTED'),
  ('E4', 'Trading partner agreement specific requirement not met: Data correction required.', 'REJECTED'),
  ('F0', 'Finalized-The claim/encounter has completed the adjudication cycle and no more action will be taken.', 'NONE'),
  ('F1', 'Finalized/Payment-The claim/line has been paid.', 'NONE'),
  ('F2', 'Finalized/Denial-The claim/line has been denied.', 'NONE'),
  ('F3', 'Finalized/Revised - Adjudication information has been changed.', 'NONE'),
  ('F3F', 'Finalized/Forwarded-The claim/encounter processing has been completed. Any applicable payment has been made and the claim/encounter has been forwarded to a subsequent entity as identified on the original claim or in this payer''s records.', 'NONE'),
  ('F3N', 'Finalized/Not Forwarded-The claim/encounter processing has been completed. Any applicable payment has been made. The claim/encounter has NOT been automatically forwarded to a subsequent entity.', 'NONE'),
  ('F4', 'Finalized/Adjudication Complete - No payment forthcoming-The claim/encounter has been adjudicated and no further payment is forthcoming.', 'NONE'),
  ('P0', 'Pending: Adjudication/Details-This is a generic message about a pended claim.', 'NONE'),
  ('P1', 'Pending/In Process-The claim or encounter is in the adjudication system.', 'NONE'),
  ('P2', 'Pending/Payer Review-The claim/encounter is suspended pending review.', 'NONE'),
  ('P3', 'Pending/Provider Requested Information - The claim or encounter is waiting for information that has already been requested from the provider.', 'NONE'),
  ('P4', 'Pending/Patient Requested Information - The claim or encounter is waiting for information that has already been requested from the patient.', 'NONE'),
  ('P5', 'Pending/Payer Administrative/System hold.', 'NONE'),
  ('R0', 'Requests for additional Information/General Requests-Requests that don''t fall into other R-type categories.', 'NONE'),
  ('R1', 'Requests for additional Information/Entity Requests-Requests for information about specific entities (subscribers, patients, various providers).', 'NONE'),
  ('R3', 'Requests for additional Information/Claim/Line-Requests for information that could normally be submitted on a claim.', 'NONE'),
  ('R4', 'Requests for additional Information/Documentation-Requests for additional supporting documentation.', 'NONE'),
  ('R5', 'Request for more specific detail-Additional information as a follow up to a previous request is needed.', 'NONE'),
  ('R6', 'Requests for additional information - Regulatory requirements.', 'NONE'),
  ('R7', 'Requests for additional information - Confirm care is consistent with Health Plan policy coverage.', 'NONE'),
  ('R8', 'Requests for additional information - Confirm care is consistent with health plan coverage exceptions.', 'NONE'),
  ('R9', 'Requests for additional information - Determination of medical necessity.', 'NONE'),
  ('R10', 'Requests for additional information - Support a filed grievance or appeal.', 'NONE'),
  ('R11', 'Requests for additional information - Pre-payment review of claims.', 'NONE'),
  ('R12', 'Requests for additional information - Clarification or justification of use for specified procedure code.', 'NONE'),
  ('R13', 'Requests for additional information - Original documents submitted are not readable.', 'NONE'),
  ('R14', 'Requests for additional information - Original documents received are not what was requested.', 'NONE'),
  ('R15', 'Requests for additional information - Workers Compensation coverage verification.', 'NONE'),
  ('R16', 'Requests for additional information - Duplicate of a previously processed claim/line.', 'NONE');

-- Health Care Claim Status Codes (code source 508, X12.org): the codes 277CA rejections and
-- acceptances commonly carry. An operator may add the rest of the published list; an unlisted
-- code is shown as "status code N".
insert into x12_code.claim_status (code, description) values
  ('0', 'Cannot provide further status electronically.'),
  ('1', 'For more detailed information, see remittance advice.'),
  ('2', 'More detailed information in letter.'),
  ('3', 'Claim has been adjudicated and is awaiting payment cycle.'),
  ('6', 'Balance due from the subscriber.'),
  ('15', 'Justification for admission.'),
  ('16', 'Claim/encounter has been forwarded to entity.'),
  ('19', 'Entity acknowledges receipt of claim/encounter.'),
  ('20', 'Accepted for processing.'),
  ('21', 'Missing or invalid information.'),
  ('23', 'Returned to Entity.'),
  ('24', 'Entity not approved as an electronic submitter.'),
  ('25', 'Entity not approved.'),
  ('26', 'Entity not found.'),
  ('27', 'Policy canceled.'),
  ('29', 'Subscriber and policy number/contract number mismatched.'),
  ('30', 'Subscriber and subscriber id mismatched.'),
  ('31', 'Subscriber and policyholder name mismatched.'),
  ('32', 'Subscriber and policy number/contract number not found.'),
  ('33', 'Subscriber and subscriber id not found.'),
  ('34', 'Subscriber and policyholder name not found.'),
  ('35', 'Claim/encounter not found.'),
  ('37', 'Predetermination is on file, awaiting completion of services.'),
  ('39', 'Awaiting next periodic adjudication cycle.'),
  ('40', 'Charges for pregnancy deferred until delivery.'),
  ('41', 'Waiting for final approval.'),
  ('42', 'Special handling required at payer site.'),
  ('43', 'Awaiting related charges.'),
  ('44', 'Charges pending provider audit.'),
  ('45', 'Awaiting benefit determination.'),
  ('46', 'Internal review/audit.'),
  ('47', 'Internal review/audit - partial payment made.'),
  ('49', 'Pending provider accreditation review.'),
  ('50', 'Claim waiting for internal provider verification.'),
  ('51', 'Investigating occupational illness/accident.'),
  ('52', 'Investigating existence of other insurance coverage.'),
  ('53', 'Claim being researched for Insured ID/Group Policy Number error.'),
  ('54', 'Duplicate of a previously processed claim/line.'),
  ('55', 'Claim assigned to an approver/analyst.'),
  ('56', 'Awaiting eligibility determination.'),
  ('57', 'Pending COBRA information requested.'),
  ('58', 'Non-electronic request for information.'),
  ('59', 'Electronic request for information.'),
  ('60', 'Eligibility for extended benefits.'),
  ('61', 'Re-pricing information.'),
  ('62', 'Claim/line has been paid.'),
  ('63', 'Payment reflects usual and customary charges.'),
  ('65', 'Claim contains split payment.'),
  ('66', 'Payment made to entity, assignment of benefits not on file.'),
  ('72', 'Duplicate of an existing claim/line, awaiting processing.'),
  ('78', 'Duplicate of a previously processed claim/line.'),
  ('81', 'Contract/plan does not cover pre-existing conditions.'),
  ('83', 'No coverage for newborns.'),
  ('84', 'Service not authorized.'),
  ('85', 'Entity not primary.'),
  ('86', 'Diagnosis and patient gender mismatch.'),
  ('88', 'Entity not eligible for benefits for submitted dates of service.'),
  ('89', 'Entity not eligible for dental benefits for submitted dates of service.'),
  ('90', 'Entity not eligible for medical benefits for submitted dates of service.'),
  ('91', 'Entity not eligible/not approved for dates of service.'),
  ('92', 'Entity does not meet dependent or student qualification.'),
  ('93', 'Entity is a dependent of Medicare or Medicaid subscriber.'),
  ('94', 'Entity''s name, address, phone and id number.'),
  ('95', 'Entity''s name.'),
  ('96', 'Entity''s address.'),
  ('97', 'Entity''s Communication Number.'),
  ('98', 'Entity''s tax id.'),
  ('99', 'Entity''s Blue Cross provider id.'),
  ('100', 'Entity''s Blue Shield provider id.'),
  ('101', 'Entity''s Medicare provider id.'),
  ('102', 'Entity''s Medicaid provider id.'),
  ('103', 'Entity''s UPIN.'),
  ('104', 'Entity''s CHAMPUS provider id.'),
  ('105', 'Entity''s commercial provider id.'),
  ('106', 'Entity''s health industry id number.'),
  ('107', 'Entity''s plan network id.'),
  ('108', 'Entity''s site id.'),
  ('109', 'Entity''s health maintenance provider id (HMO).'),
  ('110', 'Entity''s preferred provider organization id (PPO).'),
  ('111', 'Entity''s administrative services organization id (ASO).'),
  ('112', 'Entity''s license/certification number.'),
  ('113', 'Entity''s state license number.'),
  ('114', 'Entity''s specialty license number.'),
  ('115', 'Entity''s specialty/taxonomy code.'),
  ('116', 'Entity''s anesthesia license number.'),
  ('117', 'Entity''s qualification degree/designation (e.g. RN,PhD,MD).'),
  ('118', 'Entity''s social security number.'),
  ('119', 'Entity''s employer id.'),
  ('120', 'Entity''s drug enforcement agency (DEA) number.'),
  ('122', 'Pharmacy processor number.'),
  ('123', 'Entity''s id number.'),
  ('124', 'Relationship of surgeon & assistant surgeon.'),
  ('125', 'Entity''s relationship to patient.'),
  ('126', 'Relationship to insured.'),
  ('127', 'Entity''s Gender.'),
  ('128', 'Entity''s date of birth.'),
  ('129', 'Entity''s date of death.'),
  ('130', 'Entity''s marital status.'),
  ('131', 'Entity''s employment status.'),
  ('132', 'Entity''s health insurance claim number (HICN).'),
  ('133', 'Entity''s policy/group number.'),
  ('135', 'Entity''s contract/member number.'),
  ('136', 'Entity''s employer name, address and phone.'),
  ('137', 'Entity''s employer name.'),
  ('138', 'Entity''s employer address.'),
  ('139', 'Entity''s employer phone number.'),
  ('140', 'Entity''s employer id.'),
  ('141', 'Entity''s employee id.'),
  ('142', 'Other insurance coverage information (health, liability, auto, etc.).'),
  ('143', 'Other employer benefit coverage.'),
  ('144', 'Entity''s insurance plan name.'),
  ('145', 'Entity''s payer id.'),
  ('146', 'Diagnosis code.'),
  ('153', 'Entity''s student status.'),
  ('154', 'Entity''s school name.'),
  ('155', 'Entity''s school address.'),
  ('156', 'Entity''s disability status.'),
  ('157', 'Entity''s signature on file.'),
  ('158', 'Entity''s signature.'),
  ('159', 'Entity''s credentialing.'),
  ('164', 'Entity''s contract/member number.'),
  ('171', 'Other insurance coverage information (health, liability, auto, etc.).'),
  ('178', 'Submitted charges.'),
  ('181', 'Claim/line not covered.'),
  ('183', 'Amount does not match total charges.'),
  ('187', 'Date(s) of service.'),
  ('188', 'Statement from-through dates.'),
  ('189', 'Facility admission date.'),
  ('210', 'Place of service.'),
  ('212', 'Procedure Code(s).'),
  ('226', 'Service line.'),
  ('228', 'Type of bill for UB claim.'),
  ('232', 'Date of service.'),
  ('247', 'Line information.'),
  ('252', 'Authorization/certification (include period covered).'),
  ('254', 'Principal diagnosis code.'),
  ('255', 'Diagnosis code.'),
  ('400', 'Claim is out of balance.'),
  ('447', 'Procedure code for services rendered.'),
  ('453', 'Procedure modifier.'),
  ('454', 'Procedure code for services rendered.'),
  ('455', 'Revenue code for services rendered.'),
  ('458', 'Length of medical necessity.'),
  ('460', 'Units of service.'),
  ('477', 'Related injury information.'),
  ('479', 'Entity''s relationship to patient.'),
  ('480', 'Entity''s claim filing indicator.'),
  ('481', 'Claim/submission format is invalid.'),
  ('484', 'Business Application Currently Not Available.'),
  ('485', 'More information available than can be returned in real time mode. Narrow your current search criteria.'),
  ('486', 'Principal Procedure Date.'),
  ('487', 'Claim not found, claim should have been submitted to/through ''entity''.'),
  ('490', 'Other Procedure Code for Service(s) Rendered.'),
  ('496', 'Submitter not approved for electronic claim submissions on behalf of this entity.'),
  ('497', 'Sales tax not paid.'),
  ('498', 'Maximum coverage amount met or exceeded for benefit period.'),
  ('502', 'Provider''s entity information missing.'),
  ('503', 'Provider''s claim number missing.'),
  ('507', 'HCPCS.'),
  ('508', 'ICD9.'),
  ('509', 'External Cause of Injury Code.'),
  ('510', 'Future date.'),
  ('511', 'Invalid character.'),
  ('512', 'Length invalid for receiver''s application system.'),
  ('513', 'HIPPS Rate Code for services Rendered.'),
  ('514', 'Entity''s Middle Name.'),
  ('515', 'Managed Care review.'),
  ('516', 'Other Entity''s Adjudication or Payment/Remittance Date.'),
  ('521', 'Adjusted Repriced Claim Reference Number.'),
  ('522', 'Adjusted Repriced Line item Reference Number.'),
  ('530', 'Amount must be greater than zero.'),
  ('531', 'Missing/Invalid Entity''s Claim Control Number.'),
  ('532', 'Coordination of benefits information.'),
  ('533', 'Accident Date.'),
  ('534', 'Claim submitted after filing limit.'),
  ('535', 'Claim Frequency Code.'),
  ('536', 'Claim has been returned for missing or incomplete information.'),
  ('537', 'Entity''s National Provider Identifier (NPI) is not found.'),
  ('540', 'Patient ineligible for benefits on dates of service.'),
  ('545', 'Claim/Line level not covered for patient''s age.'),
  ('552', 'Entity not affiliated.'),
  ('553', 'Resubmission/Re-submitting a previously rejected claim.'),
  ('555', 'Entity''s Primary Identifier.'),
  ('556', 'Entity''s Plan ID.'),
  ('562', 'Entity''s National Provider Identifier (NPI)'),
  ('563', 'Entity''s Additional/Secondary Identifier.'),
  ('564', 'Entity''s Contract/Member Number.'),
  ('565', 'Entity''s Name and Address.'),
  ('566', 'Entity''s Secondary Identifier.'),
  ('569', 'Entity''s tax id type.'),
  ('570', 'Entity''s Contract Type.'),
  ('574', 'Entity''s National Provider Identifier (NPI) and Taxonomy.'),
  ('597', 'Diagnosis code does not match the service.'),
  ('621', 'Diagnosis Pointer.'),
  ('645', 'Invalid entity''s NPI for this date of service.'),
  ('673', 'Patient Reason for Visit.'),
  ('704', 'Pre-existing Condition.'),
  ('715', 'Duplicate of a previously processed claim/line: claim previously accepted.'),
  ('716', 'Claim exceeds the number of allowable lines.'),
  ('732', 'Information submitted inconsistent with billing guidelines.'),
  ('733', 'Prefix for entity''s contract/member number.'),
  ('734', 'Verifying premium payment.'),
  ('735', 'This service/claim is included in the allowance for another service or claim.'),
  ('736', 'A related or qualifying service/claim has not been received/adjudicated.'),
  ('737', 'Current Dental Terminology (CDT) Code.'),
  ('738', 'Home Infusion EDI Coalition (HEIC) Product/Service Code.'),
  ('739', 'Health Insurance Prospective Payment System (HIPPS) Rate Code.'),
  ('740', 'American Dental Association (ADA) Code.'),
  ('741', 'Line Adjudication Information.'),
  ('742', 'Service Adjudication or Payment Date.'),
  ('743', 'Other Entity''s Adjudication or Payment/Remittance Date.'),
  ('744', 'Claim/Service missing service/product information.'),
  ('745', 'Missing Investigational Device Exemption.'),
  ('746', 'Pricing Date.'),
  ('747', 'Property Casualty Claim Number.'),
  ('748', 'Information was requested by a non-electronic method.'),
  ('749', 'Information was requested by an electronic method.'),
  ('750', 'Entity''s Attached to Record.'),
  ('751', 'Entity''s Email.'),
  ('752', 'Entity''s Fax Number.'),
  ('753', 'Entity''s phone.'),
  ('754', 'Entity''s Postal/Zip Code.');

-- Entity Identifier Codes (code source 98, X12.org) that claim status answers name.
insert into x12_code.entity_identifier (code, description) values
  ('03', 'Dependent'),
  ('13', 'Contracted Service Provider'),
  ('17', 'Consultant''s Office'),
  ('1E', 'Health Maintenance Organization (HMO)'),
  ('1G', 'Oncology Center'),
  ('1H', 'Kidney Dialysis Unit'),
  ('1I', 'Preferred Provider Organization (PPO)'),
  ('1O', 'Acute Care Hospital'),
  ('1P', 'Provider'),
  ('1Q', 'Military Facility'),
  ('1R', 'University, College or School'),
  ('1S', 'Outpatient Surgicenter'),
  ('1T', 'Physician, Clinic or Group Practice'),
  ('1U', 'Long Term Care Facility'),
  ('1V', 'Extended Care Facility'),
  ('1W', 'Psychiatric Health Facility'),
  ('1X', 'Laboratory'),
  ('1Y', 'Retail Pharmacy'),
  ('1Z', 'Home Health Care'),
  ('28', 'Subcontractor'),
  ('2A', 'Federal, State, County or City Facility'),
  ('2B', 'Third-Party Administrator'),
  ('2D', 'Miscellaneous Health Care Facility'),
  ('2E', 'Non-Health Care Miscellaneous Facility'),
  ('2I', 'Church Operated Facility'),
  ('2K', 'Partnership'),
  ('2P', 'Public Health Service Facility'),
  ('2Q', 'Veterans Administration Facility'),
  ('2S', 'Public Health Service Indian Service Facility'),
  ('2Z', 'Hospital Unit of an Institution (prison hospital, college infirmary, etc.)'),
  ('30', 'Service Supplier'),
  ('36', 'Employer'),
  ('3A', 'Hospital Unit Within an Institution for the Mentally Retarded'),
  ('3C', 'Tuberculosis and Other Respiratory Diseases Facility'),
  ('3D', 'Obstetrics and Gynecology Facility'),
  ('3E', 'Eye, Ear, Nose and Throat Facility'),
  ('3F', 'Rehabilitation Facility'),
  ('3H', 'Orthopedic Facility'),
  ('3I', 'Chronic Disease Facility'),
  ('3L', 'Other Specialty Facility'),
  ('3P', 'Children''s General Facility'),
  ('3Q', 'Children''s Hospital Unit of an Institution'),
  ('3R', 'Children''s Psychiatric Facility'),
  ('3S', 'Children''s Tuberculosis and Other Respiratory Diseases Facility'),
  ('3T', 'Children''s Eye, Ear, Nose and Throat Facility'),
  ('3U', 'Children''s Rehabilitation Facility'),
  ('3V', 'Children''s Orthopedic Facility'),
  ('3W', 'Children''s Chronic Disease Facility'),
  ('3X', 'Children''s Other Specialty Facility'),
  ('3Y', 'Institution for Mental Retardation'),
  ('3Z', 'Alcoholism and Other Chemical Dependency Facility'),
  ('40', 'Receiver'),
  ('41', 'Submitter'),
  ('43', 'Claimant Authorized Representative'),
  ('44', 'Data Processing Service Bureau'),
  ('4A', 'General Inpatient Care for AIDS/ARC Facility'),
  ('4B', 'AIDS/ARC Unit'),
  ('4C', 'Specialized Outpatient Program for AIDS/ARC'),
  ('4D', 'Alcohol/Drug Abuse or Dependency Inpatient Unit'),
  ('4E', 'Alcohol/Drug Abuse or Dependency Outpatient Services'),
  ('4F', 'Arthritis Treatment Center'),
  ('4G', 'Birthing Room/LDRP Room'),
  ('4H', 'Burn Care Unit'),
  ('4I', 'Cardiac Catherization Laboratory'),
  ('4J', 'Open-Heart Surgery Facility'),
  ('4L', 'Computed Tomography (CT) Scanner Unit'),
  ('4M', 'Diagnostic Radioisotope Facility'),
  ('4N', 'Emergency Department'),
  ('4O', 'Emergency Department'),
  ('4P', 'Hemodialysis Facility'),
  ('4Q', 'Home Health Services'),
  ('4R', 'Hospice'),
  ('4S', 'Magnetic Resonance Imaging (MRI) Facility'),
  ('4T', 'Neonatal Intensive Care Unit'),
  ('4U', 'Neonatal Intermediate Care Unit'),
  ('4V', 'Nursing Home Care Unit'),
  ('4W', 'Medical Surgical Intensive Care Unit'),
  ('4X', 'Pediatric Acute Inpatient Unit'),
  ('4Y', 'Physical Rehabilitation Inpatient Unit'),
  ('4Z', 'Physical Rehabilitation Outpatient Services'),
  ('5A', 'Positron Emission Tomography (PET) Scanner'),
  ('5B', 'Psychiatric Inpatient Unit'),
  ('5C', 'Psychiatric Child Wards'),
  ('5D', 'Psychiatric Emergency Services'),
  ('5E', 'Psychiatric Partial Hospitalization Program'),
  ('5F', 'Psychiatric Education Services'),
  ('5G', 'Psychiatric Outpatient Services'),
  ('5H', 'Radiation Therapy Facility'),
  ('71', 'Attending Physician'),
  ('72', 'Operating Physician'),
  ('73', 'Other Physician'),
  ('77', 'Service Location'),
  ('82', 'Rendering Provider'),
  ('85', 'Billing Provider'),
  ('87', 'Pay-to Provider'),
  ('CK', 'Pharmacist'),
  ('DK', 'Ordering Physician'),
  ('DN', 'Referring Provider'),
  ('DQ', 'Supervising Physician'),
  ('FA', 'Facility'),
  ('GB', 'Other Insured'),
  ('HH', 'Home Health Agency'),
  ('HK', 'Subscriber'),
  ('IL', 'Insured or Subscriber'),
  ('LI', 'Independent Lab'),
  ('P3', 'Primary Care Provider'),
  ('PR', 'Payer'),
  ('PRP', 'Primary Payer'),
  ('PW', 'Pickup Address'),
  ('QC', 'Patient'),
  ('SEP', 'Secondary Payer'),
  ('TL', 'Testing Laboratory'),
  ('TTP', 'Tertiary Payer'),
  ('TU', 'Third Party Repricing Preferred Provider Organization (PPO)');

-- 999 IK3/IK4/IK5/AK9 and TA1 error codes (005010X231A1 and the X12 envelope standard).
insert into x12_code.implementation_syntax_error (segment_or_element, code, description) values
  ('IK3', '1', 'Unrecognized segment ID'),
  ('IK3', '2', 'Unexpected segment'),
  ('IK3', '3', 'Required segment missing'),
  ('IK3', '4', 'Loop occurs over maximum times'),
  ('IK3', '5', 'Segment exceeds maximum use'),
  ('IK3', '6', 'Segment not in defined transaction set'),
  ('IK3', '7', 'Segment not in proper sequence'),
  ('IK3', '8', 'Segment has data element errors'),
  ('IK3', 'I4', 'Implementation "Not Used" segment present'),
  ('IK3', 'I6', 'Implementation dependent segment missing'),
  ('IK3', 'I7', 'Implementation loop occurs under minimum times'),
  ('IK3', 'I8', 'Implementation segment below minimum use'),
  ('IK3', 'I9', 'Implementation dependent "Not Used" segment present'),
  ('IK4', '1', 'Required data element missing'),
  ('IK4', '2', 'Conditional required data element missing'),
  ('IK4', '3', 'Too many data elements'),
  ('IK4', '4', 'Data element too short'),
  ('IK4', '5', 'Data element too long'),
  ('IK4', '6', 'Invalid character in data element'),
  ('IK4', '7', 'Invalid code value'),
  ('IK4', '8', 'Invalid date'),
  ('IK4', '9', 'Invalid time'),
  ('IK4', '10', 'Exclusion condition violated'),
  ('IK4', '12', 'Too many repetitions'),
  ('IK4', '13', 'Too many components'),
  ('IK4', 'I10', 'Implementation "Not Used" data element present'),
  ('IK4', 'I11', 'Implementation too few repetitions'),
  ('IK4', 'I12', 'Implementation pattern match failure'),
  ('IK4', 'I13', 'Implementation dependent "Not Used" data element present'),
  ('IK4', 'I6', 'Code value not used in implementation'),
  ('IK4', 'I9', 'Implementation dependent data element missing'),
  ('IK5', '1', 'Transaction set not supported'),
  ('IK5', '2', 'Transaction set trailer missing'),
  ('IK5', '3', 'Transaction set control number in header and trailer do not match'),
  ('IK5', '4', 'Number of included segments does not match actual count'),
  ('IK5', '5', 'One or more segments in error'),
  ('IK5', '6', 'Missing or invalid transaction set identifier'),
  ('IK5', '7', 'Missing or invalid transaction set control number'),
  ('IK5', '18', 'Transaction set control number not unique within the functional group'),
  ('IK5', '23', 'Transaction set control number not unique within the functional group'),
  ('IK5', 'I5', 'Implementation one or more segments in error'),
  ('IK5', 'I6', 'Implementation convention not supported'),
  ('AK9', '1', 'Functional group not supported'),
  ('AK9', '2', 'Functional group version not supported'),
  ('AK9', '3', 'Functional group trailer missing'),
  ('AK9', '4', 'Group control number in the functional group header and trailer do not agree'),
  ('AK9', '5', 'Number of included transaction sets does not match actual count'),
  ('AK9', '6', 'Group control number violates syntax'),
  ('AK9', '19', 'Functional group control number not unique within interchange'),
  ('TA1', '000', 'No error'),
  ('TA1', '001', 'The Interchange Control Number in the header and trailer do not match'),
  ('TA1', '002', 'This Standard as noted in the Control Standards Identifier is not supported'),
  ('TA1', '003', 'This Version of the Controls is not supported'),
  ('TA1', '004', 'The Segment Terminator is invalid'),
  ('TA1', '005', 'Invalid Interchange ID Qualifier for Sender'),
  ('TA1', '006', 'Invalid Interchange Sender ID'),
  ('TA1', '007', 'Invalid Interchange ID Qualifier for Receiver'),
  ('TA1', '008', 'Invalid Interchange Receiver ID'),
  ('TA1', '009', 'Unknown Interchange Receiver ID'),
  ('TA1', '010', 'Invalid Authorization Information Qualifier value'),
  ('TA1', '011', 'Invalid Authorization Information value'),
  ('TA1', '012', 'Invalid Security Information Qualifier value'),
  ('TA1', '013', 'Invalid Security Information value'),
  ('TA1', '014', 'Invalid Interchange Date value'),
  ('TA1', '015', 'Invalid Interchange Time value'),
  ('TA1', '016', 'Invalid Interchange Standards Identifier value'),
  ('TA1', '017', 'Invalid Interchange Version ID value'),
  ('TA1', '018', 'Invalid Interchange Control Number value'),
  ('TA1', '019', 'Invalid Acknowledgment Requested value'),
  ('TA1', '020', 'Invalid Test Indicator value'),
  ('TA1', '021', 'Invalid Number of Included Groups value'),
  ('TA1', '022', 'Invalid Control Structure'),
  ('TA1', '023', 'Improper (Premature) End-of-File (Transmission)'),
  ('TA1', '024', 'Invalid Interchange Content (e.g., Invalid GS Segment)'),
  ('TA1', '025', 'Duplicate Interchange Control Number'),
  ('TA1', '026', 'Invalid Data Element Separator'),
  ('TA1', '027', 'Invalid Component Element Separator'),
  ('TA1', '028', 'Invalid Delivery Date in Deferred Delivery Request'),
  ('TA1', '029', 'Invalid Delivery Time in Deferred Delivery Request'),
  ('TA1', '030', 'Invalid Delivery Time Code in Deferred Delivery Request'),
  ('TA1', '031', 'Invalid Grade of Service Code');

--! split: 50-engine.sql
-- Payer limits shared by every worker process and every tenant that reaches the same payer
-- through the same trading-partner endpoint (issue 16 part 2), and the daily 270 caps counted in
-- the database instead of one process's memory.
--
-- payer_gate holds state shared BETWEEN tenants on purpose, like graphile_worker's tables: a
-- clearinghouse limits our submitter across everything we send, whichever tenant it is for. It
-- holds no tenant data (no PHI, no names: a gateway key is an endpoint URL and a payer id), has
-- no grant to the API role, and is written only by the owner's functions in sql/functions/payer_gate/.

drop table if exists eligibility_private.payer_daily_270 cascade;
drop schema if exists payer_gate cascade;

create schema payer_gate;
revoke all on schema payer_gate from public;

-- One payer behind one endpoint (payer_gate.gateway_key): its circuit breaker.
create table payer_gate.gateway (
  gateway_key text primary key,
  state text not null default 'CLOSED' check (state in ('CLOSED', 'OPEN', 'HALF_OPEN')),
  consecutive_failures integer not null default 0,
  -- Bumped each time the breaker opens: answers to 270s sent before say nothing about now.
  generation integer not null default 0,
  opened_at timestamptz,
  open_until timestamptz,
  -- HALF_OPEN: the one probe in flight, held by a worker process's lease until probe_until.
  probe_holder uuid,
  probe_until timestamptz,
  last_failure_reason text,
  updated_at timestamptz not null default now()
);
comment on table payer_gate.gateway is 'A payer behind a trading-partner endpoint, shared by every tenant and worker process that sends there: its circuit breaker.';

-- In-flight slots: a 270 in flight holds one, leased by its worker process; a process that dies
-- stops renewing and its slots are free again when the lease ends.
create table payer_gate.slot (
  gateway_key text not null references payer_gate.gateway (gateway_key) on delete cascade,
  slot integer not null,
  holder uuid,
  held_for uuid,
  lease_until timestamptz,
  primary key (gateway_key, slot)
);
comment on table payer_gate.slot is 'In-flight 270 slots per gateway; holder is a worker process, held_for the tenant (fair shares), lease_until when an unrenewed slot frees itself.';

-- Tenants that asked for a slot lately: the gateway's slots are shared evenly between them.
create table payer_gate.demand (
  gateway_key text not null references payer_gate.gateway (gateway_key) on delete cascade,
  tenant uuid not null,
  until timestamptz not null,
  primary key (gateway_key, tenant)
);
comment on table payer_gate.demand is 'Tenants waiting for or using a gateway lately; each gets an even share of its slots while others want them.';

-- 270s reserved per payer and day (UTC) against core.payer.daily_270_cap.
create table eligibility_private.payer_daily_270 (
  tenant_id uuid not null references core.tenant (id),
  payer_id uuid not null,
  day date not null,
  used integer not null,
  primary key (tenant_id, payer_id, day),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id) on delete cascade
);
alter table eligibility_private.payer_daily_270 enable row level security;
alter table eligibility_private.payer_daily_270 force row level security;

--! split: 60-remittances.sql
-- Money back (issue 15): 835 remittances posted with CARC/RARC adjustments, their code tables,
-- unmatched claims and denials as work queues, and each claim's balance.
-- Re-runnable: drops what it creates first, in reverse order.

drop materialized view if exists reporting.mv_payment_by_payer_day cascade;
drop table if exists billing.denial_action cascade;
drop table if exists billing.denial_work_item cascade;
drop table if exists billing.unmatched_remittance_claim cascade;
drop table if exists billing.provider_adjustment cascade;
drop table if exists billing.claim_adjustment cascade;
drop table if exists billing.claim_service_payment cascade;
drop table if exists billing.claim_payment cascade;
drop table if exists billing.remittance cascade;
drop table if exists x12_code.provider_adjustment_reason cascade;
drop table if exists x12_code.adjustment_group cascade;
drop table if exists x12_code.rarc cascade;
drop table if exists x12_code.carc cascade;
-- The views below read the claim's balance columns; they are recreated at the end of this file.
drop materialized view if exists reporting.mv_ar_aging_by_payer cascade;
drop materialized view if exists reporting.mv_denial_rate_by_category cascade;
drop materialized view if exists reporting.mv_clean_claim_rate cascade;
alter table billing.claim drop column if exists balance;
alter table billing.claim drop column if exists patient_responsibility_amount;
alter table billing.claim drop column if exists adjustment_amount;

-------------------------------------------------------------------------------
-- Code tables: the published X12 external code lists, as data. Not tenant data: every tenant
-- reads the same lists, so they live outside the tenant schemas (no tenant_id, no RLS).
-------------------------------------------------------------------------------
-- The x12_code schema is created by the claims-out migration (40-).

create table x12_code.carc (
  code text primary key check (code ~ '^[A-Z0-9]{1,3}$'),
  description text not null,
  denial_category text not null check (denial_category in ('ELIGIBILITY', 'AUTHORIZATION', 'CODING', 'MEDICAL_NECESSITY', 'DUPLICATE',
    'TIMELY_FILING', 'COORDINATION_OF_BENEFITS', 'MISSING_INFORMATION', 'NON_COVERED', 'OTHER'))
);
grant select on x12_code.carc to :VISITOR;
comment on table x12_code.carc is 'Claim Adjustment Reason Codes (X12 external code source 139), each mapped to the denial category a biller works it under. Descriptions are short paraphrases; the published list is the authority.';

create table x12_code.rarc (
  code text primary key check (code ~ '^[A-Z0-9]{1,5}$'),
  description text not null,
  alert boolean not null default false
);
grant select on x12_code.rarc to :VISITOR;
comment on table x12_code.rarc is 'Remittance Advice Remark Codes (X12 external code source 411). alert: informational, never the reason for an adjustment.';

create table x12_code.adjustment_group (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  description text not null,
  patient_responsibility boolean not null
);
grant select on x12_code.adjustment_group to :VISITOR;
comment on table x12_code.adjustment_group is 'Claim Adjustment Group Codes (CAS01): who owes the adjusted amount.';

create table x12_code.provider_adjustment_reason (
  code text primary key check (code ~ '^[A-Z0-9]{2}$'),
  description text not null
);
grant select on x12_code.provider_adjustment_reason to :VISITOR;
comment on table x12_code.provider_adjustment_reason is 'PLB03-1 provider-level adjustment reason codes of the 835.';

insert into x12_code.adjustment_group (code, description, patient_responsibility) values
  ('CO', 'Contractual obligation: the provider writes it off, the patient is not billed', false),
  ('CR', 'Correction or reversal of a prior adjudication', false),
  ('OA', 'Other adjustment: neither contractual nor patient responsibility', false),
  ('PI', 'Payer-initiated reduction', false),
  ('PR', 'Patient responsibility: bill the patient (or the secondary coverage)', true);

insert into x12_code.provider_adjustment_reason (code, description) values
  ('50', 'Late charge'), ('51', 'Interest penalty charge'), ('72', 'Authorized return (refund or recoupment)'),
  ('90', 'Early payment allowance'), ('AH', 'Origination fee'), ('AM', 'Applied to borrower''s account'),
  ('AP', 'Acceleration of benefits'), ('B2', 'Rebate'), ('B3', 'Recovery allowance'), ('BD', 'Bad debt adjustment'),
  ('BN', 'Bonus'), ('C5', 'Temporary allowance'), ('CR', 'Capitation interest'), ('CS', 'Adjustment'),
  ('CT', 'Capitation payment'), ('CV', 'Capital passthru'), ('CW', 'Certified registered nurse anesthetist passthru'),
  ('DM', 'Direct medical education passthru'), ('E3', 'Withholding'), ('FB', 'Forwarding balance'),
  ('FC', 'Fund allocation'), ('GO', 'Graduate medical education passthru'), ('HM', 'Hemophilia clotting factor supplement'),
  ('IP', 'Incentive premium payment'), ('IR', 'Internal Revenue Service withholding'), ('IS', 'Interim settlement'),
  ('J1', 'Nonreimbursable'), ('L3', 'Penalty'), ('L6', 'Interest owed'), ('LE', 'Levy'), ('LS', 'Lump sum'),
  ('OA', 'Organ acquisition passthru'), ('OB', 'Offset for affiliated providers'), ('PI', 'Periodic interim payment'),
  ('PL', 'Payment final'), ('RA', 'Retro-activity adjustment'), ('RE', 'Return on equity'), ('SL', 'Student loan repayment'),
  ('TL', 'Third party liability'), ('WO', 'Overpayment recovery'), ('WU', 'Unspecified recovery');

-- CARC: codes of the published list a professional biller meets, mapped to our denial categories.
-- A code missing here still posts (payers send new codes first): its category is OTHER.
insert into x12_code.carc (code, description, denial_category) values
  ('1', 'Deductible', 'OTHER'),
  ('2', 'Coinsurance', 'OTHER'),
  ('3', 'Co-payment', 'OTHER'),
  ('4', 'Procedure code inconsistent with the modifier, or a required modifier missing', 'CODING'),
  ('5', 'Procedure code or bill type inconsistent with the place of service', 'CODING'),
  ('6', 'Procedure or revenue code inconsistent with the patient''s age', 'CODING'),
  ('7', 'Procedure or revenue code inconsistent with the patient''s gender', 'CODING'),
  ('8', 'Procedure code inconsistent with the provider type or specialty', 'CODING'),
  ('9', 'Diagnosis inconsistent with the patient''s age', 'CODING'),
  ('10', 'Diagnosis inconsistent with the patient''s gender', 'CODING'),
  ('11', 'Diagnosis inconsistent with the procedure', 'CODING'),
  ('12', 'Diagnosis inconsistent with the provider type', 'CODING'),
  ('13', 'Date of death precedes the date of service', 'ELIGIBILITY'),
  ('14', 'Date of birth follows the date of service', 'ELIGIBILITY'),
  ('15', 'Authorization number missing, invalid, or not for this service or provider', 'AUTHORIZATION'),
  ('16', 'Claim or service lacks information or has submission or billing errors', 'MISSING_INFORMATION'),
  ('18', 'Exact duplicate claim or service', 'DUPLICATE'),
  ('19', 'Work-related injury or illness: the workers'' compensation carrier is liable', 'COORDINATION_OF_BENEFITS'),
  ('20', 'Injury or illness covered by the liability carrier', 'COORDINATION_OF_BENEFITS'),
  ('21', 'Injury or illness covered by the no-fault carrier', 'COORDINATION_OF_BENEFITS'),
  ('22', 'Care may be covered by another payer per coordination of benefits', 'COORDINATION_OF_BENEFITS'),
  ('23', 'Impact of prior payer(s) adjudication, including payments and adjustments', 'COORDINATION_OF_BENEFITS'),
  ('24', 'Charges covered under a capitation agreement or managed care plan', 'OTHER'),
  ('26', 'Expenses incurred before coverage', 'ELIGIBILITY'),
  ('27', 'Expenses incurred after coverage terminated', 'ELIGIBILITY'),
  ('29', 'The time limit for filing has expired', 'TIMELY_FILING'),
  ('31', 'Patient cannot be identified as our insured', 'ELIGIBILITY'),
  ('32', 'Our records show the patient is not an eligible dependent', 'ELIGIBILITY'),
  ('33', 'Insured has no dependent coverage', 'ELIGIBILITY'),
  ('34', 'Insured has no coverage for newborns', 'ELIGIBILITY'),
  ('35', 'Lifetime benefit maximum reached', 'NON_COVERED'),
  ('39', 'Services denied when authorization was requested', 'AUTHORIZATION'),
  ('40', 'Charges do not meet qualifications for emergent or urgent care', 'MEDICAL_NECESSITY'),
  ('44', 'Prompt-pay discount', 'OTHER'),
  ('45', 'Charge exceeds the fee schedule or maximum allowable', 'OTHER'),
  ('49', 'Routine or preventive exam or screening not covered', 'NON_COVERED'),
  ('50', 'Not deemed a medical necessity by the payer', 'MEDICAL_NECESSITY'),
  ('51', 'Pre-existing condition', 'NON_COVERED'),
  ('53', 'Services by an immediate relative or household member are not covered', 'NON_COVERED'),
  ('54', 'Multiple physicians or assistants are not covered in this case', 'NON_COVERED'),
  ('55', 'Procedure, treatment or drug deemed experimental or investigational', 'MEDICAL_NECESSITY'),
  ('56', 'Procedure or treatment not deemed proven effective', 'MEDICAL_NECESSITY'),
  ('58', 'Treatment in an invalid place of service', 'CODING'),
  ('59', 'Processed under multiple or concurrent procedure rules', 'OTHER'),
  ('60', 'Outpatient services too close to an inpatient admission are not covered', 'NON_COVERED'),
  ('61', 'Adjusted for failure to obtain a second surgical opinion', 'AUTHORIZATION'),
  ('66', 'Blood deductible', 'OTHER'),
  ('69', 'Day outlier amount', 'OTHER'),
  ('70', 'Cost outlier adjustment', 'OTHER'),
  ('74', 'Indirect medical education adjustment', 'OTHER'),
  ('75', 'Direct medical education adjustment', 'OTHER'),
  ('76', 'Disproportionate share adjustment', 'OTHER'),
  ('78', 'Non-covered days or room charge adjustment', 'NON_COVERED'),
  ('89', 'Professional fees removed from charges', 'OTHER'),
  ('90', 'Ingredient cost adjustment', 'OTHER'),
  ('91', 'Dispensing fee adjustment', 'OTHER'),
  ('94', 'Processed in excess of charges', 'OTHER'),
  ('95', 'Plan procedures not followed', 'OTHER'),
  ('96', 'Non-covered charge(s)', 'NON_COVERED'),
  ('97', 'Benefit included in the payment for another service already adjudicated', 'CODING'),
  ('100', 'Payment made to the patient, insured or responsible party', 'OTHER'),
  ('101', 'Predetermination: anticipated payment on completion of services', 'OTHER'),
  ('102', 'Major medical adjustment', 'OTHER'),
  ('103', 'Provider promotional discount', 'OTHER'),
  ('104', 'Managed care withholding', 'OTHER'),
  ('105', 'Tax withholding', 'OTHER'),
  ('106', 'Patient payment option or election not in effect', 'ELIGIBILITY'),
  ('107', 'Related or qualifying claim or service not identified on this claim', 'MISSING_INFORMATION'),
  ('108', 'Rent or purchase guidelines not met', 'NON_COVERED'),
  ('109', 'Not covered by this payer: send the claim to the correct payer', 'COORDINATION_OF_BENEFITS'),
  ('110', 'Billing date predates the service date', 'CODING'),
  ('111', 'Not covered unless the provider accepts assignment', 'NON_COVERED'),
  ('112', 'Service not furnished directly to the patient or not documented', 'MISSING_INFORMATION'),
  ('114', 'Procedure or product not approved by the FDA', 'NON_COVERED'),
  ('115', 'Procedure postponed, cancelled or delayed', 'OTHER'),
  ('116', 'Advance indemnification notice signed by the patient did not comply', 'OTHER'),
  ('117', 'Transportation only covered to the closest facility that can provide care', 'NON_COVERED'),
  ('118', 'ESRD network support adjustment', 'OTHER'),
  ('119', 'Benefit maximum for this time period or occurrence reached', 'NON_COVERED'),
  ('121', 'Indemnification adjustment: compensation for outstanding member responsibility', 'OTHER'),
  ('122', 'Psychiatric reduction', 'OTHER'),
  ('128', 'Newborn''s services are covered in the mother''s allowance', 'NON_COVERED'),
  ('129', 'Prior processing information appears incorrect', 'OTHER'),
  ('130', 'Claim submission fee', 'OTHER'),
  ('131', 'Claim-specific negotiated discount', 'OTHER'),
  ('132', 'Prearranged demonstration project adjustment', 'OTHER'),
  ('133', 'Disposition of the claim or service is pending further review', 'OTHER'),
  ('134', 'Technical fees removed from charges', 'OTHER'),
  ('135', 'Interim bills cannot be processed', 'OTHER'),
  ('136', 'Failure to follow prior payer''s coverage rules', 'COORDINATION_OF_BENEFITS'),
  ('137', 'Regulatory surcharges, assessments, allowances or health-related taxes', 'OTHER'),
  ('139', 'Contracted funding agreement: subscriber employed by the provider', 'OTHER'),
  ('140', 'Patient or insured health identification number and name do not match', 'ELIGIBILITY'),
  ('142', 'Monthly Medicaid patient liability amount', 'OTHER'),
  ('143', 'Portion of payment deferred', 'OTHER'),
  ('144', 'Incentive adjustment', 'OTHER'),
  ('146', 'Diagnosis code invalid for the date(s) of service', 'CODING'),
  ('147', 'Provider contracted or negotiated rate expired or not on file', 'OTHER'),
  ('148', 'Information from another provider was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('149', 'Lifetime benefit maximum reached for this service or benefit category', 'NON_COVERED'),
  ('150', 'Information submitted does not support this level of service', 'MEDICAL_NECESSITY'),
  ('151', 'Information submitted does not support this many or this frequency of services', 'MEDICAL_NECESSITY'),
  ('152', 'Information submitted does not support this length of service', 'MEDICAL_NECESSITY'),
  ('153', 'Information submitted does not support this dosage', 'MEDICAL_NECESSITY'),
  ('154', 'Information submitted does not support this day''s supply', 'MEDICAL_NECESSITY'),
  ('155', 'Patient refused the service or procedure', 'OTHER'),
  ('157', 'Service or procedure provided as a result of an act of war', 'NON_COVERED'),
  ('158', 'Service or procedure provided outside the United States', 'NON_COVERED'),
  ('159', 'Service or procedure provided as a result of terrorism', 'NON_COVERED'),
  ('160', 'Injury or illness from an illegal act', 'NON_COVERED'),
  ('161', 'Provider performance bonus', 'OTHER'),
  ('163', 'Attachment or other documentation referenced on the claim was not received', 'MISSING_INFORMATION'),
  ('164', 'Attachment or other documentation referenced on the claim was not received in time', 'MISSING_INFORMATION'),
  ('166', 'Service submitted after the payer''s responsibility for processing ended', 'TIMELY_FILING'),
  ('167', 'Diagnosis (or diagnoses) not covered', 'NON_COVERED'),
  ('169', 'Alternate benefit has been provided', 'OTHER'),
  ('170', 'Payment denied when performed or billed by this type of provider', 'CODING'),
  ('171', 'Payment denied when performed by this type of provider in this type of facility', 'CODING'),
  ('172', 'Payment adjusted when performed by a provider of this specialty', 'CODING'),
  ('173', 'Service or equipment was not prescribed by a physician', 'MISSING_INFORMATION'),
  ('174', 'Service was not prescribed before delivery', 'MISSING_INFORMATION'),
  ('175', 'Prescription is incomplete', 'MISSING_INFORMATION'),
  ('176', 'Prescription is not current', 'MISSING_INFORMATION'),
  ('177', 'Patient has not met the required eligibility requirements', 'ELIGIBILITY'),
  ('178', 'Patient has not met the required spend-down requirements', 'ELIGIBILITY'),
  ('179', 'Patient has not met the required waiting requirements', 'ELIGIBILITY'),
  ('180', 'Patient has not met the required residency requirements', 'ELIGIBILITY'),
  ('181', 'Procedure code invalid on the date of service', 'CODING'),
  ('182', 'Procedure modifier invalid on the date of service', 'CODING'),
  ('183', 'Referring provider not eligible to refer the service billed', 'AUTHORIZATION'),
  ('184', 'Prescribing or ordering provider not eligible to prescribe or order the service', 'AUTHORIZATION'),
  ('185', 'Rendering provider not eligible to perform the service billed', 'CODING'),
  ('186', 'Level of care change adjustment', 'OTHER'),
  ('187', 'Consumer spending account payments', 'OTHER'),
  ('188', 'Product or procedure only covered when used per FDA recommendations', 'NON_COVERED'),
  ('189', '"Not otherwise classified" code billed when a specific code exists', 'CODING'),
  ('190', 'Payment included in the allowance for a skilled nursing facility stay', 'NON_COVERED'),
  ('192', 'Non-standard adjustment code from a paper remittance', 'OTHER'),
  ('193', 'Original payment decision maintained after review', 'OTHER'),
  ('194', 'Anesthesia performed by the operating physician, assistant surgeon or attending', 'CODING'),
  ('195', 'Refund issued to an erroneous priority payer for this claim or service', 'COORDINATION_OF_BENEFITS'),
  ('197', 'Precertification, authorization, notification or pre-treatment absent', 'AUTHORIZATION'),
  ('198', 'Precertification, notification, authorization or pre-treatment exceeded', 'AUTHORIZATION'),
  ('199', 'Revenue code and procedure code do not match', 'CODING'),
  ('200', 'Expenses incurred during a lapse in coverage', 'ELIGIBILITY'),
  ('201', 'Patient is responsible for amount under a set-aside arrangement', 'OTHER'),
  ('202', 'Non-covered personal comfort or convenience services', 'NON_COVERED'),
  ('203', 'Discontinued or reduced service', 'OTHER'),
  ('204', 'Service, equipment or drug not covered under the current benefit plan', 'NON_COVERED'),
  ('205', 'Pharmacy discount card processing fee', 'OTHER'),
  ('206', 'National Provider Identifier missing', 'MISSING_INFORMATION'),
  ('207', 'National Provider Identifier invalid format', 'MISSING_INFORMATION'),
  ('208', 'National Provider Identifier not matched', 'MISSING_INFORMATION'),
  ('209', 'Per regulatory or other agreement, the provider cannot collect this amount from the patient', 'OTHER'),
  ('210', 'Payment adjusted: pre-certification or authorization not received in time', 'AUTHORIZATION'),
  ('211', 'National Drug Codes not eligible for rebate are not covered', 'NON_COVERED'),
  ('212', 'Administrative surcharges are not covered', 'NON_COVERED'),
  ('213', 'Non-compliance with the physician self-referral prohibition', 'OTHER'),
  ('215', 'Based on subrogation of a third party settlement', 'COORDINATION_OF_BENEFITS'),
  ('216', 'Based on the findings of a review organization', 'MEDICAL_NECESSITY'),
  ('219', 'Based on extent of injury', 'OTHER'),
  ('222', 'Exceeds the contracted maximum hours, days or units for this provider', 'NON_COVERED'),
  ('223', 'Adjustment code for a mandated federal, state or local law or regulation', 'OTHER'),
  ('224', 'Patient identification compromised by identity theft', 'ELIGIBILITY'),
  ('225', 'Penalty or interest payment by the payer', 'OTHER'),
  ('226', 'Information requested from the billing or rendering provider was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('227', 'Information requested from the patient, insured or responsible party was not provided or was insufficient', 'MISSING_INFORMATION'),
  ('228', 'Denied for failure of this provider or another to file a claim with the primary payer', 'COORDINATION_OF_BENEFITS'),
  ('229', 'Partial charge amount not considered by Medicare due to the initial claim type of bill', 'OTHER'),
  ('231', 'Mutually exclusive procedures cannot be done in the same day or setting', 'CODING'),
  ('232', 'Institutional transfer amount', 'OTHER'),
  ('233', 'Services or charges related to a hospital-acquired condition or preventable medical error', 'NON_COVERED'),
  ('234', 'This procedure is not paid separately', 'CODING'),
  ('235', 'Sales tax', 'OTHER'),
  ('236', 'Procedure or modifier combination not compatible with another procedure on the same day', 'CODING'),
  ('237', 'Legislated or regulatory penalty', 'OTHER'),
  ('238', 'Claim spans eligible and ineligible periods of coverage', 'ELIGIBILITY'),
  ('239', 'Claim spans eligible and ineligible periods: rebill separate claims', 'ELIGIBILITY'),
  ('240', 'Diagnosis was invalid for the date(s) of service reported', 'CODING'),
  ('241', 'Low income subsidy co-payment amount', 'OTHER'),
  ('242', 'Services not provided by network or primary care providers', 'AUTHORIZATION'),
  ('243', 'Services not authorized by network or primary care providers', 'AUTHORIZATION'),
  ('245', 'Provider performance program withhold', 'OTHER'),
  ('246', 'This non-payable code is for required reporting only', 'CODING'),
  ('247', 'Deductible for professional service rendered in an institutional setting and billed on an institutional claim', 'OTHER'),
  ('248', 'Coinsurance for professional service rendered in an institutional setting and billed on an institutional claim', 'OTHER'),
  ('249', 'This claim has been identified as a readmission', 'OTHER'),
  ('250', 'The attachment or other documentation received is the incorrect attachment', 'MISSING_INFORMATION'),
  ('251', 'The attachment or other documentation received was incomplete or deficient', 'MISSING_INFORMATION'),
  ('252', 'An attachment or other documentation is required to adjudicate this claim or service', 'MISSING_INFORMATION'),
  ('253', 'Sequestration: reduction in federal payment', 'OTHER'),
  ('254', 'Claim received by the dental plan, but benefits not available under this plan', 'COORDINATION_OF_BENEFITS'),
  ('256', 'Service not payable per the managed care contract', 'NON_COVERED'),
  ('257', 'The disposition of the claim or service is undetermined during the premium payment grace period', 'ELIGIBILITY'),
  ('258', 'Claim or service not covered when the patient is in custody or incarcerated', 'ELIGIBILITY'),
  ('259', 'Additional payment for a dental or vision service utilization', 'OTHER'),
  ('260', 'Processed under a Medicaid ACA enhanced fee schedule', 'OTHER'),
  ('261', 'The procedure or service is inconsistent with the patient''s history', 'MEDICAL_NECESSITY'),
  ('262', 'Adjustment for delivery cost', 'OTHER'),
  ('263', 'Adjustment for shipping cost', 'OTHER'),
  ('264', 'Adjustment for postage cost', 'OTHER'),
  ('265', 'Adjustment for administrative cost', 'OTHER'),
  ('266', 'Adjustment for compound preparation cost', 'OTHER'),
  ('267', 'The claim or service spans multiple months: rebill separate claims', 'CODING'),
  ('268', 'The claim spans two calendar years: resubmit one claim per calendar year', 'CODING'),
  ('269', 'Anesthesia not covered for this service or procedure', 'NON_COVERED'),
  ('270', 'Claim received by the medical plan, but benefits not available under this plan', 'COORDINATION_OF_BENEFITS'),
  ('271', 'Prior contractual reductions related to a current periodic payment', 'OTHER'),
  ('272', 'Coverage or program guidelines were not met', 'NON_COVERED'),
  ('273', 'Coverage or program guidelines were exceeded', 'NON_COVERED'),
  ('274', 'Fee, schedule or maximum allowable amount for an out-of-network provider', 'OTHER'),
  ('275', 'Prior payer''s patient responsibility not covered', 'COORDINATION_OF_BENEFITS'),
  ('276', 'Services denied by the prior payer(s) are not covered by this payer', 'COORDINATION_OF_BENEFITS'),
  ('277', 'The disposition of the claim or service is undetermined during the grace period', 'ELIGIBILITY'),
  ('278', 'Performance program proficiency requirements not met', 'OTHER'),
  ('279', 'Services not provided by a preferred network provider', 'AUTHORIZATION'),
  ('280', 'Claim received by the medical plan, but benefits not available under this plan: submit to the pharmacy plan', 'COORDINATION_OF_BENEFITS'),
  ('281', 'Deductible waived per the contractual agreement', 'OTHER'),
  ('282', 'The procedure billed is not covered for this provider', 'NON_COVERED'),
  ('283', 'Attending provider is not eligible to provide direction of care', 'CODING'),
  ('284', 'Precertification, authorization, notification or pre-treatment number may be valid but does not apply to the billed services', 'AUTHORIZATION'),
  ('285', 'Appeal procedures not followed or time limits not met', 'TIMELY_FILING'),
  ('286', 'Appeal time limits not met', 'TIMELY_FILING'),
  ('287', 'Referral exceeded', 'AUTHORIZATION'),
  ('288', 'Referral absent', 'AUTHORIZATION'),
  ('289', 'Services considered under the dental and medical plans, benefits not available', 'COORDINATION_OF_BENEFITS'),
  ('290', 'Claim received by the dental plan, but benefits not available: submit to the medical plan', 'COORDINATION_OF_BENEFITS'),
  ('291', 'Claim received by the medical plan, but benefits not available: submit to the dental plan', 'COORDINATION_OF_BENEFITS'),
  ('292', 'Procedure, service or supply not covered under the plan''s medical or dental benefit', 'NON_COVERED'),
  ('293', 'Payment made to the employer', 'OTHER'),
  ('294', 'Payment made to the attorney', 'OTHER'),
  ('295', 'Pharmacy direct or indirect remuneration', 'OTHER'),
  ('296', 'Precertification or authorization number may be valid but does not apply to this provider', 'AUTHORIZATION'),
  ('297', 'Claim received by the medical plan, but benefits not available: submit to the vision plan', 'COORDINATION_OF_BENEFITS'),
  ('298', 'Claim received by the vision plan, but benefits not available: submit to the medical plan', 'COORDINATION_OF_BENEFITS'),
  ('299', 'The billing provider is not eligible to receive payment for the service billed', 'CODING'),
  ('A0', 'Patient refund amount', 'OTHER'),
  ('A1', 'Claim or service denied', 'OTHER'),
  ('A5', 'Medicare claim PPS capital cost outlier amount', 'OTHER'),
  ('A6', 'Prior hospitalization or 30-day transfer requirement not met', 'NON_COVERED'),
  ('A8', 'Ungroupable DRG', 'CODING'),
  ('B1', 'Non-covered visits', 'NON_COVERED'),
  ('B4', 'Late filing penalty', 'TIMELY_FILING'),
  ('B7', 'Provider not certified or eligible to be paid for this procedure or service on this date', 'CODING'),
  ('B8', 'Alternative services were available and should have been used', 'MEDICAL_NECESSITY'),
  ('B9', 'Patient is enrolled in a hospice', 'COORDINATION_OF_BENEFITS'),
  ('B10', 'Allowed amount reduced: a component of the basic procedure or test was paid', 'CODING'),
  ('B11', 'Claim transferred to the proper payer or processor for processing', 'COORDINATION_OF_BENEFITS'),
  ('B12', 'Services not documented in the patient''s medical records', 'MISSING_INFORMATION'),
  ('B13', 'Previously paid: payment for this claim or service may have been provided in a previous payment', 'DUPLICATE'),
  ('B14', 'Only one visit or consultation per physician per day is covered', 'CODING'),
  ('B15', 'Service requires that a qualifying service or procedure be received and covered', 'CODING'),
  ('B16', '"New patient" qualifications were not met', 'CODING'),
  ('B20', 'Procedure or service was partially or fully furnished by another provider', 'DUPLICATE'),
  ('B22', 'Payment adjusted based on the diagnosis', 'CODING'),
  ('B23', 'Procedure billed is not authorized per the CLIA proficiency test', 'AUTHORIZATION'),
  ('P1', 'State-mandated requirement for property and casualty', 'OTHER'),
  ('P2', 'Not a work-related injury or illness, not the liability of the workers'' compensation carrier', 'COORDINATION_OF_BENEFITS'),
  ('P3', 'Workers'' compensation case settled: the patient is responsible', 'COORDINATION_OF_BENEFITS'),
  ('P4', 'Workers'' compensation claim adjudicated as non-compensable', 'NON_COVERED'),
  ('P5', 'Based on the payer''s fee schedule or maximum allowable for property and casualty', 'OTHER'),
  ('P6', 'Based on the entitlement to benefits (property and casualty)', 'ELIGIBILITY'),
  ('P7', 'Applied to the deductible (property and casualty)', 'OTHER'),
  ('P8', 'Not yet determined the extent of the injury (property and casualty)', 'OTHER'),
  ('P9', 'No available or correlating CPT or HCPCS code to describe this service', 'CODING'),
  ('P10', 'Payment reduced to zero due to litigation', 'OTHER'),
  ('P11', 'Disposition pending: the case is in litigation or dispute', 'OTHER'),
  ('P12', 'Workers'' compensation jurisdictional fee schedule adjustment', 'OTHER'),
  ('P13', 'Payment reduced or denied based on workers'' compensation jurisdictional regulations', 'OTHER'),
  ('P14', 'Benefit for this service included in payment for another service or procedure (property and casualty)', 'CODING'),
  ('P15', 'Workers'' compensation medical treatment guideline adjustment', 'MEDICAL_NECESSITY'),
  ('P16', 'Medical provider not authorized or certified to provide treatment to injured workers', 'AUTHORIZATION'),
  ('P17', 'Referral not authorized by the attending physician (property and casualty)', 'AUTHORIZATION'),
  ('P18', 'Procedure is not listed in the jurisdiction fee schedule', 'CODING'),
  ('P19', 'Procedure has a relative value of zero in the jurisdiction fee schedule', 'CODING'),
  ('P20', 'Service not paid under the jurisdiction-allowed outpatient facility fee schedule', 'NON_COVERED'),
  ('P21', 'Payment denied based on the Medical Payments Coverage (MPC) and/or Personal Injury Protection (PIP) benefits jurisdictional regulations', 'NON_COVERED'),
  ('P22', 'Payment adjusted based on Medical Payments Coverage and/or Personal Injury Protection fee schedule', 'OTHER'),
  ('P23', 'Medical Payments Coverage and/or Personal Injury Protection benefits exhausted', 'NON_COVERED'),
  ('P24', 'Payment adjusted based on preferred provider organization (property and casualty)', 'OTHER'),
  ('P25', 'Payment adjusted based on a medical fee schedule (property and casualty)', 'OTHER'),
  ('P26', 'Payment adjusted based on a negotiated contract (property and casualty)', 'OTHER'),
  ('P27', 'Payment adjusted based on the medical review (property and casualty)', 'MEDICAL_NECESSITY'),
  ('P28', 'Payment adjusted based on review of the bill (property and casualty)', 'OTHER'),
  ('P29', 'Liability benefits jurisdictional fee schedule adjustment', 'OTHER'),
  ('P30', 'Payment denied for the absence of, or exceeded, pre-certification or authorization (property and casualty)', 'AUTHORIZATION'),
  ('P31', 'Payment denied for the absence of, or exceeded, referral (property and casualty)', 'AUTHORIZATION'),
  ('P32', 'Payment adjusted based on the proof of delivery (property and casualty)', 'MISSING_INFORMATION'),
  ('W1', 'Workers'' compensation jurisdictional fee schedule adjustment', 'OTHER'),
  ('W2', 'Payment reduced or denied based on workers'' compensation jurisdictional regulations or payment policies', 'OTHER'),
  ('W3', 'The benefit for this service is included in the payment for another service (workers'' compensation)', 'CODING'),
  ('W4', 'Workers'' compensation medical treatment guideline adjustment', 'MEDICAL_NECESSITY'),
  ('W7', 'Medical provider not authorized to provide treatment to injured workers', 'AUTHORIZATION'),
  ('W8', 'Referral not authorized by the attending physician (workers'' compensation)', 'AUTHORIZATION'),
  ('W9', 'Unnecessary treatment, services or supplies (workers'' compensation)', 'MEDICAL_NECESSITY'),
  ('Y1', 'Payment denied based on Medical Payments Coverage and/or Personal Injury Protection benefits', 'NON_COVERED'),
  ('Y2', 'Payment adjusted based on the Medical Payments Coverage and/or Personal Injury Protection fee schedule', 'OTHER'),
  ('Y3', 'Medical Payments Coverage and/or Personal Injury Protection benefits exhausted', 'NON_COVERED');

-- RARC: the remark codes most often paired with the CARCs above (CAQH CORE 360 combinations).
insert into x12_code.rarc (code, description, alert) values
  ('M15', 'Separately billed services or tests have been bundled; payment is included in another service', false),
  ('M20', 'Missing or invalid HCPCS code', false),
  ('M51', 'Missing, incomplete or invalid procedure code(s)', false),
  ('M76', 'Missing, incomplete or invalid diagnosis or condition', false),
  ('M77', 'Missing, incomplete or invalid place of service', false),
  ('M79', 'Missing or invalid charge', false),
  ('M80', 'Not covered when performed during the same session or date as a previously processed service', false),
  ('M86', 'Service denied because payment already made for the same or similar procedure in the set time frame', false),
  ('M119', 'Missing, incomplete or invalid National Drug Code', false),
  ('M127', 'Missing patient medical record for this service', false),
  ('MA01', 'Alert: if you disagree with the determination you may appeal', true),
  ('MA04', 'Secondary payment cannot be considered without the identity of, or payment information from, the primary payer', false),
  ('MA07', 'Alert: the claim information has also been forwarded to Medicaid for review', true),
  ('MA13', 'Alert: you may be subject to penalties if you bill the patient for amounts not reported as patient responsibility', true),
  ('MA18', 'Alert: the claim information is also being forwarded to the patient''s supplemental insurer', true),
  ('MA27', 'Missing, incomplete or invalid entitlement number or name shown on the claim', false),
  ('MA61', 'Missing, incomplete or invalid social security number or health insurance claim number', false),
  ('MA92', 'Missing plan information for other insurance', false),
  ('MA130', 'Your claim contains incomplete and/or invalid information, and no appeal rights are afforded; submit a new claim with the complete information', false),
  ('N4', 'Missing, incomplete or invalid prior insurance carrier EOB', false),
  ('N19', 'Procedure code incidental to the primary procedure', false),
  ('N20', 'Service not payable with other service rendered on the same date', false),
  ('N30', 'Patient ineligible for this service', false),
  ('N54', 'Claim information is inconsistent with pre-certified or authorized services', false),
  ('N56', 'Procedure code billed is not correct or valid for the services billed or the date of service billed', false),
  ('N95', 'This provider type or specialty may not bill this service', false),
  ('N102', 'This claim has been denied without reviewing the medical or dental record because the requested records were not received or were not received timely', false),
  ('N115', 'This decision was based on a local coverage determination', false),
  ('N130', 'Consult plan benefit documents or guidelines for information about restrictions for this service', false),
  ('N179', 'Additional information has been requested from the member', false),
  ('N211', 'Alert: you may not appeal this decision', true),
  ('N290', 'Missing, incomplete or invalid rendering provider primary identifier', false),
  ('N362', 'The number of days or units of service exceeds our acceptable maximum', false),
  ('N381', 'Alert: consult the contractual agreement for restrictions, billing and payment information', true),
  ('N386', 'This decision was based on a national coverage determination', false),
  ('N418', 'Misrouted claim: see the payer''s claim submission instructions', false),
  ('N432', 'Adjustment based on a recovery audit', false),
  ('N479', 'Missing explanation of benefits (coordination of benefits or Medicare secondary payer)', false),
  ('N522', 'Duplicate of a claim processed, or to be processed, as a crossover claim', false),
  ('N640', 'Exceeds the number of days or units of service allowed', false),
  ('N657', 'This should be billed with the appropriate code for these services', false);

-------------------------------------------------------------------------------
-- Claims: the payer's identifiers and each claim's money
-------------------------------------------------------------------------------

-- The 835's fallback match (CLP07) is the payer's claim control number that claims-out records from the 277CA.
drop index if exists billing.claim_payer_claim_control_number_lookup;
create index claim_payer_claim_control_number_lookup on billing.claim (tenant_id, payer_claim_control_number) where payer_claim_control_number is not null;

alter table billing.claim add column patient_responsibility_amount numeric(14, 2) not null default 0;
alter table billing.claim add column adjustment_amount numeric(14, 2) not null default 0;
alter table billing.claim add column balance numeric(14, 2) generated always as
  (total_amount - coalesce(paid_amount, 0) - adjustment_amount - patient_responsibility_amount) stored;
comment on column billing.claim.patient_responsibility_amount is 'What the payer assigned to the patient (835 group PR), net of reversals: transferred to the patient or the secondary coverage.';
comment on column billing.claim.adjustment_amount is 'What the payer adjusted off the claim (835 groups CO, OA, PI, CR) plus write-offs, net of reversals.';
comment on column billing.claim.balance is 'What is still expected from this payer: charge - paid - adjustments - patient responsibility. Everyone reads this column.';

-------------------------------------------------------------------------------
-- Remittances (one 835 transaction each)
-------------------------------------------------------------------------------

create table billing.remittance (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  payer_id uuid,
  payer_name text,
  payer_identifier text,
  payee_name text,
  payee_npi text,
  trace_number text not null check (length(trace_number) between 1 and 50),
  payment_amount numeric(14, 2) not null,
  credit_debit text,
  payment_method text,
  payment_date date,
  status text not null check (status in ('POSTED', 'HELD', 'DUPLICATE')),
  reason text,
  duplicate_of uuid,
  claim_count integer not null default 0,
  claims_posted integer not null default 0,
  claims_unmatched integer not null default 0,
  transaction_control_number text,
  x12 text not null,
  source text not null default 'API' check (source in ('API', 'CONSOLE', 'PSQL', 'PARTNER')),
  received_at timestamptz not null default now(),
  received_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, duplicate_of) references billing.remittance (tenant_id, id),
  constraint held_has_reason check (status = 'POSTED' or reason is not null)
);
-- Idempotency: one posting per (payer, TRN02 trace, amount). A second delivery is a DUPLICATE row.
create unique index remittance_posted_once on billing.remittance (tenant_id, coalesce(payer_identifier, payer_name, ''), trace_number, payment_amount) where status = 'POSTED';
create index remittance_recent on billing.remittance (tenant_id, received_at desc);
create index on billing.remittance (tenant_id, payer_id);
create index on billing.remittance (tenant_id, duplicate_of);
select core_private.enable_tenant_rls('billing.remittance', 'claims.read', null);
create policy tenant_read_write on billing.remittance for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
-- Not x12: the exact bytes carry PHI the API never hands out wholesale (console and psql read them as the owner).
grant select (tenant_id, id, payer_id, payer_name, payer_identifier, payee_name, payee_npi, trace_number, payment_amount, credit_debit,
  payment_method, payment_date, status, reason, duplicate_of, claim_count, claims_posted, claims_unmatched, transaction_control_number,
  source, received_at, received_by) on billing.remittance to :VISITOR;
comment on table billing.remittance is 'One 835 transaction (ST..SE) as received: POSTED, HELD (unbalanced: nothing of it posted, reason shows the failed equation) or DUPLICATE (the same payer, trace and amount were posted before). x12 keeps the exact bytes.';
comment on column billing.remittance.x12 is 'The exact X12 of the interchange this transaction came in (PHI: read it through the console or psql only).';

create table billing.claim_payment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  remittance_id uuid not null,
  claim_id uuid not null,
  sequence integer not null,
  claim_status_code text not null,
  charge_amount numeric(14, 2) not null,
  paid_amount numeric(14, 2) not null,
  patient_responsibility numeric(14, 2) not null default 0,
  adjustment_amount numeric(14, 2) not null default 0,
  filing_indicator text,
  payer_claim_control_number text,
  crossover_payer_name text,
  crossover_payer_id text,
  denial_reason_code text,
  denial_category text,
  reversed_by uuid,
  posted_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  foreign key (tenant_id, reversed_by) references billing.claim_payment (tenant_id, id),
  unique (tenant_id, remittance_id, sequence)
);
create index on billing.claim_payment (tenant_id, claim_id);
create index on billing.claim_payment (tenant_id, reversed_by);
select core_private.enable_tenant_rls('billing.claim_payment', 'claims.read', null);
create policy tenant_read_write on billing.claim_payment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_payment to :VISITOR;
comment on table billing.claim_payment is 'One CLP of a posted 835: what the payer paid on one of our claims. A reversal (claim_status_code 22) carries negated amounts and marks the payment it reverses (reversed_by). Crossover (19/20): the payer forwarded the claim to crossover_payer_name (NM1*TT).';

create table billing.claim_service_payment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  claim_payment_id uuid not null,
  line_number smallint not null,
  procedure_code text not null,
  modifiers text[] not null default '{}',
  original_procedure_code text,
  charge_amount numeric(14, 2) not null,
  paid_amount numeric(14, 2) not null,
  units numeric(9, 2),
  service_date date,
  allowed_amount numeric(14, 2),
  remark_codes text[] not null default '{}',
  primary key (tenant_id, claim_payment_id, line_number),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id)
);
select core_private.enable_tenant_rls('billing.claim_service_payment', 'claims.read', null);
create policy tenant_read_write on billing.claim_service_payment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_service_payment to :VISITOR;
comment on table billing.claim_service_payment is 'One SVC of a posted claim payment (loop 2110): procedure as adjudicated (original_procedure_code when the payer changed it), charge, paid, units, allowed (AMT*B6), remarks (LQ*HE).';

create table billing.claim_adjustment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  claim_payment_id uuid not null,
  seq smallint not null,
  claim_id uuid not null,
  level text not null check (level in ('CLAIM', 'LINE')),
  line_number smallint,
  group_code text not null,
  reason_code text not null,
  amount numeric(14, 2) not null,
  quantity numeric(9, 2),
  remark_codes text[] not null default '{}',
  primary key (tenant_id, claim_payment_id, seq),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  constraint line_has_number check ((level = 'LINE') = (line_number is not null))
);
create index on billing.claim_adjustment (tenant_id, claim_id);
select core_private.enable_tenant_rls('billing.claim_adjustment', 'claims.read', null);
create policy tenant_read_write on billing.claim_adjustment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_adjustment to :VISITOR;
comment on table billing.claim_adjustment is 'One CAS triple (group, CARC, amount, quantity) of a posted claim payment, at claim or line level, with the remark codes (MOA/MIA at claim level, LQ*HE at line level). Write-offs are recorded here too (group CO, claim level).';

create table billing.provider_adjustment (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  remittance_id uuid not null,
  seq smallint not null,
  provider_identifier text,
  fiscal_period_date date,
  reason_code text not null,
  reference text,
  amount numeric(14, 2) not null,
  primary key (tenant_id, remittance_id, seq),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id)
);
select core_private.enable_tenant_rls('billing.provider_adjustment', 'claims.read', null);
create policy tenant_read_write on billing.provider_adjustment for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.provider_adjustment to :VISITOR;
comment on table billing.provider_adjustment is 'One PLB adjustment of a posted remittance (interest L6, forwarding balance FB, overpayment recovery WO, authorized return 72...). A positive amount reduces the payment.';

-------------------------------------------------------------------------------
-- Work queues
-------------------------------------------------------------------------------

create table billing.unmatched_remittance_claim (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  remittance_id uuid not null,
  sequence integer not null,
  patient_control_number text,
  payer_claim_control_number text,
  claim_status_code text,
  charge_amount numeric(14, 2),
  paid_amount numeric(14, 2),
  detail jsonb not null,
  reason text not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
  resolved_claim_id uuid,
  resolution_note text,
  resolved_at timestamptz,
  resolved_by text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, remittance_id) references billing.remittance (tenant_id, id),
  foreign key (tenant_id, resolved_claim_id) references billing.claim (tenant_id, id),
  unique (tenant_id, remittance_id, sequence)
);
create index unmatched_remittance_claim_open on billing.unmatched_remittance_claim (tenant_id, created_at) where status = 'OPEN';
create index on billing.unmatched_remittance_claim (tenant_id, resolved_claim_id);
select core_private.enable_tenant_rls('billing.unmatched_remittance_claim', 'claims.read', null);
create policy tenant_read_write on billing.unmatched_remittance_claim for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.unmatched_remittance_claim to :VISITOR;
comment on table billing.unmatched_remittance_claim is 'A CLP of a posted 835 that matched none of our claims (by patient control number, then payer claim control number): kept whole (detail), never guessed, worked by a person.';

create table billing.denial_work_item (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  claim_payment_id uuid not null,
  payer_id uuid not null,
  denial_category text not null,
  reason_code text not null,
  group_code text not null,
  remark_codes text[] not null default '{}',
  denied_amount numeric(14, 2) not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
  assigned_to text,
  resolution_note text,
  resolved_at timestamptz,
  resolved_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  foreign key (tenant_id, claim_payment_id) references billing.claim_payment (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  unique (tenant_id, claim_payment_id)
);
create index denial_work_item_open on billing.denial_work_item (tenant_id, denial_category, payer_id, reason_code) where status = 'OPEN';
create index on billing.denial_work_item (tenant_id, claim_id);
create index on billing.denial_work_item (tenant_id, payer_id);
create trigger _100_set_updated_at before update on billing.denial_work_item for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.denial_work_item', 'claims.read', null);
create policy tenant_read_write on billing.denial_work_item for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.denial_work_item to :VISITOR;
comment on table billing.denial_work_item is 'A denied claim payment to work: its category and main CARC (the largest non-PR adjustment), assignable, resolved with a note.';

create table billing.denial_action (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  denial_work_item_id uuid not null,
  claim_id uuid not null,
  action text not null check (action in ('APPEAL', 'CORRECTED_CLAIM', 'VOID', 'WRITE_OFF', 'BILL_SECONDARY')),
  action_date date not null default current_date,
  follow_up_by date,
  amount numeric(14, 2),
  reason text,
  note text,
  recorded_at timestamptz not null default now(),
  recorded_by text,
  primary key (tenant_id, id),
  foreign key (tenant_id, denial_work_item_id) references billing.denial_work_item (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id),
  constraint appeal_has_follow_up check (action <> 'APPEAL' or follow_up_by is not null),
  constraint write_off_has_amount check (action <> 'WRITE_OFF' or (amount > 0 and reason is not null))
);
create index on billing.denial_action (tenant_id, denial_work_item_id);
create index on billing.denial_action (tenant_id, claim_id);
select core_private.enable_tenant_rls('billing.denial_action', 'claims.read', null);
create policy tenant_read_write on billing.denial_action for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.denial_action to :VISITOR;
comment on table billing.denial_action is 'What a biller did about a denial: APPEAL (date, follow-up deadline), CORRECTED_CLAIM (frequency 7), VOID (frequency 8), WRITE_OFF (amount, reason), BILL_SECONDARY.';

-------------------------------------------------------------------------------
-- Reporting from real remittances (never granted to the API: tenant-filtered views in sql/functions)
-------------------------------------------------------------------------------

-- Accounts receivable: what each claim with the payer still owes (its balance), by days since submission.
-- A claim an 835 adjudicated has a zero balance (the 835 balances); a reversed one is ACCEPTED again.
create materialized view reporting.mv_ar_aging_by_payer as
with open_claim as (
  select tenant_id, payer_id, balance, current_date - (submitted_at at time zone 'UTC')::date as age_days
  from billing.claim where status in ('SUBMITTED', 'ACCEPTED', 'REJECTED') and balance > 0
)
select tenant_id, payer_id,
       case when age_days <= 30 then '0-30' when age_days <= 60 then '31-60' when age_days <= 90 then '61-90'
            when age_days <= 120 then '91-120' else '120+' end as age_bucket,
       min(case when age_days <= 30 then 1 when age_days <= 60 then 2 when age_days <= 90 then 3 when age_days <= 120 then 4 else 5 end)::int as bucket_order,
       count(*)::int as claim_count,
       sum(balance) as outstanding_amount,
       max(age_days)::int as oldest_age_days
from open_claim
group by 1, 2, 3;
create unique index on reporting.mv_ar_aging_by_payer (tenant_id, payer_id, age_bucket);

-- Clean claim rate: of the claims first submitted in a month, the share accepted on the first
-- submission (no REJECTED ever) and, once adjudicated, paid without a denial.
create materialized view reporting.mv_clean_claim_rate as
with first_submission as (
  select h.tenant_id, h.claim_id, min(h.occurred_at) as submitted_at
  from billing.claim_status_history h where h.to_status = 'SUBMITTED' group by h.tenant_id, h.claim_id
), outcome as (
  select f.tenant_id, f.claim_id, f.submitted_at, c.payer_id,
         bool_or(h.to_status = 'REJECTED') as rejected,
         bool_or(h.to_status in ('ACCEPTED', 'PAID', 'DENIED')) as accepted,
         bool_or(h.to_status = 'DENIED') as denied
  from first_submission f
  join billing.claim c on c.tenant_id = f.tenant_id and c.id = f.claim_id
  left join billing.claim_status_history h on h.tenant_id = f.tenant_id and h.claim_id = f.claim_id
  group by f.tenant_id, f.claim_id, f.submitted_at, c.payer_id
)
select tenant_id, payer_id, date_trunc('month', submitted_at at time zone 'UTC')::date as submitted_month,
       count(*)::int as submitted_count,
       count(*) filter (where accepted and not rejected and not denied)::int as clean_count,
       count(*) filter (where rejected)::int as rejected_count,
       count(*) filter (where denied)::int as denied_count,
       count(*) filter (where not accepted and not rejected)::int as awaiting_count,
       round(100.0 * count(*) filter (where accepted and not rejected and not denied) / nullif(count(*) filter (where accepted or rejected), 0), 2) as clean_claim_rate_pct
from outcome
group by 1, 2, 3;
create unique index on reporting.mv_clean_claim_rate (tenant_id, payer_id, submitted_month);

-- Denials by category against everything the payer adjudicated (PAID + DENIED), hand-recorded or from 835s.
create materialized view reporting.mv_denial_rate_by_category as
with adjudicated as (
  select tenant_id, payer_id, count(*)::int as adjudicated_count
  from billing.claim where status in ('PAID', 'DENIED') group by 1, 2
)
select c.tenant_id, c.payer_id, c.denial_category,
       count(*)::int as denied_count,
       sum(c.total_amount) as denied_amount,
       a.adjudicated_count,
       round(100.0 * count(*) / a.adjudicated_count, 2) as denial_rate_pct
from billing.claim c
join adjudicated a on a.tenant_id = c.tenant_id and a.payer_id = c.payer_id
where c.status = 'DENIED'
group by c.tenant_id, c.payer_id, c.denial_category, a.adjudicated_count;
create unique index on reporting.mv_denial_rate_by_category (tenant_id, payer_id, denial_category);

-- Payments received per payer, day and method (posted remittances; the nil uuid for an unknown payer).
create materialized view reporting.mv_payment_by_payer_day as
select r.tenant_id, coalesce(r.payer_id, '00000000-0000-0000-0000-000000000000'::uuid) as payer_id,
       coalesce(r.payment_date, (r.received_at at time zone 'UTC')::date) as payment_day,
       coalesce(r.payment_method, 'NON') as payment_method,
       count(*)::int as remittance_count,
       sum(r.payment_amount) as payment_amount,
       sum(r.claims_posted)::int as claims_posted,
       sum(r.claims_unmatched)::int as claims_unmatched
from billing.remittance r
where r.status = 'POSTED'
group by 1, 2, 3, 4;
create unique index on reporting.mv_payment_by_payer_day (tenant_id, payer_id, payment_day, payment_method);

-- Time-ordered ids (as migration 000007) for the tables a remittance writes by the hundred thousand.
do $$
begin
  if to_regprocedure('pg_catalog.uuidv7()') is not null then
    alter table billing.remittance alter column id set default uuidv7();
    alter table billing.claim_payment alter column id set default uuidv7();
    alter table billing.unmatched_remittance_claim alter column id set default uuidv7();
    alter table billing.denial_work_item alter column id set default uuidv7();
  end if;
end $$;

--! split: 70-sql-function-registry.sql
-- The functions sql/functions/ defined at the last apply (server/db/apply-functions.ts): the next apply drops
-- those no file defines any more, so a rename or a changed signature leaves no stale function behind.
-- Not tenant data: it lives in rcm_meta, which no API role can reach.
drop table if exists rcm_meta.sql_function;
create schema if not exists rcm_meta;
revoke all on schema rcm_meta from public;
create table rcm_meta.sql_function (
  signature text primary key
);
comment on table rcm_meta.sql_function is 'Functions (regprocedure text) that the files under sql/functions/ defined at the last apply.';

--! split: 71-core-function-comments.sql
-- GraphQL descriptions of the core functions the migrations define (the files under sql/functions carry their own).
comment on function core.current_tenant_id() is 'The tenant of the caller''s token (jwt.claims.tenant_id), or null.';
comment on function core.current_user_id() is 'The subject (sub) of the caller''s token.';
comment on function core.current_permissions() is 'The permissions of the caller''s token.';
comment on function core.has_permission(text) is 'Whether the caller''s token carries the permission (admin carries every one).';
comment on function core.assert_permission(text) is 'Raises 42501 "permission denied: <permission> required" unless the caller''s token carries the permission.';
comment on function core.is_valid_npi(text) is 'Whether the text is a 10-digit National Provider Identifier with a valid Luhn check digit (prefix 80840).';
comment on function core.has_any_permission(text[]) is 'Whether the caller''s token carries any of the permissions (admin carries every one).';
