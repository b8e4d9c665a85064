-- How fresh each group of views is, for dashboards: the last refresh of each group.
create or replace view reporting.view_freshness with (security_invoker = true) as
select distinct on (r.tenant_id, r.view_group)
       r.tenant_id, r.view_group, r.finished_at as refreshed_at, r.duration_ms, r.row_counts, r.requested_by,
       now() - r.finished_at as age
from ops.view_refresh r
order by r.tenant_id, r.view_group, r.finished_at desc;
grant select on reporting.view_freshness to rcm_visitor;
