--! Previous: -
--! Hash: sha1:ad87a8f5cbc23236f573611ac962218f752f3a65

-- Nothing is executable by PUBLIC unless granted (PostgREST's advice).
alter default privileges revoke execute on functions from public;

create extension if not exists pgcrypto;
create extension if not exists btree_gist;

create schema core;
create schema core_private;
create schema member;
create schema service;
create schema billing;
create schema ingestion;
create schema eligibility;
create schema reporting;
create schema ops;

grant usage on schema core, member, service, billing, ingestion, eligibility, reporting, ops to :VISITOR;

-------------------------------------------------------------------------------
-- Tenancy and permissions. The JWT's claims arrive as settings (jwt.claims.*).
-- These helpers are part of the schema because every RLS policy depends on them.
-------------------------------------------------------------------------------

create function core.current_tenant_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('jwt.claims.tenant_id', true), '')::uuid $$;

create function core.current_user_id() returns text
  language sql stable parallel safe
  as $$ select nullif(current_setting('jwt.claims.sub', true), '') $$;

create function core.current_permissions() returns text[]
  language sql stable parallel safe
  as $$ select coalesce(string_to_array(nullif(current_setting('jwt.claims.permissions', true), ''), ','), '{}') $$;

-- `admin` holds every permission.
create function core.has_permission(permission text) returns boolean
  language sql stable parallel safe
  as $$ select permission is null or core.current_permissions() && array[permission, 'admin'] $$;

create function core.assert_permission(permission text) returns void
  language plpgsql stable
  as $$
begin
  if core.current_tenant_id() is null then
    raise exception 'no tenant in the request' using errcode = '42501';
  end if;
  if not core.has_permission(permission) then
    raise exception 'permission denied: % required', permission using errcode = '42501', hint = 'Ask an administrator for the ' || permission || ' permission.';
  end if;
end $$;

grant execute on function core.current_tenant_id(), core.current_user_id(), core.current_permissions(),
  core.has_permission(text), core.assert_permission(text) to :VISITOR;

-- Enables and forces RLS on a tenant table and gives it the standard policies: rows of the
-- caller's tenant are readable with `read_permission` (null: any user of the tenant) and
-- writable with `write_permission` (null: not writable through the API).
create function core_private.enable_tenant_rls(target regclass, read_permission text, write_permission text)
  returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format($p$create policy tenant_read on %s for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission(%L)))$p$,
    target, read_permission);
  if write_permission is not null then
    execute format($p$create policy tenant_insert on %s for insert with check (tenant_id = (select core.current_tenant_id()) and (select core.has_permission(%L)))$p$,
      target, write_permission);
    execute format($p$create policy tenant_update on %s for update using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission(%L)))$p$,
      target, write_permission);
    execute format($p$create policy tenant_delete on %s for delete using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission(%L)))$p$,
      target, write_permission);
  end if;
end $$;

create function core_private.tg__set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

-- NPI: 10 digits, Luhn check digit over the 80840 prefix (CMS NPI standard).
create function core.is_valid_npi(npi text) returns boolean
  language plpgsql immutable parallel safe strict as $$
declare
  digits text := '80840' || substr(npi, 1, 9);
  total int := 0;
  d int;
  i int;
begin
  if npi !~ '^[12][0-9]{9}$' then return false; end if;
  for i in 1..length(digits) loop
    d := substr(digits, length(digits) - i + 1, 1)::int;
    if i % 2 = 1 then
      d := d * 2;
      if d > 9 then d := d - 9; end if;
    end if;
    total := total + d;
  end loop;
  return (10 - total % 10) % 10 = substr(npi, 10, 1)::int;
end $$;
grant execute on function core.is_valid_npi(text) to :VISITOR;

-------------------------------------------------------------------------------
-- Tenants and reference data
-------------------------------------------------------------------------------

create table core.tenant (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(trim(name)) > 0),
  created_at timestamptz not null default now()
);
alter table core.tenant enable row level security;
alter table core.tenant force row level security;
create policy tenant_self on core.tenant for select using (id = (select core.current_tenant_id()));
grant select on core.tenant to :VISITOR;
comment on table core.tenant is 'A provider organisation. Every other row belongs to one.';

create table core.facility (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(trim(name)) > 0),
  npi text check (core.is_valid_npi(npi)),
  time_zone text not null default 'America/New_York',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code)
);
create trigger _100_set_updated_at before update on core.facility for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('core.facility', null, 'admin');
grant select on core.facility to :VISITOR;
grant insert (code, name, npi, time_zone, active), update (code, name, npi, time_zone, active) on core.facility to :VISITOR;
comment on table core.facility is 'A place of service of the tenant: hospital, clinic, lab.';
comment on column core.facility.code is 'The source system''s facility code (FacilityId in feeds).';

