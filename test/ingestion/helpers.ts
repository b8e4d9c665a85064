// Shared arrangements of the ingestion tests: feed and artifact ids of a seeded tenant, records
// in the manual's shapes, waiting for a batch, counting what was written.
import type { TestDatabase } from '../support/database.ts';

export async function feedId(db: TestDatabase, tenantId: string, name: string): Promise<string> {
  return (await db.owner.query('select id from ingestion.feed where tenant_id = $1 and name = $2', [tenantId, name])).rows[0].id;
}

/** The seeded artifact of a feed (the demo step registers one per feed). */
export async function artifactId(db: TestDatabase, tenantId: string, feedName: string): Promise<string> {
  return (await db.owner.query(
    'select a.id from ingestion.artifact a join ingestion.feed f on f.tenant_id = a.tenant_id and f.id = a.feed_id where a.tenant_id = $1 and f.name = $2 order by a.created_at limit 1',
    [tenantId, feedName],
  )).rows[0].id;
}

export function serviceEvents(count: number, options: { prefix?: string; firstRow?: number; member?: (i: number) => string } = {}) {
  const prefix = options.prefix ?? 'T';
  return Array.from({ length: count }, (_, i) => ({
    rowNumber: (options.firstRow ?? 1) + i,
    data: {
      EventId: `${prefix}${String(i + 1).padStart(7, '0')}`,
      MemberId: options.member ? options.member(i) : `M${String((i % 40) + 1).padStart(7, '0')}`,
      FacilityId: 'MAIN',
      ServiceDate: '2026-02-03',
      Status: 'SCHEDULED',
      ServiceTypeCode: '30',
    },
  }));
}

export interface BatchCounters {
  status: string;
  total: number;
  processed: number;
  success: number;
  error: number;
  pending: number;
  skipped_duplicates: number;
}

export async function counters(db: TestDatabase, batchId: string): Promise<BatchCounters> {
  return (await db.owner.query('select status, total, processed, success, error, pending, skipped_duplicates from ingestion.batch where id = $1', [batchId])).rows[0];
}

export async function waitForBatch(db: TestDatabase, batchId: string, done: (c: BatchCounters) => boolean, timeoutMs = 20000): Promise<BatchCounters> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = await counters(db, batchId);
    if (done(c)) return c;
    if (Date.now() > until) throw new Error(`batch ${batchId} did not get there: ${JSON.stringify(c)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const finished = (c: BatchCounters) => c.status === 'COMPLETED' || c.status === 'COMPLETED_WITH_ERRORS';

/** Rows of the ingestion tables and the domain tables they write, for "nothing written" checks. */
export async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await db.owner.query(`select
    (select count(*) from ingestion.batch)::int as batches, (select count(*) from ingestion.batch_record)::int as records,
    (select count(*) from ingestion.artifact)::int as artifacts, (select count(*) from ingestion_private.artifact_row)::int as artifact_rows,
    (select count(*) from ingestion_private.applied_key)::int as applied_keys, (select count(*) from service.service_event)::int as events,
    (select count(*) from graphile_worker.jobs)::int as jobs`);
  return rows[0];
}
