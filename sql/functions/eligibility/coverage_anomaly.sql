-- Upcoming visits whose latest 271 disagrees with the coverage on file: what the intake desk
-- works from before the visit.
create or replace view eligibility.coverage_anomaly with (security_invoker = true) as
  with latest as (
    select distinct on (i.tenant_id, i.member_id, i.payer_id, i.service_date)
           i.tenant_id, i.id, i.member_id, i.payer_id, i.service_date, i.received_at, i.sweep_run_id, i.coverage_status,
           i.plan_name, i.plan_end, i.other_payer_primary, i.reject_codes, i.outcome_reason
    from eligibility.eligibility_inquiry i
    where i.service_date >= current_date and i.outcome in ('RECEIVED', 'MEMBER_PROBLEM', 'CACHED')
    order by i.tenant_id, i.member_id, i.payer_id, i.service_date, i.received_at desc nulls last, i.created_at desc
  )
  select e.tenant_id, e.id as service_event_id, e.event_number, e.member_id, e.facility_id, e.service_date,
         c.id as coverage_policy_id, c.payer_id, c.subscriber_id, l.id as inquiry_id, l.sweep_run_id, l.received_at,
         k.kind, k.detail
  from service.service_event e
  join member.coverage_policy c
    on c.tenant_id = e.tenant_id and c.member_id = e.member_id and c.status = 'ACTIVE'
   and c.effective_from <= e.service_date and (c.effective_to is null or c.effective_to >= e.service_date)
  join latest l on l.tenant_id = e.tenant_id and l.member_id = e.member_id and l.payer_id = c.payer_id and l.service_date = e.service_date
  cross join lateral (values
    ('INACTIVE', l.coverage_status = 'inactive' and not coalesce(l.plan_end < e.service_date, false),
       'Payer reports the coverage inactive on the service date'),
    ('COVERAGE_ENDS_BEFORE_SERVICE', coalesce(l.plan_end < e.service_date, false),
       'Payer says the coverage ended ' || l.plan_end || ', before the visit on ' || e.service_date),
    ('SUBSCRIBER_NOT_FOUND', '75' = any (coalesce(l.reject_codes, '{}')),
       'Payer does not find the subscriber: ' || coalesce(l.outcome_reason, 'AAA 75')),
    ('MEMBER_ID_REJECTED', not ('75' = any (coalesce(l.reject_codes, '{}'))) and coalesce(l.reject_codes && array['58', '64', '65', '66', '67', '68', '71', '72', '73', '76', '77', '78'], false),
       'Payer rejects the member''s identification: ' || coalesce(l.outcome_reason, '')),
    ('OTHER_PAYER_PRIMARY', coalesce(l.other_payer_primary, false) and c.priority = 1,
       'Payer reports another payer as primary; coverage on file has it primary'),
    ('PLAN_CHANGED', l.coverage_status = 'active' and l.plan_name is not null and c.plan_name is not null
                     and upper(trim(l.plan_name)) <> upper(trim(c.plan_name)),
       'Payer reports plan "' || l.plan_name || '"; coverage on file says "' || c.plan_name || '"')
  ) as k(kind, hit, detail)
  where k.hit and e.service_date >= current_date and e.status in ('SCHEDULED', 'CHECKED_IN');
comment on view eligibility.coverage_anomaly is 'Upcoming visits whose latest 271 disagrees with coverage on file: INACTIVE, COVERAGE_ENDS_BEFORE_SERVICE, SUBSCRIBER_NOT_FOUND, MEMBER_ID_REJECTED, OTHER_PAYER_PRIMARY, PLAN_CHANGED.';
grant select on eligibility.coverage_anomaly to rcm_visitor;