create table core.trading_partner (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(trim(name)) > 0),
  endpoint_url text not null check (endpoint_url ~ '^https?://[^\s]+$'),
  protocol text not null default 'CORE_HTTP_MIME' check (protocol in ('CORE_HTTP_MIME')),
  mode text not null default 'realtime' check (mode in ('realtime', 'batch')),
  sender_qualifier text not null default 'ZZ' check (sender_qualifier ~ '^[0-9A-Z]{2}$'),
  sender_id text not null check (sender_id ~ '^[A-Za-z0-9 ]{1,15}$'),
  receiver_qualifier text not null default 'ZZ' check (receiver_qualifier ~ '^[0-9A-Z]{2}$'),
  receiver_id text not null check (receiver_id ~ '^[A-Za-z0-9 ]{1,15}$'),
  usage_indicator text not null default 'T' check (usage_indicator in ('T', 'P')),
  timeout_ms integer not null default 20000 check (timeout_ms between 100 and 120000),
  active boolean not null default true,
  credentials_updated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name)
);
create trigger _100_set_updated_at before update on core.trading_partner for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('core.trading_partner', null, 'admin');
grant select on core.trading_partner to :VISITOR;
grant insert (name, endpoint_url, protocol, mode, sender_qualifier, sender_id, receiver_qualifier, receiver_id, usage_indicator, timeout_ms, active),
  update (name, endpoint_url, protocol, mode, sender_qualifier, sender_id, receiver_qualifier, receiver_id, usage_indicator, timeout_ms, active)
  on core.trading_partner to :VISITOR;
comment on table core.trading_partner is 'A clearinghouse or payer gateway we exchange X12 with (CAQH CORE HTTP MIME multipart).';

-- Credentials live apart from the partner so that no grant, view or API can reach them.
create table core_private.trading_partner_credential (
  tenant_id uuid not null,
  trading_partner_id uuid not null,
  username text not null,
  password text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, trading_partner_id),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id) on delete cascade
);
alter table core_private.trading_partner_credential enable row level security;
alter table core_private.trading_partner_credential force row level security;

create table core.payer (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  name text not null check (length(trim(name)) > 0),
  payer_identifier text not null check (payer_identifier ~ '^[A-Za-z0-9]{2,80}$'),
  kind text not null default 'COMMERCIAL' check (kind in ('MEDICARE', 'MEDICAID', 'COMMERCIAL', 'OTHER')),
  timely_filing_days integer check (timely_filing_days between 1 and 3650),
  stale_claim_days integer not null default 45 check (stale_claim_days between 1 and 365),
  daily_270_cap integer check (daily_270_cap > 0),
  max_in_flight integer check (max_in_flight between 1 and 1000),
  trading_partner_id uuid,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id)
);
create index on core.payer (tenant_id, trading_partner_id);
create trigger _100_set_updated_at before update on core.payer for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('core.payer', null, 'admin');
grant select on core.payer to :VISITOR;
grant insert (code, name, payer_identifier, kind, timely_filing_days, stale_claim_days, daily_270_cap, max_in_flight, trading_partner_id, active),
  update (code, name, payer_identifier, kind, timely_filing_days, stale_claim_days, daily_270_cap, max_in_flight, trading_partner_id, active)
  on core.payer to :VISITOR;
comment on table core.payer is 'An insurer the tenant bills, with its filing limits and the partner its 270s go to.';
comment on column core.payer.payer_identifier is 'The payer id used in X12 (NM1*PR ... PI), e.g. CMS or clearinghouse payer id.';
comment on column core.payer.timely_filing_days is 'Days from the date of service to file a claim (837P). Null is a configuration problem that timely-filing checks report.';
comment on column core.payer.daily_270_cap is 'Most 270 inquiries a day the payer accepts; sweeps skip members over the cap.';
comment on column core.payer.max_in_flight is 'Most 270 inquiries waiting on this payer at once.';

-------------------------------------------------------------------------------
-- Members, coverage, service events
-------------------------------------------------------------------------------

create table member.member (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  member_number text not null check (member_number ~ '^[A-Za-z0-9_.-]{1,40}$'),
  first_name text not null check (length(trim(first_name)) > 0),
  last_name text not null check (length(trim(last_name)) > 0),
  middle_name text,
  date_of_birth date not null check (date_of_birth >= date '1900-01-01'),
  gender text not null default 'U' check (gender in ('M', 'F', 'U')),
  address_line text,
  city text,
  state text check (state ~ '^[A-Z]{2}$'),
  postal_code text check (postal_code ~ '^[0-9]{5}([0-9]{4})?$'),
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, member_number)
);
create trigger _100_set_updated_at before update on member.member for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('member.member', null, 'admin');
grant select on member.member to :VISITOR;
comment on table member.member is 'A patient of the tenant.';
comment on column member.member.member_number is 'The source system''s member id (MemberId in feeds).';

