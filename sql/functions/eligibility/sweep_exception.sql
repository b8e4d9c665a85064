-- The run detail's Exceptions tab: only FAILED and SKIPPED member rows, each with its
-- failure_reason, with the member's name and number. Pages by (tenant_id, sweep_run_id, status).
create or replace view eligibility.sweep_exception with (security_invoker = true) as
  select m.tenant_id, m.id, m.sweep_run_id, m.member_id, mm.member_number, mm.first_name, mm.last_name,
         m.service_event_id, m.facility_id, m.service_date, m.status, m.failure_reason, m.attempts, m.coverage_count,
         m.completed_at, m.updated_at
  from eligibility.sweep_run_member m
  left join member.member mm on mm.tenant_id = m.tenant_id and mm.id = m.member_id
  where m.status in ('FAILED', 'SKIPPED');
comment on view eligibility.sweep_exception is 'Exceptions of a sweep run: FAILED and SKIPPED members with failure_reason (the intake desk''s worklist for that run).';
grant select on eligibility.sweep_exception to rcm_visitor;
