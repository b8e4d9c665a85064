-- The API's window on reporting.mv_payment_by_payer_day (posted 835 payments per payer, day and
-- method): the caller's tenant only, with reports.read.
create or replace view reporting.payment_by_payer_day with (security_barrier = true) as
select m.*, p.code as payer_code
from reporting.mv_payment_by_payer_day m left join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on reporting.payment_by_payer_day to rcm_visitor;
