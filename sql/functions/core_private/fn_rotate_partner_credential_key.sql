-- SELECT core_private.fn_rotate_partner_credential_key(old_key, new_key); -- re-encrypts every
-- partner password with the new key in one transaction (npm run -s rotate-partner-key does it
-- from PARTNER_CREDENTIAL_KEY_OLD and PARTNER_CREDENTIAL_KEY). A wrong old key changes nothing
-- (39000). Returns how many passwords were re-encrypted.
create or replace function core_private.fn_rotate_partner_credential_key(old_key text, new_key text) returns integer
  language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  v_count integer;
begin
  if coalesce(new_key, '') = '' or length(new_key) < 32 then
    raise exception 'new_key must be at least 32 characters' using errcode = '22023';
  end if;
  update core_private.trading_partner_credential
  set password_encrypted = pgp_sym_encrypt(pgp_sym_decrypt(password_encrypted, core_private.partner_credential_key(old_key)), new_key, 'cipher-algo=aes256'),
      updated_at = now()
  where password_encrypted is not null;
  get diagnostics v_count = row_count;
  return v_count;
end $$;
