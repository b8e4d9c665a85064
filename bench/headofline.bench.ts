// Queues per domain (core_private.job_queue): (1) head of line: while a 10,000-member sweep runs
// on a tenant, a 1-record POST /batches of the same tenant completes (target < 2 s; with one
// queue per tenant it waited for the whole sweep); (2) graphile-worker throughput of 20,000
// trivial jobs over 50 tenants: no queue, one queue per tenant (the old naming), three queues per
// tenant (sweeps, claims, feed:<id>, the new naming).
import pg from 'pg';
import { run, runMigrations } from 'graphile-worker';
import { median, type Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { seedIngestion } from '../server/seed/ingestion.ts';
import { startService } from '../server/service.ts';
import { mintToken } from '../server/auth/jwt.ts';
import { startSandboxProcess } from './sandbox-process.ts';
import { workerLogger } from '../server/worker/logger.ts';

const MEMBERS = 10_000;
const LATENCY_MS = 300;
const BATCHES = 5;
const JOBS = 20_000;
const TENANTS = 50;
const CONCURRENCY = 4;
/** Named queues drain at ~85 jobs/s here (20,000 jobs: 4 min a naming): one round per naming. */
const ROUNDS = 1;

const bench: Benchmark = async ({ owner, location, progress }) => {
  await runMigrations({ connectionString: location.ownerUrl });
  const sandbox = await startSandboxProcess(LATENCY_MS, 47000);
  const client = await owner.connect();
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  const batchSeconds: number[] = [];
  let sweepStatusAfterBatches: string | undefined;
  let sweepSeconds: number | undefined;
  try {
    const options = demoSeedOptions({ slug: 'bench-hol', name: 'Bench head of line', members: MEMBERS, events: 0, seed: 12, sandboxUrl: sandbox.url });
    const tenantId = await seedBase(client, options);
    await client.query('begin');
    await seedIngestion(client, tenantId, options);
    await client.query('commit');
    await client.query(
      `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'B' || m.member_number, m.id, (select id from core.facility where tenant_id = $1 and code = 'OPC'), current_date + 1, 'SCHEDULED'
       from member.member m where m.tenant_id = $1`, [tenantId]);
    await client.query('vacuum analyze');
    const artifactId = (await client.query(
      "select a.id from ingestion.artifact a join ingestion.feed f on f.tenant_id = a.tenant_id and f.id = a.feed_id where a.tenant_id = $1 and f.name = 'service_events' limit 1", [tenantId])).rows[0].id;
    service = await startService({ location, ports: [0], host: '127.0.0.1', jobs: true, cron: false, concurrency: CONCURRENCY, graphiql: false });
    const token = await mintToken(location.jwtSecret, { sub: 'bench', tenantId, permissions: ['ingestion.read', 'ingestion.update'] }, '1h');

    // (1) The sweep, through its job on the tenant's sweeps queue, and batches meanwhile.
    const sweepStarted = Date.now();
    const runId = (await client.query(
      `select eligibility_private.fn_create_sweep_run($1, null, 'Bench sweep', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'bench') as id`, [tenantId])).rows[0].id;
    await waitUntil(async () => (await client.query("select status = 'RUNNING' as r from eligibility.eligibility_sweep_run where id = $1", [runId])).rows[0].r, 30_000);
    progress(`sweep of ${MEMBERS} members running; posting ${BATCHES} 1-record batches`);
    for (let i = 0; i < BATCHES; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const t0 = Date.now();
      const response = await fetch(`${service.urls[0]}/batches`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ artifactId, records: [{ rowNumber: 1, data: { EventId: `HOL${i}`, MemberId: 'M0000001', FacilityId: 'OPC', ServiceDate: '2026-02-03', Status: 'SCHEDULED', ServiceTypeCode: '30' } }] }),
      });
      const { id } = (await response.json()) as { id: string };
      if (response.status !== 202) throw new Error(`POST /batches answered ${response.status}`);
      await waitUntil(async () => (await client.query("select status like 'COMPLETED%' as done from ingestion.batch where id = $1", [id])).rows[0].done, 120_000);
      batchSeconds.push((Date.now() - t0) / 1000);
    }
    sweepStatusAfterBatches = (await client.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0].status;
    progress(`batches completed in ${batchSeconds.map((s) => s.toFixed(2)).join(', ')} s; the sweep was ${sweepStatusAfterBatches}`);
    await waitUntil(async () => ['COMPLETED', 'FAILED', 'CANCELLED'].includes((await client.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0].status), 600_000);
    sweepSeconds = (Date.now() - sweepStarted) / 1000;
    progress(`sweep ended after ${sweepSeconds.toFixed(1)} s`);
  } finally {
    await service?.stop();
    client.release();
    sandbox.close();
  }

  // (2) Worker throughput by queue naming.
  const throughput: Record<string, number[]> = { unnamed: [], one_queue_per_tenant: [], three_queues_per_tenant: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const naming of Object.keys(throughput)) {
      const jobsPerSecond = await workerThroughput(location.ownerUrl, naming);
      throughput[naming].push(jobsPerSecond);
      progress(`${naming}: ${jobsPerSecond.toFixed(0)} jobs/s`);
    }
  }
  const best = (samples: number[]) => Math.round(Math.max(...samples));
  return {
    metrics: {
      batch_during_sweep_max_s: Number(Math.max(...batchSeconds).toFixed(2)),
      batch_during_sweep_median_s: Number(median(batchSeconds).toFixed(2)),
      sweep_s: Number((sweepSeconds ?? Number.NaN).toFixed(1)),
      jobs_per_s_unnamed: best(throughput.unnamed),
      jobs_per_s_one_queue_per_tenant: best(throughput.one_queue_per_tenant),
      jobs_per_s_three_queues_per_tenant: best(throughput.three_queues_per_tenant),
    },
    notes: `Head of line: ${BATCHES} POST /batches of 1 record, 2 s apart, while an ad-hoc sweep of ${MEMBERS.toLocaleString()} members at ${LATENCY_MS} ms latency runs on the same tenant (worker concurrency ${CONCURRENCY}); time from POST to COMPLETED; target < 2 s. Throughput: ${JOBS.toLocaleString()} no-op jobs over ${TENANTS} tenants added at once, then drained by one worker at concurrency ${CONCURRENCY}; best of ${ROUNDS} round(s) per naming.`,
    details: { batchSeconds, sweepStatusAfterBatches, throughput },
  };
};

