-- The API's window on reporting.mv_ingestion_batch_outcome: the caller's tenant only, with reports.read.
create or replace view reporting.ingestion_batch_outcome with (security_barrier = true) as
select m.*, f.name as feed_name, f.kind as feed_kind
from reporting.mv_ingestion_batch_outcome m join ingestion.feed f on f.tenant_id = m.tenant_id and f.id = m.feed_id
where m.tenant_id = core.current_tenant_id() and core.has_permission('reports.read');
grant select on reporting.ingestion_batch_outcome to rcm_visitor;
