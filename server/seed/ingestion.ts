// Ingestion demo data: a feed of each kind, a received artifact for each, and a service_events
// batch already processed with a few ERROR rows: they name members that only the members
// artifact brings, so "create a batch from the members artifact, then retry" shows the flow.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';

const FEEDS = [
  { name: 'members', kind: 'members', keys: ['MemberId'] },
  { name: 'coverage_policies', kind: 'coverage_policies', keys: ['MemberId', 'PayerId', 'SubscriberId', 'EffectiveFrom'] },
  { name: 'service_events', kind: 'service_events', keys: ['EventId'] },
  { name: 'charges', kind: 'charges', keys: ['ChargeId'] },
];

const day = (offset: number) => new Date(Date.UTC(2026, 0, 5 + offset)).toISOString().slice(0, 10);

const NEW_MEMBERS = [1, 2, 3, 4, 5].map((i) => ({
  MemberId: `M900000${i}`, FirstName: ['Ana', 'Ben', 'Chloe', 'Dev', 'Eli'][i - 1], LastName: ['Reyes', 'Okafor', 'Nguyen', 'Patel', 'Kim'][i - 1],
  DateOfBirth: `19${70 + i}-0${i}-1${i}`, Gender: i % 2 ? 'F' : 'M', State: 'NY', PostalCode: `1000${i}`,
}));

const ROWS: Record<string, Record<string, unknown>[]> = {
  members: NEW_MEMBERS,
  coverage_policies: NEW_MEMBERS.map((m, i) => ({
    MemberId: m.MemberId, PayerId: ['AETNA', 'UHC', 'MCR', 'BCBS', 'CIGNA'][i], SubscriberId: `ACT90000000${i + 1}`, GroupNumber: `G${500 + i}`,
    Relationship: '18', EffectiveFrom: '2025-01-01', Priority: 1,
  })),
  service_events: [
    ...[1, 2, 3, 4, 5].map((i) => ({ EventId: `E9000000${i}`, MemberId: `M000000${i}`, FacilityId: 'MAIN', ServiceDate: day(i), Status: 'SCHEDULED', ServiceTypeCode: '30', SourceSystem: 'EPIC' })),
    ...[1, 2, 3].map((i) => ({ EventId: `E9000010${i}`, MemberId: `M900000${i}`, FacilityId: 'OPC', ServiceDate: day(i), Status: 'SCHEDULED', ServiceTypeCode: '98' })),
  ],
  charges: [1, 2, 3, 4, 5].map((i) => ({
    ChargeId: `C9000000${i}`, EventId: `E9000000${i}`, MemberId: `M000000${i}`, ServiceDate: day(i), CptCode: '99213', Modifiers: i === 2 ? '25' : '',
    IcdCodes: 'E11.9,I10', Units: 1, Amount: '125.00', FacilityId: 'MAIN', PlaceOfService: '11',
  })),
};

export async function seedIngestion(client: pg.ClientBase, tenantId: string, _options: SeedOptions): Promise<void> {
  await client.query(
    "select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true), set_config('jwt.claims.sub', 'seed', true)",
    [tenantId],
  );
  try {
    const existing = await client.query('select 1 from ingestion.feed where tenant_id = $1 limit 1', [tenantId]);
    if (existing.rowCount) return;
    const artifacts: Record<string, string> = {};
    for (const feed of FEEDS) {
      await client.query('insert into ingestion.feed (tenant_id, name, kind, idempotency_key_fields) values ($1, $2, $3, $4)', [tenantId, feed.name, feed.kind, feed.keys]);
      const { rows: [{ id }] } = await client.query<{ id: string }>("select ingestion_private.fn_begin_artifact($1, $2, 'text/csv', 'csv') as id", [feed.name, `demo-${feed.name}.csv`]);
      await client.query('select ingestion_private.fn_append_artifact_rows($1, 1, $2::jsonb)', [id, JSON.stringify(ROWS[feed.kind])]);
      const content = JSON.stringify(ROWS[feed.kind]);
      await client.query("select ingestion_private.fn_finish_artifact($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))", [id, Buffer.byteLength(content), content]);
      artifacts[feed.kind] = id;
    }
    // The events batch, processed now: five rows apply, three name members not loaded yet.
    const { rows: [{ batch_id: batchId }] } = await client.query<{ batch_id: string }>(
      'select id as batch_id from ingestion.fn_create_batch_from_artifact($1)', [artifacts.service_events]);
    await client.query('select ingestion_private.fn_process_chunk($1, 100)', [batchId]);
  } finally {
    await client.query("select set_config('jwt.claims.tenant_id', '', true), set_config('jwt.claims.permissions', '', true), set_config('jwt.claims.sub', '', true)");
  }
}
