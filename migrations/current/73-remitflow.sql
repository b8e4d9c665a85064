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
