// Every environment variable rcm-core reads, in one place (see README "Environment").
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string): boolean {
  return ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export const config = {
  /** Owner connection (migrations, worker). Unset: an embedded Postgres is started. */
  databaseUrl: process.env.DATABASE_URL || undefined,
  /** Connection for the API (login role without BYPASSRLS, not the owner). Derived when unset. */
  authDatabaseUrl: process.env.AUTH_DATABASE_URL || undefined,
  authenticatorPassword: process.env.AUTHENTICATOR_PASSWORD || undefined,
  dataDir: path.resolve(repoRoot, process.env.RCM_DATA_DIR || '.data'),
  embeddedPgPort: int('EMBEDDED_PG_PORT', 54329),
  ports: (process.env.PORTS || '3002,3007').split(',').map((p) => Number(p.trim())),
  host: process.env.HOST || '127.0.0.1',
  jwtSecret: process.env.JWT_SECRET || undefined,
  jobsDisabled: flag('JOBS_DISABLED'),
  queueConcurrency: int('INGEST_QUEUE_CONCURRENCY', 4),
  production: process.env.NODE_ENV === 'production',
  logLevel: process.env.LOG_LEVEL || 'info',
  bodyLimit: process.env.BODY_LIMIT || '10mb',
  demo: !flag('NO_DEMO') && process.env.NODE_ENV !== 'production',
  // Security (docs/security.md).
  /** When set, tokens must carry this `iss` (and tokens minted here get it). */
  jwtIssuer: process.env.JWT_ISSUER || undefined,
  /** When set, tokens must carry this `aud` (and tokens minted here get it). */
  jwtAudience: process.env.JWT_AUDIENCE || undefined,
  /** Longest accepted token lifetime (exp - iat), seconds; default 31 days (the demo token lives 30). */
  jwtMaxLifetimeSeconds: int('JWT_MAX_LIFETIME_SECONDS', 31 * 24 * 3600),
  /** Key of the trading partners' stored passwords (pgp_sym_encrypt); required in production. */
  partnerCredentialKey: process.env.PARTNER_CREDENTIAL_KEY || undefined,
  /** Largest answer body read from a trading partner (CORE envelope with its 271s), bytes. */
  partnerMaxResponseBytes: int('PARTNER_MAX_RESPONSE_BYTES', 50 * 1024 * 1024),
};
