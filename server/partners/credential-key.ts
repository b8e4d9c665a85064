// The key of the trading partners' stored passwords: PARTNER_CREDENTIAL_KEY, or in development the
// one generated into .data/secrets.json. It never goes into the database; SQL gets it per call.
import { config } from '../config.ts';
import { loadLocalSecrets } from '../db/secrets.ts';

export function partnerCredentialKey(): string {
  if (config.partnerCredentialKey) return config.partnerCredentialKey;
  if (config.production) throw new Error('PARTNER_CREDENTIAL_KEY is required when NODE_ENV=production (see docs/security.md)');
  return loadLocalSecrets(config.dataDir).partnerCredentialKey;
}
