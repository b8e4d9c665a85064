-- Reporting views over eligibility and ingestion (the claims views are in 4-claims.sql):
-- sweep outcomes by day and payer with AAA error rates, and ingestion batch outcomes.
-- Re-runnable: drops what it creates first. Never granted to rcm_visitor; the API reads the
-- tenant-filtered views in sql/functions/reporting/.
drop materialized view if exists reporting.mv_ingestion_batch_outcome cascade;
drop materialized view if exists reporting.mv_sweep_outcome_by_day_payer cascade;

create materialized view reporting.mv_sweep_outcome_by_day_payer as
select i.tenant_id, i.payer_id, (coalesce(i.sent_at, i.created_at) at time zone 'UTC')::date as day,
       count(*)::int as inquiry_count,
       count(*) filter (where i.outcome = 'RECEIVED')::int as received_count,
       count(*) filter (where i.outcome = 'CACHED')::int as cached_count,
       count(*) filter (where i.outcome = 'MEMBER_PROBLEM')::int as member_problem_count,
       count(*) filter (where i.outcome = 'PERMANENT')::int as permanent_failure_count,
       count(*) filter (where i.outcome = 'RETRY')::int as retried_count,
       count(*) filter (where i.coverage_status = 'active')::int as active_count,
       count(*) filter (where i.coverage_status = 'inactive')::int as inactive_count,
       count(*) filter (where cardinality(i.reject_codes) > 0)::int as aaa_reject_count,
       round(100.0 * count(*) filter (where cardinality(i.reject_codes) > 0) / nullif(count(*) filter (where i.response_type = '271'), 0), 2) as aaa_error_rate_pct,
       round(avg(i.response_ms))::int as avg_response_ms,
       (percentile_cont(0.9) within group (order by i.response_ms))::int as p90_response_ms,
       round(100.0 * count(*) filter (where i.response_ms <= 20000) / nullif(count(i.response_ms), 0), 2) as within_20s_pct
from eligibility.eligibility_inquiry i
group by 1, 2, 3;
create unique index on reporting.mv_sweep_outcome_by_day_payer (tenant_id, payer_id, day);

create materialized view reporting.mv_ingestion_batch_outcome as
select b.tenant_id, b.feed_id, (b.created_at at time zone 'UTC')::date as day, b.status,
       count(*)::int as batch_count,
       sum(b.total)::bigint as record_count,
       sum(b.success)::bigint as success_count,
       sum(b.error)::bigint as error_count,
       sum(b.pending)::bigint as pending_count,
       sum(b.skipped_duplicates)::bigint as skipped_duplicate_count,
       round(avg(extract(epoch from b.completed_at - b.started_at)))::int as avg_duration_s
from ingestion.batch b
group by 1, 2, 3, 4;
create unique index on reporting.mv_ingestion_batch_outcome (tenant_id, feed_id, day, status);
