-- Claims: claims built from validated charges, their status history, timely-filing alerts,
-- stale-claim flags, the nightly job runner's cycles and schedules, the refresh log, and the
-- reconciliation and reporting materialized views. Re-runnable: drops what it creates first.

drop materialized view if exists reporting.mv_timely_filing_risk cascade;
drop materialized view if exists reporting.mv_denial_rate_by_category cascade;
drop materialized view if exists reporting.mv_clean_claim_rate cascade;
drop materialized view if exists reporting.mv_revenue_by_facility_month cascade;
drop materialized view if exists reporting.mv_ar_aging_by_payer cascade;
drop materialized view if exists reporting.mv_claim_status_summary cascade;
drop materialized view if exists billing.mv_charge_reconciliation cascade;
drop table if exists ops.view_refresh cascade;
drop table if exists ops.job_schedule cascade;
drop table if exists ops.job_runner_cycle cascade;
drop table if exists billing.stale_claim_flag cascade;
drop table if exists billing.timely_filing_alert cascade;
drop table if exists billing.claim_status_history cascade;
drop table if exists billing.claim_line cascade;
drop table if exists billing.claim cascade;
drop type if exists billing.claim_build_outcome cascade;
drop schema if exists billing_private cascade;

create schema billing_private;

-- The nightly pass and the claim build read charges by status; validation resolves coverage.
drop index if exists billing.charge_coverage_policy;
create index charge_coverage_policy on billing.charge (tenant_id, coverage_policy_id);

-------------------------------------------------------------------------------
-- Claims
-------------------------------------------------------------------------------

create table billing.claim (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  member_id uuid not null,
  coverage_policy_id uuid not null,
  payer_id uuid not null,
  billing_npi text not null check (core.is_valid_npi(billing_npi)),
  facility_id uuid not null,
  service_event_id uuid,
  status text not null default 'CREATED' check (status in ('CREATED', 'BUILT', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'PAID', 'DENIED')),
  line_count integer not null check (line_count between 1 and 50),
  total_amount numeric(14, 2) not null check (total_amount > 0),
  earliest_service_date date not null,
  latest_service_date date not null,
  timely_filing_days integer,
  timely_filing_deadline date,
  submitted_at timestamptz,
  responded_at timestamptz,
  paid_amount numeric(14, 2) check (paid_amount >= 0),
  denial_category text,
  rejection_reason text,
  status_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, coverage_policy_id) references member.coverage_policy (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id),
  foreign key (tenant_id, service_event_id) references service.service_event (tenant_id, id),
  constraint claim_dates_in_order check (latest_service_date >= earliest_service_date),
  constraint paid_has_amount check (status <> 'PAID' or paid_amount is not null),
  constraint denied_has_category check (status <> 'DENIED' or denial_category is not null),
  constraint denial_category_known check (denial_category in ('ELIGIBILITY', 'AUTHORIZATION', 'CODING', 'MEDICAL_NECESSITY', 'DUPLICATE',
    'TIMELY_FILING', 'COORDINATION_OF_BENEFITS', 'MISSING_INFORMATION', 'NON_COVERED', 'OTHER'))
);
create index claim_status on billing.claim (tenant_id, status, earliest_service_date);
create index on billing.claim (tenant_id, payer_id);
create index on billing.claim (tenant_id, member_id);
create index on billing.claim (tenant_id, facility_id);
create index on billing.claim (tenant_id, coverage_policy_id);
create index on billing.claim (tenant_id, service_event_id);
create trigger _100_set_updated_at before update on billing.claim for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('billing.claim', 'claims.read', null);
create policy tenant_read_write on billing.claim for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim to :VISITOR;
comment on table billing.claim is 'An 837P claim: one per member, coverage, billing provider, facility and service event, at most 50 lines. CREATED -> BUILT -> SUBMITTED -> ACCEPTED | REJECTED; ACCEPTED -> PAID | DENIED; REJECTED -> SUBMITTED (resubmission).';
comment on column billing.claim.timely_filing_deadline is 'Earliest date of service + the payer''s timely_filing_days; null when the payer has no limit (a CONFIG alert).';

