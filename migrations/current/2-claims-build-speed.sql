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
