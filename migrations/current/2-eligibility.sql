-- Eligibility sweeps: schedules, runs, per-member rows, 270/271 exchanges, control numbers,
-- per-payer circuit breakers and the intake work queue. Functions and views: sql/functions/eligibility*.
drop table if exists eligibility.intake_work_item cascade;
drop table if exists eligibility.payer_circuit_breaker cascade;
drop table if exists eligibility_private.interchange_control_number cascade;
drop table if exists eligibility.eligibility_inquiry cascade;
drop table if exists eligibility.sweep_run_member cascade;
drop table if exists eligibility.eligibility_sweep_run cascade;
drop table if exists eligibility.sweep_schedule cascade;
drop schema if exists eligibility_private cascade;

create schema eligibility_private;

-------------------------------------------------------------------------------
-- Schedules
-------------------------------------------------------------------------------
create table eligibility.sweep_schedule (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  cron_expression text not null,
  time_zone text not null default 'UTC',
  facility_id uuid,
  window_from_days integer not null default 0 check (window_from_days between -366 and 366),
  window_to_days integer not null default 7 check (window_to_days between -366 and 366),
  payer_ids uuid[] not null default '{}',
  paused boolean not null default false,
  next_fire_at timestamptz,
  last_fired_at timestamptz,
  created_by text default core.current_user_id(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id),
  constraint sweep_window_in_order check (window_from_days <= window_to_days)
);
-- The supervisor's scan: due, unpaused schedules across tenants.
create index sweep_schedule_due on eligibility.sweep_schedule (next_fire_at) where not paused;
create trigger _100_set_updated_at before update on eligibility.sweep_schedule for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('eligibility.sweep_schedule', 'eligibility.read', 'eligibility.update');
grant select on eligibility.sweep_schedule to :VISITOR;
grant insert (name, cron_expression, time_zone, facility_id, window_from_days, window_to_days, payer_ids, paused),
  update (name, cron_expression, time_zone, facility_id, window_from_days, window_to_days, payer_ids, paused),
  delete on eligibility.sweep_schedule to :VISITOR;
comment on table eligibility.sweep_schedule is 'A recurring eligibility sweep: cron expression in a time zone, facility (null: all), visit window relative to the fire time, payer filter (empty: all).';
comment on column eligibility.sweep_schedule.window_from_days is 'First day of the visit window, in days after the fire date (negative: in the past).';
comment on column eligibility.sweep_schedule.next_fire_at is 'When the supervisor next fires this schedule; null while paused.';

-------------------------------------------------------------------------------
-- Runs
-------------------------------------------------------------------------------
create table eligibility.eligibility_sweep_run (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  schedule_id uuid,
  rerun_of_id uuid,
  name text not null,
  trigger text not null check (trigger in ('CRON', 'RUN_NOW', 'ADHOC', 'RERUN_FAILED')),
  status text not null default 'QUEUED' check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED')),
  scheduled_for timestamptz,
  fired_at timestamptz not null default now(),
  time_zone text not null default 'UTC',
  facility_id uuid,
  window_from_days integer not null,
  window_to_days integer not null,
  window_start date not null,
  window_end date not null,
  payer_ids uuid[] not null default '{}',
  total_members integer not null default 0,
  queued_count integer not null default 0,
  submitted_count integer not null default 0,
  received_count integer not null default 0,
  failed_count integer not null default 0,
  skipped_count integer not null default 0,
  cache_hit_count integer not null default 0,
  inquiries_sent integer not null default 0,
  requested_by text,
  started_at timestamptz,
  completed_at timestamptz,
  cancelled_by text,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, schedule_id) references eligibility.sweep_schedule (tenant_id, id) on delete set null (schedule_id),
  foreign key (tenant_id, rerun_of_id) references eligibility.eligibility_sweep_run (tenant_id, id),
  foreign key (tenant_id, facility_id) references core.facility (tenant_id, id),
  constraint sweep_run_window_in_order check (window_start <= window_end),
  constraint sweep_run_terminal_has_completed_at check ((status in ('COMPLETED', 'CANCELLED', 'FAILED')) = (completed_at is not null))
);
create index eligibility_sweep_run_list on eligibility.eligibility_sweep_run (tenant_id, fired_at desc);
create index eligibility_sweep_run_status on eligibility.eligibility_sweep_run (tenant_id, status, fired_at desc);
create index eligibility_sweep_run_schedule on eligibility.eligibility_sweep_run (tenant_id, schedule_id, fired_at desc);
create trigger _100_set_updated_at before update on eligibility.eligibility_sweep_run for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('eligibility.eligibility_sweep_run', 'eligibility.read', null);
grant select on eligibility.eligibility_sweep_run to :VISITOR;
comment on table eligibility.eligibility_sweep_run is 'One firing of a sweep: QUEUED -> RUNNING -> COMPLETED | CANCELLED | FAILED. Terminal runs are never touched again (counters aside: 271s of members submitted before a cancel still land).';
comment on column eligibility.eligibility_sweep_run.scheduled_for is 'The cron slot this run was due at (null for run-now and ad-hoc runs).';
comment on column eligibility.eligibility_sweep_run.window_start is 'First visit date swept: the fire date in the run''s time zone plus window_from_days.';

