-- The API's window on reporting.mv_claim_status_summary: the caller's tenant only, with reports.read. Runs as the owner
-- (the materialized view is never granted to rcm_visitor) and filters by the JWT's tenant.
create or replace view reporting.claim_status_summary with (security_barrier = true) as
select m.*, p.code as payer_code, f.code as facility_code
from reporting.mv_claim_status_summary m left join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id join core.facility f on f.tenant_id = m.tenant_id and f.id = m.facility_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on reporting.claim_status_summary to rcm_visitor;
