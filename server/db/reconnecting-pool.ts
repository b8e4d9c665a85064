// A pg.Pool whose connect() waits for a database that is restarting instead of failing at once.
// graphile-worker records a job's failure (and success) through its pool; when that connect failed
// with ECONNREFUSED during a Postgres restart it rejected a promise nobody awaited and the worker
// process crashed, leaving its jobs locked for graphile-worker's 4-hour lock timeout (found by the
// faults bench). With this pool, the job's outcome is written once Postgres is back.
import pg from 'pg';

/** Connection errors of a server that is down, starting or shutting down: worth waiting for. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

export function isTransientConnectError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return TRANSIENT.has(e?.code ?? '') || /Connection terminated|timeout expired/i.test(e?.message ?? '');
}

export class ReconnectingPool extends pg.Pool {
  readonly waitForDatabaseMs: number;
  /** Called once per connect that had to wait, with how long it waited. */
  onReconnect?: (waitedMs: number) => void;

  constructor(config: pg.PoolConfig & { waitForDatabaseMs: number }) {
    super(config);
    this.waitForDatabaseMs = config.waitForDatabaseMs;
  }

  // Both forms wait: graphile-worker uses the promise, pool.query() the callback.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (!callback) return this.connectWaiting();
    this.connectWaiting().then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  private connectWaiting(): Promise<pg.PoolClient> {
    return untilTheDatabaseAnswers(() => super.connect(), this.waitForDatabaseMs, (waitedMs) => this.onReconnect?.(waitedMs));
  }
}

/**
 * `connect` again and again while it fails with a transient connection error (backing off from
 * 100 ms to 2 s), for at most `waitMs`; then the last error. `onWaited`: told how long, when it had to wait.
 */
export async function untilTheDatabaseAnswers<T>(connect: () => Promise<T>, waitMs: number, onWaited?: (waitedMs: number) => void): Promise<T> {
  const started = Date.now();
  let waited = false;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      const connected = await connect();
      if (waited) onWaited?.(Date.now() - started);
      return connected;
    } catch (error) {
      if (!isTransientConnectError(error) || Date.now() - started + delay > waitMs) throw error;
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
