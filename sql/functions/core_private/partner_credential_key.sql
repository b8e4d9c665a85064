-- The key of the partner passwords (PARTNER_CREDENTIAL_KEY) as the server hands it to this
-- transaction: an explicit argument, else the transaction setting rcm.partner_credential_key
-- (set by the API for GraphQL mutations only). Never stored in the database.
create or replace function core_private.partner_credential_key(explicit_key text default null) returns text
  language plpgsql stable set search_path = pg_catalog, public as $$
declare
  v_key text := coalesce(nullif(explicit_key, ''), nullif(current_setting('rcm.partner_credential_key', true), ''));
begin
  if v_key is null then
    raise exception 'no partner credential key in this session: the server passes PARTNER_CREDENTIAL_KEY (see docs/security.md)' using errcode = '55000';
  end if;
  return v_key;
end $$;
