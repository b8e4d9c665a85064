// npm run -s rotate-partner-key: re-encrypts every trading partner password from the old key
// (PARTNER_CREDENTIAL_KEY_OLD) to the new one (PARTNER_CREDENTIAL_KEY) in one transaction.
// Then restart API and workers with the new key. See docs/security.md "Key rotation".
import '../env-defaults.ts';
import { withOwnerClient } from '../db/with-owner-client.ts';
import { partnerCredentialKey } from '../partners/credential-key.ts';
import { fail } from './args.ts';

const oldKey = process.env.PARTNER_CREDENTIAL_KEY_OLD;
if (!oldKey) fail('set PARTNER_CREDENTIAL_KEY_OLD to the key the passwords are encrypted with now, and PARTNER_CREDENTIAL_KEY to the new key');
const newKey = partnerCredentialKey();
if (newKey === oldKey) fail('PARTNER_CREDENTIAL_KEY is the same as PARTNER_CREDENTIAL_KEY_OLD');
const count = await withOwnerClient(async (client) => {
  const { rows } = await client.query<{ n: number }>('select core_private.fn_rotate_partner_credential_key($1, $2) as n', [oldKey, newKey]);
  return rows[0].n;
});
process.stdout.write(`re-encrypted ${count} trading partner password(s) with the new key\n`);