create table billing.claim_line (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  line_number smallint not null check (line_number between 1 and 50),
  charge_id uuid not null,
  procedure_code text not null,
  modifiers text[] not null default '{}',
  diagnosis_codes text[] not null default '{}',
  diagnosis_pointers smallint[] not null default '{1}',
  units numeric(9, 2) not null,
  amount numeric(12, 2) not null,
  service_date date not null,
  place_of_service text not null,
  rendering_npi text,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, charge_id) references billing.charge (tenant_id, id),
  unique (tenant_id, claim_id, line_number)
);
-- A charge is billed on at most one claim line, ever.
create unique index claim_line_one_per_charge on billing.claim_line (tenant_id, charge_id);
select core_private.enable_tenant_rls('billing.claim_line', 'claims.read', null);
create policy tenant_read_write on billing.claim_line for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_line to :VISITOR;
comment on table billing.claim_line is 'A service line of a claim (837P loop 2400), one per charge.';

create table billing.claim_status_history (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  from_status text,
  to_status text not null,
  paid_amount numeric(14, 2),
  denial_category text,
  reason text,
  occurred_at timestamptz not null default now(),
  recorded_at timestamptz not null default now(),
  recorded_by text,
  -- The order the history was recorded in (occurred_at may be back-dated by the payer's files).
  seq bigint not null generated always as identity,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade
);
create index on billing.claim_status_history (tenant_id, claim_id, seq);
select core_private.enable_tenant_rls('billing.claim_status_history', 'claims.read', null);
create policy tenant_read_write on billing.claim_status_history for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.claim_status_history to :VISITOR;
comment on table billing.claim_status_history is 'Every status a claim went through, as recorded by billing.fn_build_claims and billing.fn_record_claim_status.';

-- What billing.fn_build_claims answers for each requested charge: its claim, or why not.
create type billing.claim_build_outcome as (
  charge_id uuid,
  claim_id uuid,
  claim_total_amount numeric,
  error_code text,
  error_message text,
  validation_errors jsonb
);
comment on type billing.claim_build_outcome is 'Per requested charge: the claim it is on (error_code null), or the error that stopped the build (then no claim was built).';

-------------------------------------------------------------------------------
-- Timely filing and stale claims
-------------------------------------------------------------------------------

create table billing.timely_filing_alert (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  subject_kind text not null check (subject_kind in ('CLAIM', 'CHARGE', 'PAYER')),
  subject_id uuid not null,
  claim_id uuid,
  charge_id uuid,
  payer_id uuid not null,
  facility_id uuid,
  level text not null check (level in ('WARNING', 'ALERT', 'EXPIRED', 'CONFIG')),
  kind text not null generated always as (case when level = 'CONFIG' then 'CONFIG' else 'DEADLINE' end) stored,
  earliest_service_date date,
  timely_filing_days integer,
  deadline date,
  amount numeric(14, 2),
  affected_count integer,
  days_elapsed_at_raise integer,
  raised_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolution text,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, charge_id) references billing.charge (tenant_id, id) on delete cascade,
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id),
  constraint subject_matches check (
    (subject_kind = 'CLAIM' and claim_id = subject_id and charge_id is null)
    or (subject_kind = 'CHARGE' and charge_id = subject_id and claim_id is null)
    or (subject_kind = 'PAYER' and payer_id = subject_id and level = 'CONFIG'))
);
-- One alert per level per claim, charge (or payer for CONFIG), never twice.
create unique index timely_filing_alert_once on billing.timely_filing_alert (tenant_id, subject_id, level);
create index timely_filing_alert_open on billing.timely_filing_alert (tenant_id, level) where resolved_at is null;
create index on billing.timely_filing_alert (tenant_id, claim_id);
create index on billing.timely_filing_alert (tenant_id, charge_id);
create index on billing.timely_filing_alert (tenant_id, payer_id);
create index on billing.timely_filing_alert (tenant_id, facility_id);
select core_private.enable_tenant_rls('billing.timely_filing_alert', 'claims.read', null);
create policy tenant_read_write on billing.timely_filing_alert for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.timely_filing_alert to :VISITOR;
comment on table billing.timely_filing_alert is 'Timely-filing alerts: WARNING at 80% of the payer''s window, ALERT at 90%, EXPIRED at 100%, once per level per claim or charge; CONFIG once per payer without a limit. Resolved when the claim is submitted.';

