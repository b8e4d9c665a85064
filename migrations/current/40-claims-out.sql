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
