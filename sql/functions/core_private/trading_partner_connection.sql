-- A partner's connection with its decrypted credentials: the ONE reader of the passwords
-- (server/partners/connection.ts calls it with the server's key). Owner only, no API grant.
-- A wrong key raises 39000 "Wrong key or corrupt data".
create or replace function core_private.trading_partner_connection(tenant_id uuid, trading_partner_id uuid, key text)
  returns table (
    id uuid, name text, endpoint_url text, mode text, active boolean, sender_qualifier text, sender_id text,
    receiver_qualifier text, receiver_id text, usage_indicator text, timeout_ms integer, username text, password text)
  language sql stable set search_path = pg_catalog, public as $$
  select tp.id, tp.name, tp.endpoint_url, tp.mode, tp.active, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id,
         tp.usage_indicator, tp.timeout_ms, c.username,
         case when c.password_encrypted is not null then pgp_sym_decrypt(c.password_encrypted, core_private.partner_credential_key(key)) else c.password end
  from core.trading_partner tp
  left join core_private.trading_partner_credential c on c.tenant_id = tp.tenant_id and c.trading_partner_id = tp.id
  where tp.tenant_id = trading_partner_connection.tenant_id and tp.id = trading_partner_connection.trading_partner_id;
$$;
