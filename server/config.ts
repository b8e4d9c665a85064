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
  // Resource limits of the API (docs/security.md). Getters: read when used, so a test
  // service started with other values takes them.
  /** Longest statement of an API request, ms (SET LOCAL statement_timeout per request). */
  get apiStatementTimeoutMs(): number { return int('API_STATEMENT_TIMEOUT_MS', 15000); },
  /** Longest idle time of an API request's open transaction, ms. */
  get apiIdleInTransactionTimeoutMs(): number { return int('API_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30000); },
  /** Longest wait for a connection of the API pool (connect or a free slot), ms. */
  get apiPoolConnectTimeoutMs(): number { return int('API_POOL_CONNECT_TIMEOUT_MS', 5000); },
  /** Connections of the API pool; keep above apiTenantMaxInFlight so one tenant cannot take them all. */
  get apiPoolMax(): number { return int('API_POOL_MAX', 40); },
  /** Longest statement (and idle transaction) of a worker job, ms. */
  get workerStatementTimeoutMs(): number { return int('WORKER_STATEMENT_TIMEOUT_MS', 600_000); },
  /** How long a worker waits for the database to take connections again (a restart) before it gives up, ms. */
  get workerReconnectMs(): number { return int('WORKER_RECONNECT_MS', 300_000); },
  /** Requests of one tenant in flight at once in this process (429 beyond). */
  get apiTenantMaxInFlight(): number { return int('API_TENANT_MAX_IN_FLIGHT', 20); },
  /** POST /artifacts uploads of one tenant at once (each holds a connection while the file streams in). */
  get ingestMaxConcurrentUploadsPerTenant(): number { return int('INGEST_MAX_CONCURRENT_UPLOADS_PER_TENANT', 2); },
  /** GraphQL: deepest field nesting, most aliases, largest first/last, largest request body (bytes). */
  get graphqlMaxDepth(): number { return int('GRAPHQL_MAX_DEPTH', 10); },
  get graphqlMaxAliases(): number { return int('GRAPHQL_MAX_ALIASES', 15); },
  get graphqlMaxPageSize(): number { return int('GRAPHQL_MAX_PAGE_SIZE', 5000); },
  get graphqlMaxRows(): number { return int('GRAPHQL_MAX_ROWS', 100_000); },
  get graphqlMaxRequestBytes(): number { return int('GRAPHQL_MAX_REQUEST_BYTES', 100_000); },
  /** Introspection (and so schema discovery) is off in production unless asked for. */
  get graphqlIntrospection(): boolean { return process.env.GRAPHQL_INTROSPECTION ? flag('GRAPHQL_INTROSPECTION') : process.env.NODE_ENV !== 'production'; },
  /** 835 transactions of one file posted at once (each a database transaction of its own; those naming
   *  the same claim still post in file order): server/remittances/post-in-file-order.ts. */
  get remittancePostConcurrency(): number { return Math.max(1, int('REMITTANCE_POST_CONCURRENCY', 2)); },
  // X12 readers (server/x12-readers/pool.ts): parsing and mapping off the event loop.
  /** Worker threads that read (parse and map) X12 at once; more interchanges wait in the queue. */
  get x12ReadThreads(): number { return Math.max(1, int('X12_READ_THREADS', 2)); },
  /** How much lower the reader threads' CPU priority is than the event loop's (Linux nice increment, 0-19). */
  get x12ReadNice(): number { return Math.min(19, int('X12_READ_NICE', 10)); },
  /** Interchanges waiting for a reader thread before a route answers 503 with Retry-After. */
  get x12ReadMaxQueue(): number { return int('X12_READ_MAX_QUEUE', 64); },
  /** Interchanges up to this many characters are read on the event loop (~1 ms): a thread hop costs more. */
  get x12ReadInlineMaxChars(): number { return int('X12_READ_INLINE_MAX_CHARS', 32 * 1024); },
};