create table eligibility.sweep_run_member (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  sweep_run_id uuid not null,
  member_id uuid not null,
  service_event_id uuid,
  facility_id uuid,
  service_date date not null,
  status text not null default 'QUEUED' check (status in ('QUEUED', 'SUBMITTED', 'RECEIVED', 'FAILED', 'SKIPPED')),
  failure_reason text,
  coverage_count integer not null default 0,
  attempts integer not null default 0,
  resends_after_restart integer not null default 0,
  cache_reused boolean not null default false,
  next_attempt_at timestamptz,
  submitted_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, sweep_run_id, member_id),
  foreign key (tenant_id, sweep_run_id) references eligibility.eligibility_sweep_run (tenant_id, id) on delete cascade,
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, service_event_id) references service.service_event (tenant_id, id),
  constraint sweep_member_reason check ((status in ('FAILED', 'SKIPPED')) = (failure_reason is not null))
);
-- Run detail tabs (All members / Exceptions) page by status within a run.
create index sweep_run_member_status on eligibility.sweep_run_member (tenant_id, sweep_run_id, status, id);
-- The Exceptions tab (view eligibility.sweep_exception) pages this partial index in id order.
create index sweep_run_member_exception on eligibility.sweep_run_member (tenant_id, sweep_run_id, id) where status in ('FAILED', 'SKIPPED');
create index sweep_run_member_member on eligibility.sweep_run_member (tenant_id, member_id);
create trigger _100_set_updated_at before update on eligibility.sweep_run_member for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('eligibility.sweep_run_member', 'eligibility.read', null);
grant select on eligibility.sweep_run_member to :VISITOR;
comment on table eligibility.sweep_run_member is 'One roster member of a run: QUEUED -> SUBMITTED -> RECEIVED, or FAILED (upstream failure verbatim) or SKIPPED (no coverage, daily cap, cancelled).';
comment on column eligibility.sweep_run_member.cache_reused is 'True when a fresh 271 (ELIGIBILITY_CACHE_HOURS) for the same member, payer and service date was reused instead of sending a 270.';

-------------------------------------------------------------------------------
-- Exchanges: one row per 270 sent (or 271 reused) per coverage, with its answer
-------------------------------------------------------------------------------
create table eligibility.eligibility_inquiry (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  sweep_run_id uuid,
  sweep_run_member_id uuid,
  member_id uuid not null,
  coverage_policy_id uuid not null,
  payer_id uuid not null,
  trading_partner_id uuid,
  service_date date not null,
  attempt integer not null default 1,
  trace_number text not null,
  interchange_control_number integer,
  payload_id text,
  request_x12 text,
  sent_at timestamptz,
  received_at timestamptz,
  response_ms integer,
  http_status integer,
  response_type text check (response_type in ('271', '999', 'TA1', 'ERROR')),
  response_x12 text,
  response_json jsonb,
  outcome text not null default 'PENDING' check (outcome in ('PENDING', 'RECEIVED', 'RETRY', 'MEMBER_PROBLEM', 'PERMANENT', 'CACHED')),
  outcome_reason text,
  coverage_status text check (coverage_status in ('active', 'inactive', 'rejected', 'unknown')),
  plan_name text,
  plan_end date,
  other_payer_primary boolean,
  reject_codes text[],
  reused_inquiry_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, trace_number),
  foreign key (tenant_id, sweep_run_id) references eligibility.eligibility_sweep_run (tenant_id, id) on delete cascade,
  foreign key (tenant_id, sweep_run_member_id) references eligibility.sweep_run_member (tenant_id, id) on delete cascade,
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, coverage_policy_id) references member.coverage_policy (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id),
  foreign key (tenant_id, reused_inquiry_id) references eligibility.eligibility_inquiry (tenant_id, id)
);
create index eligibility_inquiry_run_member on eligibility.eligibility_inquiry (tenant_id, sweep_run_member_id);
create index eligibility_inquiry_run on eligibility.eligibility_inquiry (tenant_id, sweep_run_id);
-- Cache lookups and "latest 271" for anomalies.
create index eligibility_inquiry_cache on eligibility.eligibility_inquiry (tenant_id, member_id, payer_id, service_date, received_at desc);
-- Daily caps and partner statistics.
create index eligibility_inquiry_payer_sent on eligibility.eligibility_inquiry (tenant_id, payer_id, sent_at);
select core_private.enable_tenant_rls('eligibility.eligibility_inquiry', 'eligibility.read', null);
grant select on eligibility.eligibility_inquiry to :VISITOR;
comment on table eligibility.eligibility_inquiry is 'Every 270 we sent (raw X12, PayloadID, trading partner, times) with its answer (raw 271/999 and parsed JSON, outcome), or a reused cached 271.';