create table billing.stale_claim_flag (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  claim_id uuid not null,
  payer_id uuid not null,
  submitted_at timestamptz not null,
  stale_claim_days integer not null,
  age_days integer not null,
  flagged_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolution text,
  primary key (tenant_id, id),
  foreign key (tenant_id, claim_id) references billing.claim (tenant_id, id) on delete cascade,
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id)
);
-- Flagged once per submission.
create unique index stale_claim_flag_once on billing.stale_claim_flag (tenant_id, claim_id, submitted_at);
create index on billing.stale_claim_flag (tenant_id, payer_id);
select core_private.enable_tenant_rls('billing.stale_claim_flag', 'claims.read', null);
create policy tenant_read_write on billing.stale_claim_flag for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('claims.write')));
grant select on billing.stale_claim_flag to :VISITOR;
comment on table billing.stale_claim_flag is 'A SUBMITTED claim with no payer response after the payer''s stale_claim_days; resolved when a response is recorded.';

-------------------------------------------------------------------------------
-- The nightly job runner
-------------------------------------------------------------------------------

create table ops.job_runner_cycle (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  task text not null,
  status text not null default 'RUNNING' check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  counts jsonb not null default '{}' check (jsonb_typeof(counts) = 'object'),
  errors jsonb not null default '[]' check (jsonb_typeof(errors) = 'array'),
  primary key (tenant_id, id)
);
create index job_runner_cycle_recent on ops.job_runner_cycle (tenant_id, task, started_at desc);
select core_private.enable_tenant_rls('ops.job_runner_cycle', null, null);
grant select on ops.job_runner_cycle to :VISITOR;
comment on table ops.job_runner_cycle is 'One run of a nightly task for one tenant: what it did (counts) and what failed (errors). The log has one jobRunner heartbeat line per row.';

create table ops.job_schedule (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  task text not null,
  cron text not null,
  description text not null,
  next_fire_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, task)
);
select core_private.enable_tenant_rls('ops.job_schedule', null, null);
grant select on ops.job_schedule to :VISITOR;
comment on table ops.job_schedule is 'The nightly tasks'' crontab lines (UTC) and next fire times, written by the service at start and after each dispatch.';

create table ops.view_refresh (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  refresh_id uuid not null,
  view_group text not null check (view_group in ('billing_recon', 'reporting')),
  started_at timestamptz not null,
  finished_at timestamptz not null,
  duration_ms integer not null,
  row_counts jsonb not null,
  requested_by text,
  primary key (tenant_id, id)
);
create index view_refresh_recent on ops.view_refresh (tenant_id, view_group, finished_at desc);
select core_private.enable_tenant_rls('ops.view_refresh', null, null);
grant select on ops.view_refresh to :VISITOR;
comment on table ops.view_refresh is 'Each refresh of a group of materialized views: when, how long, and this tenant''s row count in each view.';

-------------------------------------------------------------------------------
-- Materialized views. Never granted to the API: readers go through the tenant-filtered views
-- in sql/functions. Each has a unique index so that REFRESH ... CONCURRENTLY never blocks them.
-------------------------------------------------------------------------------