create table member.coverage_policy (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  member_id uuid not null,
  payer_id uuid not null,
  subscriber_id text not null check (subscriber_id ~ '^[A-Za-z0-9-]{2,80}$'),
  group_number text,
  plan_name text,
  relationship_code text not null default '18' check (relationship_code in ('18', '01', '19', '20', '21', '39', '40', '53', 'G8')),
  subscriber_first_name text,
  subscriber_last_name text,
  subscriber_date_of_birth date,
  subscriber_gender text check (subscriber_gender in ('M', 'F', 'U')),
  effective_from date not null,
  effective_to date,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'INACTIVE', 'TERMINATED')),
  priority smallint not null default 1 check (priority between 1 and 3),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  unique (tenant_id, member_id, payer_id, subscriber_id, effective_from),
  constraint coverage_dates_in_order check (effective_to is null or effective_to >= effective_from),
  constraint dependent_has_subscriber check (
    relationship_code = '18' or (subscriber_first_name is not null and subscriber_last_name is not null and subscriber_date_of_birth is not null))
);
create index coverage_policy_member_dates on member.coverage_policy (tenant_id, member_id, effective_from)
  include (effective_to, status, payer_id, priority);
create index on member.coverage_policy (tenant_id, payer_id);
create trigger _100_set_updated_at before update on member.coverage_policy for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('member.coverage_policy', null, 'admin');
grant select on member.coverage_policy to :VISITOR;
comment on table member.coverage_policy is 'A member''s insurance with one payer over a date range; priority 1 is primary.';
comment on column member.coverage_policy.relationship_code is 'X12 INS02 relationship of the patient to the subscriber: 18 self, 01 spouse, 19 child, ...';

create table service.service_event (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  event_number text not null check (event_number ~ '^[A-Za-z0-9_.-]{1,40}$'),
  member_id uuid not null,
  facility_id uuid not null,
  service_date date not null,
  status text not null default 'SCHEDULED' check (status in ('SCHEDULED', 'CHECKED_IN', 'COMPLETED', 'CANCELLED', 'NO_SHOW')),
  rendering_npi text check (core.is_valid_npi(rendering_npi)),
  service_type_code text not null default '30' check (service_type_code ~ '^[A-Z0-9]{1,2}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, event_number),
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id)
);
-- The two indexes of the roster query (manual 6.4, "Service-level expectations").
create index service_event_member_date on service.service_event (tenant_id, member_id, service_date);
create index service_event_status_date on service.service_event (tenant_id, status, service_date) include (member_id, facility_id);
create trigger _100_set_updated_at before update on service.service_event for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('service.service_event', null, 'admin');
grant select on service.service_event to :VISITOR;
comment on table service.service_event is 'A visit: scheduled, checked in, completed, cancelled or no-show.';
comment on column service.service_event.event_number is 'The source system''s event id (EventId in feeds).';

-------------------------------------------------------------------------------
-- Charges (written by the charges feed, validated and billed by claims)
-------------------------------------------------------------------------------

create table billing.charge (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  charge_number text not null check (charge_number ~ '^[A-Za-z0-9_.-]{1,40}$'),
  service_event_id uuid,
  member_id uuid not null,
  coverage_policy_id uuid,
  facility_id uuid not null,
  rendering_npi text,
  billing_npi text,
  procedure_code text not null,
  modifiers text[] not null default '{}' check (cardinality(modifiers) <= 4),
  diagnosis_codes text[] not null default '{}' check (cardinality(diagnosis_codes) <= 12),
  diagnosis_pointers smallint[] not null default '{1}' check (cardinality(diagnosis_pointers) between 1 and 4),
  units numeric(9, 2) not null,
  amount numeric(12, 2) not null,
  service_date date not null,
  place_of_service text not null default '11',
  status text not null default 'NEW' check (status in ('NEW', 'VALIDATED', 'INVALID', 'BILLED', 'VOID')),
  validation_errors jsonb not null default '[]' check (jsonb_typeof(validation_errors) = 'array'),
  validated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, charge_number),
  foreign key (tenant_id, service_event_id) references service.service_event (tenant_id, id),
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, coverage_policy_id) references member.coverage_policy (tenant_id, id),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id)
);
create index charge_status_date on billing.charge (tenant_id, status, service_date);
create index on billing.charge (tenant_id, member_id);
create index on billing.charge (tenant_id, service_event_id);
create trigger _100_set_updated_at before update on billing.charge for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.charge', 'claims.read', null);
create policy tenant_read_write on billing.charge for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.charge to :VISITOR;
comment on table billing.charge is 'A billable line from the source system: NEW until validated, then VALIDATED or INVALID, BILLED once on a claim, or VOID.';
comment on column billing.charge.validation_errors is 'Array of {code, field, message} an operator can act on; empty when valid.';
