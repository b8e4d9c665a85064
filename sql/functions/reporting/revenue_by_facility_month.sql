-- The API's window on reporting.mv_revenue_by_facility_month: the caller's tenant only, with reports.read. Runs as the owner
-- (the materialized view is never granted to rcm_visitor) and filters by the JWT's tenant.
create or replace view reporting.revenue_by_facility_month with (security_barrier = true) as
select m.*, f.code as facility_code
from reporting.mv_revenue_by_facility_month m join core.facility f on f.tenant_id = m.tenant_id and f.id = m.facility_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on reporting.revenue_by_facility_month to rcm_visitor;