-- Charges against claims by service day, facility and payer (the payer of the charge's coverage;
-- the nil uuid when coverage is not resolved yet).
create materialized view billing.mv_charge_reconciliation as
select c.tenant_id, c.service_date, c.facility_id,
       coalesce(cp.payer_id, '00000000-0000-0000-0000-000000000000'::uuid) as payer_id,
       count(*)::int as charge_count,
       sum(c.amount) as charge_amount,
       count(*) filter (where c.status = 'NEW')::int as new_count,
       coalesce(sum(c.amount) filter (where c.status = 'NEW'), 0) as new_amount,
       count(*) filter (where c.status = 'VALIDATED')::int as validated_count,
       coalesce(sum(c.amount) filter (where c.status = 'VALIDATED'), 0) as validated_amount,
       count(*) filter (where c.status = 'INVALID')::int as invalid_count,
       coalesce(sum(c.amount) filter (where c.status = 'INVALID'), 0) as invalid_amount,
       count(*) filter (where c.status = 'BILLED')::int as billed_count,
       coalesce(sum(c.amount) filter (where c.status = 'BILLED'), 0) as billed_amount,
       count(*) filter (where c.status = 'VOID')::int as void_count,
       count(*) filter (where c.status in ('NEW', 'VALIDATED', 'INVALID'))::int as unbilled_count,
       coalesce(sum(c.amount) filter (where c.status in ('NEW', 'VALIDATED', 'INVALID')), 0) as unbilled_amount,
       case when count(*) filter (where c.status in ('NEW', 'VALIDATED', 'INVALID')) > 0 then current_date - c.service_date end as unbilled_age_days,
       count(distinct cl.claim_id)::int as claim_count,
       coalesce(sum(cl.amount), 0) as claimed_amount
from billing.charge c
left join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
left join billing.claim_line cl on cl.tenant_id = c.tenant_id and cl.charge_id = c.id
group by c.tenant_id, c.service_date, c.facility_id, coalesce(cp.payer_id, '00000000-0000-0000-0000-000000000000'::uuid);
create unique index on billing.mv_charge_reconciliation (tenant_id, service_date, facility_id, payer_id);

create materialized view reporting.mv_claim_status_summary as
select tenant_id, payer_id, facility_id, status,
       count(*)::int as claim_count,
       sum(total_amount) as total_amount,
       coalesce(sum(paid_amount), 0) as paid_amount,
       min(earliest_service_date) as earliest_service_date
from billing.claim
group by tenant_id, payer_id, facility_id, status;
create unique index on reporting.mv_claim_status_summary (tenant_id, payer_id, facility_id, status);

-- Accounts receivable: claims with the payer (SUBMITTED, ACCEPTED, REJECTED) by days since submission.
create materialized view reporting.mv_ar_aging_by_payer as
with open_claim as (
  select tenant_id, payer_id, total_amount, current_date - (submitted_at at time zone 'UTC')::date as age_days
  from billing.claim where status in ('SUBMITTED', 'ACCEPTED', 'REJECTED')
)
select tenant_id, payer_id,
       case when age_days <= 30 then '0-30' when age_days <= 60 then '31-60' when age_days <= 90 then '61-90'
            when age_days <= 120 then '91-120' else '120+' end as age_bucket,
       min(case when age_days <= 30 then 1 when age_days <= 60 then 2 when age_days <= 90 then 3 when age_days <= 120 then 4 else 5 end)::int as bucket_order,
       count(*)::int as claim_count,
       sum(total_amount) as outstanding_amount,
       max(age_days)::int as oldest_age_days
from open_claim
group by 1, 2, 3;
create unique index on reporting.mv_ar_aging_by_payer (tenant_id, payer_id, age_bucket);

create materialized view reporting.mv_revenue_by_facility_month as
select tenant_id, facility_id, date_trunc('month', earliest_service_date)::date as service_month,
       count(*)::int as claim_count,
       sum(total_amount) as billed_amount,
       count(*) filter (where status = 'PAID')::int as paid_count,
       coalesce(sum(paid_amount) filter (where status = 'PAID'), 0) as paid_amount,
       count(*) filter (where status = 'DENIED')::int as denied_count,
       coalesce(sum(total_amount) filter (where status = 'DENIED'), 0) as denied_amount
from billing.claim
group by 1, 2, 3;
create unique index on reporting.mv_revenue_by_facility_month (tenant_id, facility_id, service_month);

