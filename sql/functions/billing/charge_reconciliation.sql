-- The API's window on billing.mv_charge_reconciliation: the caller's tenant only, with reports.read. Runs as the owner
-- (the materialized view is never granted to rcm_visitor) and filters by the JWT's tenant.
create or replace view billing.charge_reconciliation with (security_barrier = true) as
select m.*, p.code as payer_code, f.code as facility_code
from billing.mv_charge_reconciliation m left join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id join core.facility f on f.tenant_id = m.tenant_id and f.id = m.facility_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on billing.charge_reconciliation to rcm_visitor;
