-- engine2 (issue 16): one apply skeleton for every feed kind. A kind is now its mapped row type
-- (below), ingestion_private.check_<kind> (parse, look up, check) and write_<kind> (the upsert);
-- ingestion_private.apply_chunk holds the shared steps (lock, key check, key claim, marking).
-- The four copies of the skeleton go (sql/functions no longer defines them).
drop function if exists ingestion_private.fn_apply_members(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_coverage_policies(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_service_events(uuid, integer, integer);
drop function if exists ingestion_private.fn_apply_charges(uuid, integer, integer);

drop type if exists ingestion_private.charge_row cascade;
drop type if exists ingestion_private.coverage_policy_row cascade;
drop type if exists ingestion_private.service_event_row cascade;
drop type if exists ingestion_private.member_row cascade;

-- Each row type starts with the record's identity and outcome (row_number, rid, key, data,
-- error_detail), which apply_chunk reads, then the values its write_<kind> stores.
create type ingestion_private.member_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  member_number text, first_name text, last_name text, middle_name text, date_of_birth date, gender text,
  address_line text, city text, state text, postal_code text, phone text
);

create type ingestion_private.service_event_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  event_number text, member_id uuid, facility_id uuid, service_date date, status text, rendering_npi text, service_type_code text
);

create type ingestion_private.coverage_policy_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  member_id uuid, payer_id uuid, subscriber_id text, group_number text, plan_name text, relationship_code text,
  subscriber_first_name text, subscriber_last_name text, subscriber_date_of_birth date, subscriber_gender text,
  effective_from date, effective_to date, status text, priority smallint
);

create type ingestion_private.charge_row as (
  row_number integer, rid tid, key text, data jsonb, error_detail jsonb,
  charge_number text, service_event_id uuid, member_id uuid, facility_id uuid, rendering_npi text, billing_npi text,
  procedure_code text, modifiers text[], diagnosis_codes text[], units numeric, amount numeric, service_date date,
  place_of_service text
);
