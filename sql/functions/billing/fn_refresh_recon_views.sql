-- SELECT billing.fn_refresh_recon_views(); -- refreshes the billing reconciliation views (see
-- billing_private.refresh_view_group for the contract). API callers need reports.write.
create or replace function billing.fn_refresh_recon_views() returns jsonb
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
begin
  perform billing_private.caller_tenants('reports.write');
  return billing_private.refresh_view_group('billing_recon', array['billing.mv_charge_reconciliation'],
                                            coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function billing.fn_refresh_recon_views() to rcm_visitor;

comment on function billing.fn_refresh_recon_views() is 'Refreshes the billing reconciliation views concurrently (readers are never blocked) and returns what was refreshed. Needs reports.write.';
