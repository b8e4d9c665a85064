-- The roster query reads only index columns: covering indexes make both legs index-only scans
-- (bench/roster.bench.ts: p95 from 64 ms to single digits on 100k-event tenants).
drop index if exists service.service_event_status_date;
create index service_event_status_date on service.service_event (tenant_id, status, service_date) include (member_id, facility_id, id);
drop index if exists member.coverage_policy_member_dates;
create index coverage_policy_member_dates on member.coverage_policy (tenant_id, member_id, effective_from)
  include (effective_to, status, payer_id, priority, id);
