// What a production start (NODE_ENV=production) refuses to run without (docs/security.md).
import { config } from '../config.ts';

const MIN_SECRET_BYTES = 32;

/** The problems of this environment for production; empty outside production. */
export function productionSettingProblems(env: NodeJS.ProcessEnv = process.env, production = config.production): string[] {
  if (!production) return [];
  const problems: string[] = [];
  const jwtSecret = env.JWT_SECRET ?? '';
  if (Buffer.byteLength(jwtSecret, 'utf8') < MIN_SECRET_BYTES) problems.push(`JWT_SECRET must be set to at least ${MIN_SECRET_BYTES} bytes (random) in production`);
  const partnerKey = env.PARTNER_CREDENTIAL_KEY ?? '';
  if (Buffer.byteLength(partnerKey, 'utf8') < MIN_SECRET_BYTES) problems.push(`PARTNER_CREDENTIAL_KEY must be set to at least ${MIN_SECRET_BYTES} bytes (random) in production`);
  if (!env.DATABASE_URL) problems.push('DATABASE_URL must name the production database (no embedded Postgres in production)');
  return problems;
}

/** Stops the process with the list of problems (no secret values in it). */
export function refuseUnsafeProductionStart(): void {
  const problems = productionSettingProblems();
  if (problems.length === 0) return;
  process.stderr.write(`rcm-core refuses to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee docs/security.md.\n`);
  process.exit(78); // EX_CONFIG
}
