--! Previous: sha1:85027a5bc6d4d480b008f5adad493003a9e12223
--! Hash: sha1:67bc337616fad1b314cb34a4f4e7e8da73b960d5
--! Message: Session of 2026-12-07 night: the claim build's coverage check fires in replica mode; the patient control number's check without bounded repetition (78-79)

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

--! split: 79-patient-control-number-check.sql
-- 79-patient-control-number-check: the claim's patient control number checked without a bounded
-- repetition. Re-runnable: drop, then add.
--
-- Why: `~ '^[A-Za-z0-9]{1,20}$'` costs about 0.9 us a claim in PostgreSQL's regex engine (bounded
-- repetitions are expanded into states, as migration 000006 found for the other identifier
-- checks); the length and a negated class say the same in about 0.15 us (200,000 numbers in
-- psql: 187 against 27 ms). A build slice writes 3,334 claims. Same rule: 1 to 20 characters,
-- letters and digits only (a null is still refused by NOT NULL).
alter table billing.claim drop constraint if exists claim_patient_control_number_check;
alter table billing.claim add constraint claim_patient_control_number_check
  check (length(patient_control_number) between 1 and 20 and patient_control_number !~ '[^A-Za-z0-9]');
