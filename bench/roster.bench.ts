// The roster query of manual 6.4: scheduled visits of the next 7 days joined to coverage active on
// the service date, for one tenant with 100,000 events among 1,000,000 (10 tenants), run as the
// API role through row-level security, warm, 300 times.

import type pg from 'pg';
import { percentile, median, type Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';

export const ROSTER_SQL = `
  select e.id as service_event_id, e.member_id, e.service_date, c.id as coverage_policy_id, c.payer_id
  from service.service_event e
  join member.coverage_policy c
    on c.tenant_id = e.tenant_id and c.member_id = e.member_id
   and c.status = 'ACTIVE' and c.effective_from <= e.service_date and (c.effective_to is null or c.effective_to >= e.service_date)
  where e.tenant_id = $1 and e.status = 'SCHEDULED' and e.service_date between current_date and current_date + 7`;

const TENANTS = 10;
const EVENTS_PER_TENANT = 100_000;
const MEMBERS_PER_TENANT = 20_000;

const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  let tenantId = '';
  try {
    const started = Date.now();
    for (let i = 1; i <= TENANTS; i++) {
      const options = demoSeedOptions({ slug: `bench-${i}`, name: `Bench ${i}`, members: MEMBERS_PER_TENANT, events: EVENTS_PER_TENANT, seed: i });
      // Base data only: the roster needs members, coverage and events, not the domains' demo data.
      const id = await seedBase(client, options);
      if (i === 1) tenantId = id;
      progress(`seeded tenant ${i}/${TENANTS} (${(i * EVENTS_PER_TENANT).toLocaleString()} events, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await client.query('vacuum analyze');
    const seedSeconds = (Date.now() - started) / 1000;

    await client.query('begin');
    await client.query("select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'eligibility.read', true)", [tenantId]);
    const plan = (await client.query(`explain (analyze, buffers, costs off) ${ROSTER_SQL}`, [tenantId])).rows.map((r) => r['QUERY PLAN']).join('\n');
    const rosterRows = (await client.query(ROSTER_SQL, [tenantId])).rowCount ?? 0;
    // As the sweep uses it: the roster feeds an INSERT ... SELECT inside Postgres.
    const inDatabase = await timeRuns(client, `select count(*) from (${ROSTER_SQL}) roster`, tenantId);
    // As a client reading every row would see it (12k rows over the wire and parsed in node).
    const fetched = await timeRuns(client, ROSTER_SQL, tenantId);
    await client.query('rollback');
    progress(`roster rows ${rosterRows}, p95 ${percentile(inDatabase, 95)} ms in the database, ${percentile(fetched, 95)} ms fetched`);
    return {
      metrics: {
        roster_p50_ms: median(inDatabase),
        roster_p95_ms: percentile(inDatabase, 95),
        roster_fetch_all_rows_p50_ms: median(fetched),
        roster_fetch_all_rows_p95_ms: percentile(fetched, 95),
        roster_rows: rosterRows,
        runs: inDatabase.length,
        seed_1m_events_s: Number(seedSeconds.toFixed(1)),
      },
      notes: `One tenant of ${EVENTS_PER_TENANT.toLocaleString()} events among ${(TENANTS * EVENTS_PER_TENANT).toLocaleString()}; query run as rcm_visitor through RLS; target p95 < 10 ms (manual promises 100 ms).`,
      details: { plan, sql: ROSTER_SQL.trim() },
    };
  } finally {
    client.release();
  }
};

async function timeRuns(client: pg.PoolClient, sql: string, tenantId: string): Promise<number[]> {
  for (let i = 0; i < 20; i++) await client.query(sql, [tenantId]);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = process.hrtime.bigint();
    await client.query(sql, [tenantId]);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples;
}

export default bench;
