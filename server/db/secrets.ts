// Development secrets generated once and kept with the embedded data (never in git).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  postgresPassword: string;
  authenticatorPassword: string;
  jwtSecret: string;
  /** Key of the trading partners' stored passwords (production: PARTNER_CREDENTIAL_KEY). */
  partnerCredentialKey: string;
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const existing: Partial<LocalSecrets> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    postgresPassword: existing.postgresPassword ?? randomSecret(),
    authenticatorPassword: existing.authenticatorPassword ?? randomSecret(),
    jwtSecret: existing.jwtSecret ?? randomSecret(),
    partnerCredentialKey: existing.partnerCredentialKey ?? randomSecret(),
  };
  if (JSON.stringify(existing) !== JSON.stringify(secrets)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

function randomSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}