-- Clean claim rate: of the claims first submitted in a month, the share accepted on the first
-- submission (no REJECTED ever recorded).
create materialized view reporting.mv_clean_claim_rate as
with first_submission as (
  select h.tenant_id, h.claim_id, min(h.occurred_at) as submitted_at
  from billing.claim_status_history h where h.to_status = 'SUBMITTED' group by h.tenant_id, h.claim_id
), outcome as (
  select f.tenant_id, f.claim_id, f.submitted_at, c.payer_id,
         bool_or(h.to_status = 'REJECTED') as rejected,
         bool_or(h.to_status in ('ACCEPTED', 'PAID', 'DENIED')) as accepted
  from first_submission f
  join billing.claim c on c.tenant_id = f.tenant_id and c.id = f.claim_id
  left join billing.claim_status_history h on h.tenant_id = f.tenant_id and h.claim_id = f.claim_id
  group by f.tenant_id, f.claim_id, f.submitted_at, c.payer_id
)
select tenant_id, payer_id, date_trunc('month', submitted_at at time zone 'UTC')::date as submitted_month,
       count(*)::int as submitted_count,
       count(*) filter (where accepted and not rejected)::int as clean_count,
       count(*) filter (where rejected)::int as rejected_count,
       count(*) filter (where not accepted and not rejected)::int as awaiting_count,
       round(100.0 * count(*) filter (where accepted and not rejected) / nullif(count(*) filter (where accepted or rejected), 0), 2) as clean_claim_rate_pct
from outcome
group by 1, 2, 3;
create unique index on reporting.mv_clean_claim_rate (tenant_id, payer_id, submitted_month);

-- Denials by category against everything the payer adjudicated (PAID + DENIED).
create materialized view reporting.mv_denial_rate_by_category as
with adjudicated as (
  select tenant_id, payer_id, count(*)::int as adjudicated_count
  from billing.claim where status in ('PAID', 'DENIED') group by 1, 2
)
select c.tenant_id, c.payer_id, c.denial_category,
       count(*)::int as denied_count,
       sum(c.total_amount) as denied_amount,
       a.adjudicated_count,
       round(100.0 * count(*) / a.adjudicated_count, 2) as denial_rate_pct
from billing.claim c
join adjudicated a on a.tenant_id = c.tenant_id and a.payer_id = c.payer_id
where c.status = 'DENIED'
group by c.tenant_id, c.payer_id, c.denial_category, a.adjudicated_count;
create unique index on reporting.mv_denial_rate_by_category (tenant_id, payer_id, denial_category);

-- What is at risk of missing the filing window: unsubmitted claims and validated charges by
-- payer, facility and risk level (NO_LIMIT: the payer has no timely_filing_days).
create materialized view reporting.mv_timely_filing_risk as
with watched as (
  select c.tenant_id, c.payer_id, c.facility_id, c.earliest_service_date as dos, c.total_amount as amount, 'CLAIM' as subject_kind
  from billing.claim c where c.status in ('CREATED', 'BUILT')
  union all
  select ch.tenant_id, cp.payer_id, ch.facility_id, ch.service_date, ch.amount, 'CHARGE'
  from billing.charge ch join member.coverage_policy cp on cp.tenant_id = ch.tenant_id and cp.id = ch.coverage_policy_id
  where ch.status = 'VALIDATED'
), leveled as (
  select w.*, case
           when p.timely_filing_days is null then 'NO_LIMIT'
           when (current_date - w.dos) * 100 >= p.timely_filing_days * 100 then 'EXPIRED'
           when (current_date - w.dos) * 100 >= p.timely_filing_days * 90 then 'ALERT'
           when (current_date - w.dos) * 100 >= p.timely_filing_days * 80 then 'WARNING'
           else 'OK' end as risk_level
  from watched w join core.payer p on p.tenant_id = w.tenant_id and p.id = w.payer_id
)
select tenant_id, payer_id, facility_id, risk_level,
       count(*) filter (where subject_kind = 'CLAIM')::int as claim_count,
       count(*) filter (where subject_kind = 'CHARGE')::int as charge_count,
       sum(amount) as amount_at_risk,
       min(dos) as earliest_service_date
from leveled
group by 1, 2, 3, 4;
create unique index on reporting.mv_timely_filing_risk (tenant_id, payer_id, facility_id, risk_level);
