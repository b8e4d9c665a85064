-- Write-only trading partner credentials (CORE UserName/Password): stored in core_private,
-- which no grant, view or API reaches, the password encrypted with the server's key (the API
-- hands it to GraphQL mutations as rcm.partner_credential_key). Admins only.
create or replace function core.fn_set_trading_partner_credentials(trading_partner_id uuid, username text, password text)
  returns core.trading_partner language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  partner core.trading_partner;
  tenant uuid := core.current_tenant_id();
begin
  perform core.assert_permission('admin');
  if username is null or trim(username) = '' then
    raise exception 'username is required' using errcode = '22023';
  end if;
  if password is null or password = '' then
    raise exception 'password is required' using errcode = '22023';
  end if;
  select * into partner from core.trading_partner p where p.tenant_id = tenant and p.id = fn_set_trading_partner_credentials.trading_partner_id;
  if partner.id is null then
    raise exception 'trading partner % not found', fn_set_trading_partner_credentials.trading_partner_id using errcode = 'P0002';
  end if;
  perform core_private.fn_store_trading_partner_credentials(tenant, partner.id, username, password, null);
  update core.trading_partner p set credentials_updated_at = now() where p.tenant_id = tenant and p.id = partner.id
  returning * into partner;
  return partner;
end $$;
grant execute on function core.fn_set_trading_partner_credentials(uuid, text, text) to rcm_visitor;

comment on function core.fn_set_trading_partner_credentials(uuid, text, text) is 'Sets a trading partner''s CAQH CORE user name and password. Write-only: no query ever returns them. Needs admin.';
