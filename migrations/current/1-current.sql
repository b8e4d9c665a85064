--! split: 78-claim-coverage-check-always.sql
-- 78-claim-coverage-check-always: a claim's coverage check fires in every session replication
-- role. Re-runnable.
--
-- Why: billing_private.write_claims (the claim build's one writing statement) runs in replica mode
-- when the owner may, so that the parent checks that cannot fail there do not run (its file says
-- why each holds). This one can: the claim's (coverage, member, payer) must be one coverage of its
-- tenant, and its FOR KEY SHARE lock is what keeps a coverage's payer from changing under the
-- build. In the default (origin) role nothing changes.
alter table billing.claim enable always trigger _050_coverage_policy_id_names_coverage_policy;

