-- SELECT reporting.fn_refresh_reporting_views(); -- refreshes the reporting views (see
-- billing_private.refresh_view_group for the contract). API callers need reports.write.
create or replace function reporting.fn_refresh_reporting_views() returns jsonb
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
begin
  perform billing_private.caller_tenants('reports.write');
  return billing_private.refresh_view_group('reporting', array[
      'reporting.mv_claim_status_summary', 'reporting.mv_ar_aging_by_payer', 'reporting.mv_revenue_by_facility_month',
      'reporting.mv_clean_claim_rate', 'reporting.mv_denial_rate_by_category', 'reporting.mv_timely_filing_risk',
      'reporting.mv_sweep_outcome_by_day_payer', 'reporting.mv_ingestion_batch_outcome', 'reporting.mv_payment_by_payer_day'],
    coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function reporting.fn_refresh_reporting_views() to rcm_visitor;

comment on function reporting.fn_refresh_reporting_views() is 'Refreshes the reporting materialized views concurrently (readers are never blocked) and returns what was refreshed. Needs reports.write.';
