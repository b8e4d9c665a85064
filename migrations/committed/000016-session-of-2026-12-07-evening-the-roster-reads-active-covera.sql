--! Previous: sha1:13998edefc097026d142329aafd34fc93a93c83a
--! Hash: sha1:85027a5bc6d4d480b008f5adad493003a9e12223
--! Message: Session of 2026-12-07 evening: the roster reads active coverage dates from a narrow index (77)

--! split: 77-roster-coverage-dates.sql
-- 77-roster-coverage-dates: the sweep roster reads each member's active coverage dates from an
-- index holding only them. Re-runnable: drop, then create.
--
-- Why: the roster (eligibility_private.sweep_roster) merge-joins the run's first visits with every
-- ACTIVE coverage of the tenant in member order and counts those active on the visit's date. It
-- needs four columns of each coverage: tenant, member, effective_from, effective_to. The covering
-- index it read, coverage_policy_member_dates, holds seven (payer_id, priority and id for its
-- other readers), and an index-only scan unpacks every column of every entry it returns:
-- 23,029 entries a call on the roster bench's tenant. On this index the roster takes 5.5 % fewer
-- instructions (callgrind on the bench's data: 116.9 against 123.7 million a call) and 3.6-7.9 % less
-- backend CPU (paired rounds on one bench database: 9.07 against 9.41 and 9.19 against 9.98 ms a
-- call; docs/eligibility.md, branch roster19). A run narrowed to payers still reads the wider
-- index, which has payer_id. The cost: one more index entry for every ACTIVE coverage written
-- (inserting 46,000 coverages in one statement: about 10 % more CPU), and 15 MB beside the wider
-- index's 23 MB on the bench's 240,000 coverages.
drop index if exists member.coverage_policy_active_dates;
create index coverage_policy_active_dates on member.coverage_policy (tenant_id, member_id)
  include (effective_from, effective_to) where status = 'ACTIVE';
