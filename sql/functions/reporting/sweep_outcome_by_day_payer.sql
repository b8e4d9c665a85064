-- The API's window on reporting.mv_sweep_outcome_by_day_payer: the caller's tenant only, with reports.read.
-- Runs as the owner (the materialized view is never granted to rcm_visitor) and filters by the JWT's tenant.
create or replace view reporting.sweep_outcome_by_day_payer with (security_barrier = true) as
select m.*, p.code as payer_code, p.name as payer_name
from reporting.mv_sweep_outcome_by_day_payer m join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on reporting.sweep_outcome_by_day_payer to rcm_visitor;
