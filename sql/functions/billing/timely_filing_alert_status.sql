-- Open timely-filing alerts, one row per claim, charge (or payer, for CONFIG) at its highest
-- level, with the clock as of today. RLS of billing.timely_filing_alert applies (security_invoker).
create or replace view billing.timely_filing_alert_status with (security_invoker = true) as
select distinct on (a.tenant_id, a.subject_id)
       a.id as alert_id, a.tenant_id, a.subject_kind, a.claim_id, a.charge_id, ch.charge_number,
       a.payer_id, p.code as payer_code, p.name as payer_name, a.facility_id, f.code as facility_code,
       a.level, case a.level when 'EXPIRED' then 4 when 'ALERT' then 3 when 'CONFIG' then 2 else 1 end as urgency,
       a.earliest_service_date, a.timely_filing_days, a.deadline,
       current_date - a.earliest_service_date as days_elapsed,
       a.deadline - current_date as days_remaining,
       round(100.0 * (current_date - a.earliest_service_date) / a.timely_filing_days, 1) as percent_used,
       a.amount, a.affected_count, a.raised_at,
       case when a.level = 'CONFIG' then format('Payer %s has no timely filing limit: %s claim(s)/charge(s) have no deadline. Set core.payer.timely_filing_days.', p.code, a.affected_count)
            when a.level = 'EXPIRED' then format('Filing window of %s days ended on %s; file with proof of timely filing or write off.', a.timely_filing_days, a.deadline)
            else format('%s%% of the %s-day filing window used; file by %s.', round(100.0 * (current_date - a.earliest_service_date) / a.timely_filing_days), a.timely_filing_days, a.deadline) end as message
from billing.timely_filing_alert a
join core.payer p on p.tenant_id = a.tenant_id and p.id = a.payer_id
left join core.facility f on f.tenant_id = a.tenant_id and f.id = a.facility_id
left join billing.charge ch on ch.tenant_id = a.tenant_id and ch.id = a.charge_id
where a.resolved_at is null
order by a.tenant_id, a.subject_id, case a.level when 'EXPIRED' then 4 when 'ALERT' then 3 when 'CONFIG' then 2 else 1 end desc;
grant select on billing.timely_filing_alert_status to rcm_visitor;
