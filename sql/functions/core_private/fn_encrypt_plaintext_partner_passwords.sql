-- Encrypts the passwords still stored in plain text (rows from before encryption at rest) with
-- the server's key; run by the server after every migration. Returns how many it encrypted.
create or replace function core_private.fn_encrypt_plaintext_partner_passwords(key text) returns integer
  language sql volatile set search_path = pg_catalog, public as $$
  with encrypted as (
    update core_private.trading_partner_credential
    set password_encrypted = pgp_sym_encrypt(password, core_private.partner_credential_key(key), 'cipher-algo=aes256'), password = null
    where password is not null
    returning 1)
  select count(*)::integer from encrypted;
$$;
