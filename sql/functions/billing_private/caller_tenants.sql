-- Who a claims function acts for. An API request (rcm_authenticator as rcm_visitor with JWT
-- claims) acts for its tenant and needs `permission`; an operator in psql (any other login,
-- no JWT) acts for every tenant, as the manual's one-shot commands expect.
create or replace function billing_private.caller_tenants(permission text) returns uuid[]
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
declare
  v_tenant uuid := core.current_tenant_id();
begin
  if v_tenant is null and session_user::text <> 'rcm_authenticator' then
    return array(select id from core.tenant);
  end if;
  perform core.assert_permission(permission);
  return array[v_tenant];
end $$;
