--! Previous: sha1:7128b3cdd4ed7702c9206c12885710b60eedc74e
--! Hash: sha1:f0349313d71a249e9a91ba0cb83ec20c5ecd66ee
--! Message: Roster reads active coverage only

--! split: 1-roster-active-coverage.sql
-- The roster, the sweep, the anomalies and charge validation all ask for ACTIVE coverage on a
-- date: the covering index holds only ACTIVE rows, so the roster's scan neither reads nor
-- filters the others. Re-runnable.
drop index if exists member.coverage_policy_member_dates;
create index coverage_policy_member_dates on member.coverage_policy (tenant_id, member_id, effective_from)
  include (effective_to, payer_id, priority, id) where status = 'ACTIVE';
