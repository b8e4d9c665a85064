-- Security (issue 13, docs/security.md): read permissions of the patient and partner tables,
-- trading partner passwords encrypted at rest, credentials cleared when the endpoint changes.
-- Re-runnable: what this file creates is dropped first, in reverse order.

drop trigger if exists _200_clear_credentials_on_endpoint_change on core.trading_partner;
drop function if exists core_private.tg__clear_credentials_on_endpoint_change();
drop policy if exists tenant_read on core.trading_partner;
drop policy if exists tenant_read on service.service_event;
drop policy if exists tenant_read on member.coverage_policy;
drop policy if exists tenant_read on member.member;

-- `admin` holds every permission, as in core.has_permission.
create or replace function core.has_any_permission(permissions text[]) returns boolean
  language sql stable parallel safe
  as $$ select core.current_permissions() && (permissions || 'admin'::text) $$;
grant execute on function core.has_any_permission(text[]) to :VISITOR;

-------------------------------------------------------------------------------
-- Who reads what. Patients (member, coverage, service events) are PHI: the eligibility,
-- ingestion and claims users work on them; a reports-only user sees aggregates, never a patient.
-- Trading partners (endpoints, sender ids): the eligibility users who run sweeps, and admins.
-- Facilities and payers stay readable by every user of the tenant (reference data, no PHI).
-------------------------------------------------------------------------------
create policy tenant_read on member.member for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
create policy tenant_read on member.coverage_policy for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
create policy tenant_read on service.service_event for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'ingestion.read', 'ingestion.update', 'claims.read', 'claims.write'])));
-- Claims users see the partner their claims go to (submissions name it); no secret is on this row.
create policy tenant_read on core.trading_partner for select using (
  tenant_id = (select core.current_tenant_id())
  and (select core.has_any_permission(array['eligibility.read', 'eligibility.update', 'claims.read', 'claims.write'])));

-------------------------------------------------------------------------------
-- Partner passwords encrypted at rest (pgp_sym_encrypt, AES-256) with a key that is not in the
-- database: the server passes it in (PARTNER_CREDENTIAL_KEY; .data/secrets.json in development).
-- `password` (plain text) is emptied by the server at start (core_private.
-- fn_encrypt_plaintext_partner_passwords) and can be dropped once every installation has run it.
-------------------------------------------------------------------------------
alter table core_private.trading_partner_credential add column if not exists password_encrypted bytea;
alter table core_private.trading_partner_credential alter column password drop not null;
comment on column core_private.trading_partner_credential.password_encrypted is
  'pgp_sym_encrypt(password, key): the key is the server''s PARTNER_CREDENTIAL_KEY, never stored in the database.';
comment on column core_private.trading_partner_credential.password is
  'Deprecated (plain text): emptied at server start into password_encrypted.';

-- A new endpoint gets no credentials: the stored UserName/Password were meant for the old one
-- (an API admin pointing a partner at their own URL must not receive them). An operator's
-- update in psql (no JWT claims: the owner, trusted) keeps them.
create function core_private.tg__clear_credentials_on_endpoint_change() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if new.endpoint_url is distinct from old.endpoint_url and core.current_tenant_id() is not null then
    delete from core_private.trading_partner_credential c where c.tenant_id = old.tenant_id and c.trading_partner_id = old.id;
    new.credentials_updated_at := null;
  end if;
  return new;
end $$;
create trigger _200_clear_credentials_on_endpoint_change before update of endpoint_url on core.trading_partner
  for each row execute function core_private.tg__clear_credentials_on_endpoint_change();

-------------------------------------------------------------------------------
-- View refreshes requested through the API (a tenant's user) are rate limited across tenants
-- (billing_private.refresh_view_group): the rows say which refreshes were.
-------------------------------------------------------------------------------
alter table ops.view_refresh drop column if exists api_request;
alter table ops.view_refresh add column api_request boolean not null default false;
comment on column ops.view_refresh.api_request is 'true when a tenant''s user asked for this refresh through the API (rate limited: rcm.view_refresh_min_interval).';
