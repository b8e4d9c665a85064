// Sweep engine settings from the environment, read at each run so tests and operators can tune
// them without a restart of the code that imports this module.
export interface SweepSettings {
  /** ELIGIBILITY_CACHE_HOURS: a 271 this fresh for the same member, payer and service date is reused. */
  cacheHours: number;
  /** ELIGIBILITY_RUN_CONCURRENCY: members answered from the cache (no 270 to send) handled at once. Members that send a 270 run in per-payer lanes as wide as max_in_flight. */
  concurrency: number;
  /** ELIGIBILITY_MAX_ATTEMPTS: tries per coverage for transient faults (timeouts, 5xx, AAA 42/80). */
  maxAttempts: number;
  /** ELIGIBILITY_RETRY_BASE_MS / ELIGIBILITY_RETRY_MAX_MS: doubling backoff between tries when the failure looks like the payer's. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** ELIGIBILITY_MEMBER_RETRY_BASE_MS: the backoff's base when the payer answers other 270s meanwhile (the failure is the member's own); eligibility_private.sweep_retry_after_ms. */
  memberRetryBaseMs: number;
  /** ELIGIBILITY_BREAKER_FAILURES: consecutive gateway failures that open a payer's breaker. */
  breakerFailures: number;
  /** ELIGIBILITY_BREAKER_COOLOFF_MS: how long an open breaker stops 270s to the payer. */
  breakerCooloffMs: number;
  /** ELIGIBILITY_LANE_FACTOR: members admitted per in-flight slot of a payer (the others wait QUEUED). */
  laneFactor: number;
  /** ELIGIBILITY_PACE_PAYERS (default true): payers with less work get fewer slots so all finish with the slowest. */
  pacePayers: boolean;
  /** Default per-payer in-flight limit when core.payer.max_in_flight is null. */
  defaultMaxInFlight: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return value;
}

export function sweepSettings(env: NodeJS.ProcessEnv = process.env): SweepSettings {
  return {
    cacheHours: int(env, 'ELIGIBILITY_CACHE_HOURS', 24),
    concurrency: int(env, 'ELIGIBILITY_RUN_CONCURRENCY', 20, 1),
    maxAttempts: int(env, 'ELIGIBILITY_MAX_ATTEMPTS', 4, 1),
    retryBaseMs: int(env, 'ELIGIBILITY_RETRY_BASE_MS', 1000),
    retryMaxMs: int(env, 'ELIGIBILITY_RETRY_MAX_MS', 30_000),
    memberRetryBaseMs: int(env, 'ELIGIBILITY_MEMBER_RETRY_BASE_MS', 250),
    breakerFailures: int(env, 'ELIGIBILITY_BREAKER_FAILURES', 8, 1),
    breakerCooloffMs: int(env, 'ELIGIBILITY_BREAKER_COOLOFF_MS', 60_000),
    laneFactor: int(env, 'ELIGIBILITY_LANE_FACTOR', 3, 1),
    pacePayers: !['0', 'false', 'no'].includes((env.ELIGIBILITY_PACE_PAYERS ?? '').toLowerCase()),
    defaultMaxInFlight: int(env, 'ELIGIBILITY_DEFAULT_MAX_IN_FLIGHT', 5, 1),
  };
}