/** Jobs per second of one worker draining JOBS no-op jobs named one way. */
async function workerThroughput(ownerUrl: string, naming: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: CONCURRENCY + 4 });
  try {
    await pool.query(
      `select graphile_worker.add_jobs(array(
         select row('bench/noop', '{}'::json,
                    case $2
                      when 'unnamed' then null
                      when 'one_queue_per_tenant' then 'bench-tenant:' || (n % $3)
                      else 'bench-tenant:' || (n % $3) || ':' || (array['sweeps', 'claims', 'feed:1'])[1 + (n / $3) % 3]
                    end,
                    null, 1, null, null, null)::graphile_worker.job_spec
         from generate_series(0, $1::int - 1) n))`,
      [JOBS, naming, TENANTS],
    );
    let done = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => { finish = resolve; });
    const started = process.hrtime.bigint();
    const runner = await run({
      pgPool: pool, concurrency: CONCURRENCY, noHandleSignals: true, pollInterval: 200, schema: 'graphile_worker',
      taskList: { 'bench/noop': async () => { if (++done === JOBS) finish(); } },
      parsedCronItems: [], logger: workerLogger('bench-worker'),
    });
    await finished;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await runner.stop();
    await pool.query("delete from graphile_worker._private_job_queues where queue_name like 'bench-tenant:%'");
    return JOBS / seconds;
  } finally {
    await pool.end();
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export default bench;
