-- The denial queue as billers work it: open denials grouped by category, payer and CARC, with
-- counts, amounts and the oldest. RLS on billing.denial_work_item keeps it to the caller's tenant.
create or replace view billing.denial_queue with (security_invoker = true) as
select d.tenant_id, d.denial_category, d.payer_id, p.code as payer_code, d.reason_code,
       k.description as reason_description,
       count(*)::int as open_count,
       count(*) filter (where d.assigned_to is null)::int as unassigned_count,
       sum(d.denied_amount) as denied_amount,
       min(d.created_at) as oldest_at
from billing.denial_work_item d
join core.payer p on p.tenant_id = d.tenant_id and p.id = d.payer_id
left join x12_code.carc k on k.code = d.reason_code
where d.status = 'OPEN'
group by d.tenant_id, d.denial_category, d.payer_id, p.code, d.reason_code, k.description;
grant select on billing.denial_queue to rcm_visitor;
