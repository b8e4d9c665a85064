-- Stores a partner's UserName and Password, the password encrypted (pgp_sym_encrypt, AES-256)
-- with the server's key. The one writer of core_private.trading_partner_credential.
create or replace function core_private.fn_store_trading_partner_credentials(tenant_id uuid, trading_partner_id uuid, username text, password text, key text)
  returns void language sql volatile set search_path = pg_catalog, public as $$
  insert into core_private.trading_partner_credential (tenant_id, trading_partner_id, username, password, password_encrypted, updated_at)
  values (tenant_id, trading_partner_id, trim(username), null, pgp_sym_encrypt(password, core_private.partner_credential_key(key), 'cipher-algo=aes256'), now())
  on conflict on constraint trading_partner_credential_pkey
  do update set username = excluded.username, password = null, password_encrypted = excluded.password_encrypted, updated_at = now();
$$;