-- ISA13/GS06 control numbers, unique per trading partner.
create table eligibility_private.interchange_control_number (
  tenant_id uuid not null references core.tenant (id),
  trading_partner_id uuid not null,
  last_value bigint not null default 0,
  primary key (tenant_id, trading_partner_id),
  foreign key (tenant_id, trading_partner_id) references core.trading_partner (tenant_id, id) on delete cascade
);
alter table eligibility_private.interchange_control_number enable row level security;
alter table eligibility_private.interchange_control_number force row level security;

-------------------------------------------------------------------------------
-- Circuit breakers: a payer whose gateway keeps failing gets a cool-off
-------------------------------------------------------------------------------
create table eligibility.payer_circuit_breaker (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  payer_id uuid not null,
  state text not null default 'CLOSED' check (state in ('CLOSED', 'OPEN', 'HALF_OPEN')),
  consecutive_failures integer not null default 0,
  opened_at timestamptz,
  open_until timestamptz,
  last_failure_reason text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, payer_id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id) on delete cascade
);
select core_private.enable_tenant_rls('eligibility.payer_circuit_breaker', 'eligibility.read', null);
grant select on eligibility.payer_circuit_breaker to :VISITOR;
comment on table eligibility.payer_circuit_breaker is 'Per-payer breaker: OPEN stops 270s to the payer until open_until; its members wait QUEUED and the run resumes by itself.';

-------------------------------------------------------------------------------
-- Intake work queue, fed from sweep exceptions and coverage anomalies
-------------------------------------------------------------------------------
create table eligibility.intake_work_item (
  tenant_id uuid not null default core.current_tenant_id() references core.tenant (id),
  id uuid not null default gen_random_uuid(),
  source text not null check (source in ('SWEEP_EXCEPTION', 'COVERAGE_ANOMALY')),
  dedup_key text not null,
  kind text not null,
  member_id uuid not null,
  service_event_id uuid,
  payer_id uuid,
  service_date date,
  sweep_run_id uuid,
  reason text not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'ASSIGNED', 'RESOLVED')),
  assigned_to text,
  resolved_by text,
  resolved_at timestamptz,
  resolution_note text,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  seen_count integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member.member (tenant_id, id),
  foreign key (tenant_id, service_event_id) references service.service_event (tenant_id, id),
  foreign key (tenant_id, payer_id) references core.payer (tenant_id, id),
  foreign key (tenant_id, sweep_run_id) references eligibility.eligibility_sweep_run (tenant_id, id) on delete set null (sweep_run_id),
  constraint intake_resolved_has_note check ((status = 'RESOLVED') = (resolved_at is not null and resolution_note is not null))
);
-- One open item per problem: the next sweep that finds it again bumps last_seen_at.
create unique index intake_work_item_open_dedup on eligibility.intake_work_item (tenant_id, dedup_key) where status <> 'RESOLVED';
create index intake_work_item_status on eligibility.intake_work_item (tenant_id, status, last_seen_at desc);
create trigger _100_set_updated_at before update on eligibility.intake_work_item for each row execute function core_private.tg__set_updated_at();
select core_private.enable_tenant_rls('eligibility.intake_work_item', 'eligibility.read', null);
grant select on eligibility.intake_work_item to :VISITOR;
comment on table eligibility.intake_work_item is 'The intake desk''s queue: sweep exceptions and coverage anomalies to fix before the visit; assign, then resolve with a note.';

-- Who may change eligibility data may also read it (INSERT ... RETURNING needs a read policy).
do $$
declare
  t text;
begin
  foreach t in array array['eligibility.sweep_schedule', 'eligibility.eligibility_sweep_run', 'eligibility.sweep_run_member',
    'eligibility.eligibility_inquiry', 'eligibility.payer_circuit_breaker', 'eligibility.intake_work_item'] loop
    execute format($p$create policy tenant_read_updater on %s for select using (tenant_id = (select core.current_tenant_id()) and (select core.has_permission('eligibility.update')))$p$, t);
  end loop;
end $$;

-- GraphQL names of the run detail's relations (run.members, run.inquiries, member.inquiries).
comment on constraint sweep_run_member_tenant_id_sweep_run_id_fkey on eligibility.sweep_run_member is E'@foreignFieldName members\n@fieldName sweepRun';
comment on constraint eligibility_inquiry_tenant_id_sweep_run_id_fkey on eligibility.eligibility_inquiry is E'@foreignFieldName inquiries\n@fieldName sweepRun';
comment on constraint eligibility_inquiry_tenant_id_sweep_run_member_id_fkey on eligibility.eligibility_inquiry is E'@foreignFieldName inquiries\n@fieldName sweepRunMember';
comment on constraint eligibility_sweep_run_tenant_id_schedule_id_fkey on eligibility.eligibility_sweep_run is E'@foreignFieldName runs\n@fieldName schedule';
