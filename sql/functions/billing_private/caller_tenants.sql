-- Who a claims function acts for. An API request (rcm_authenticator as rcm_visitor with JWT
-- claims), or an owner session after core.act_as, acts for its tenant and needs `permission`.
-- Every tenant only in cross-tenant mode: an owner session that called core.act_for_every_tenant()
-- (explicit, owner only; never decided by the role's name). Otherwise no tenant is no permission.
create or replace function billing_private.caller_tenants(permission text) returns uuid[]
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant uuid := core.current_tenant_id();
begin
  if v_tenant is null and core_private.acting_for_every_tenant() then
    return array(select id from core.tenant);
  end if;
  perform core.assert_permission(permission);
  return array[v_tenant];
end $$;
