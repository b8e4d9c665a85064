// What every benchmark gets and returns. A benchmark is bench/<name>.bench.ts default-exporting
// a function of BenchContext; `npm run bench` runs them all, `npm run bench -- <name>` one.
import type pg from 'pg';
import type { DatabaseLocation } from '../server/db/database.ts';

export interface BenchContext {
  /** A freshly migrated database of its own. */
  location: DatabaseLocation;
  owner: pg.Pool;
  /** Progress lines (stderr), so long benchmarks show where they are. */
  progress: (message: string) => void;
  /** Stops the embedded Postgres (fast shutdown) and starts it again on the same port and data;
   *  resolves with the seconds it was down. Absent with BENCH_DATABASE_URL (not ours to restart). */
  restartPostgres?: (downForMs?: number) => Promise<number>;
}

export interface BenchResult {
  /** Units in the names: p95_ms, records_per_s, peak_rss_mb ... */
  metrics: Record<string, number>;
  /** What the same machine does without us, in the same run (raw COPY, INSERT ... SELECT). */
  floor?: Record<string, number>;
  notes?: string;
  details?: Record<string, unknown>;
}

export type Benchmark = (context: BenchContext) => Promise<BenchResult>;

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index].toFixed(3));
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}
