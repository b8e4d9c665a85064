// The ingestion workload of the faults bench: one POST /batches of N service_events records, or
// the same rows as a CSV artifact made a batch (the API of a service running without jobs),
// processed by worker processes.
import type pg from 'pg';
import { demoSeedOptions } from '../../server/seed/seed-tenant.ts';
import { seedBase } from '../../server/seed/base.ts';
import { seedIngestion } from '../../server/seed/ingestion.ts';
import type { Progress, Workload } from './kill-loop.ts';

export async function seedBatchTenant(owner: pg.Pool, slug: string): Promise<{ tenantId: string; artifactId: string }> {
  const client = await owner.connect();
  try {
    const options = demoSeedOptions({ slug, name: `Faults ${slug}`, members: 2000, events: 0, seed: 17 });
    const tenantId = await seedBase(client, options);
    await client.query('begin');
    await seedIngestion(client, tenantId, options);
    await client.query('commit');
    const artifactId = (await client.query(
      "select a.id from ingestion.artifact a join ingestion.feed f on f.tenant_id = a.tenant_id and f.id = a.feed_id where a.tenant_id = $1 and f.name = 'service_events' limit 1", [tenantId])).rows[0].id;
    return { tenantId, artifactId };
  } finally {
    client.release();
  }
}

/** POST /batches; resolves with the batch id (202). */
export async function postBatch(baseUrl: string, token: string, artifactId: string, prefix: string, records: number): Promise<string> {
  const rows = Array.from({ length: records }, (_, i) => ({
    rowNumber: i + 1,
    data: { EventId: `${prefix}${String(i + 1).padStart(8, '0')}`, MemberId: `M${String((i % 2000) + 1).padStart(7, '0')}`, FacilityId: ['MAIN', 'OPC', 'LAB'][i % 3],
            ServiceDate: `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, Status: 'SCHEDULED', ServiceTypeCode: '30' },
  }));
  const response = await fetch(`${baseUrl}/batches`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ artifactId, records: rows, idempotencyKeyFields: ['EventId'] }),
  });
  if (response.status !== 202) throw new Error(`POST /batches answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** The same rows as a CSV artifact (POST /artifacts), made a batch (POST /artifacts/:id/batches); resolves with the batch id. */
export async function postArtifactBatch(baseUrl: string, token: string, prefix: string, records: number): Promise<string> {
  const lines = ['EventId,MemberId,FacilityId,ServiceDate,Status,ServiceTypeCode'];
  for (let i = 0; i < records; i++) {
    lines.push(`${prefix}${String(i + 1).padStart(8, '0')},M${String((i % 2000) + 1).padStart(7, '0')},${['MAIN', 'OPC', 'LAB'][i % 3]},2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},SCHEDULED,30`);
  }
  const auth = { authorization: `Bearer ${token}` };
  const uploaded = await fetch(`${baseUrl}/artifacts?feed=service_events&fileName=${prefix}.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: lines.join('\n') });
  if (uploaded.status !== 201) throw new Error(`POST /artifacts answered ${uploaded.status}: ${await uploaded.text()}`);
  const artifactId = ((await uploaded.json()) as { id: string }).id;
  const response = await fetch(`${baseUrl}/artifacts/${artifactId}/batches`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ idempotencyKeyFields: ['EventId'] }),
  });
  if (response.status !== 202) throw new Error(`POST /artifacts/:id/batches answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function batchProgress(owner: pg.Pool, batchId: string): Promise<Progress> {
  const { rows } = await owner.query('select status, processed from ingestion.batch where id = $1', [batchId]);
  return { done: rows[0].processed, finished: rows[0].status.startsWith('COMPLETED') };
}

/** The cron's crash recovery, now rather than after INGEST_STALLED_MINUTES. */
export async function resumeBatch(owner: pg.Pool): Promise<void> {
  await owner.query("select ingestion_private.fn_resume_stalled_batches(interval '0 seconds')");
}

/**
 * Batches of one size posted one after another (`post(prefix)` resolves with a batch id) until the
 * kill loop's kills are done: a 100,000-record batch is applied in a few seconds, fewer than 20
 * kills' worth with a new worker process after each. `prefixes` names each batch's events
 * (FK01..., FK02...), so each batch is checked on its own afterwards.
 */
export function batchesInARow(owner: pg.Pool, prefix: string, post: (prefix: string) => Promise<string>) {
  const batches: { id: string; prefix: string }[] = [];
  let doneInEarlier = 0;
  let moreWanted = true;
  const postNext = async () => {
    const next = `${prefix}${String(batches.length + 1).padStart(2, '0')}`;
    batches.push({ id: await post(next), prefix: next });
  };
  const workload: Workload = {
    progress: async () => {
      const current = await batchProgress(owner, batches.at(-1)!.id);
      if (!current.finished || !moreWanted) return { done: doneInEarlier + current.done, finished: current.finished };
      doneInEarlier += current.done;
      await postNext();
      return { done: doneInEarlier, finished: false };
    },
    recover: () => resumeBatch(owner),
    killsDone: () => { moreWanted = false; },
  };
  return { batches, start: postNext, workload };
}

/** Every batch's check, summed: the figures hold for all of them or the sums say which did not. */
export async function checkBatches(owner: pg.Pool, tenantId: string, batches: { id: string; prefix: string }[]): Promise<BatchCheck & { batches: number }> {
  const checks = await Promise.all(batches.map((b) => checkBatch(owner, tenantId, b.id, b.prefix)));
  const sum = (pick: (c: BatchCheck) => number) => checks.reduce((total, c) => total + pick(c), 0);
  return {
    batches: checks.length,
    status: checks.every((c) => c.status === checks[0].status) ? checks[0].status : checks.map((c) => c.status).join(','),
    total: sum((c) => c.total), success: sum((c) => c.success), error: sum((c) => c.error), pending: sum((c) => c.pending),
    countersTieOut: checks.every((c) => c.countersTieOut), eventsWritten: sum((c) => c.eventsWritten),
    duplicates: sum((c) => c.duplicates), lost: sum((c) => c.lost), recordsAppliedTwice: sum((c) => c.recordsAppliedTwice),
  };
}

export interface BatchCheck {
  status: string;
  total: number;
  success: number;
  error: number;
  pending: number;
  countersTieOut: boolean;
  eventsWritten: number;
  duplicates: number;
  lost: number;
  recordsAppliedTwice: number;
}

export async function checkBatch(owner: pg.Pool, tenantId: string, batchId: string, prefix: string): Promise<BatchCheck> {
  const b = (await owner.query('select * from ingestion.batch where id = $1', [batchId])).rows[0];
  const rows = (await owner.query(
    `select count(*) filter (where status = 'SUCCESS')::int as success, count(*) filter (where status = 'ERROR')::int as error,
            count(*) filter (where status = 'PENDING')::int as pending, count(*) filter (where attempts > 1)::int as twice
     from ingestion.batch_record where batch_id = $1`, [batchId])).rows[0];
  const events = (await owner.query(
    `select count(*)::int as n, count(distinct event_number)::int as d from service.service_event where tenant_id = $1 and event_number like $2 || '%'`, [tenantId, prefix])).rows[0];
  return {
    status: b.status, total: b.total, success: b.success, error: b.error, pending: b.pending,
    countersTieOut: b.total === b.processed + b.pending && b.processed === b.success + b.error
      // A batch made from an artifact: its rows not yet applied are pending without a record.
      && b.success === rows.success && b.error === rows.error && b.pending === rows.pending + (b.artifact_rows_unrecorded ?? 0),
    eventsWritten: events.n,
    duplicates: events.n - events.d + Math.max(0, events.d - b.success),
    lost: b.total - events.d - b.error,
    recordsAppliedTwice: rows.twice,
  };
}
