// Claims: (1) validation and claim build of 100,000 charges, against a bare INSERT ... SELECT of
// the same rows in the same run; (2) refresh of all reconciliation and reporting views over
// 1,000,000 charges while a reader loop (rcm_visitor through the tenant views) measures that it
// is never blocked.
import pg from 'pg';
import { median, percentile, type Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { runClaimsBuildPass } from '../server/claims/build-pass.ts';
import { claimsConfig } from '../server/claims/config.ts';
import { clientsOfPool, type WithClient } from '../server/db/pooled-client.ts';
import { clusterCpuSeconds, parentPid, schedSeconds } from './process-cpu.ts';

const BUILD_CHARGES = 100_000;
const TOTAL_CHARGES = 1_000_000;
const CHUNK = 10_000;
const MEMBERS = 20_000;
/** BENCH_CLAIMS_SKIP_REFRESH=true: the build only (part 1), for iterating on it; the refresh part (2) takes most of the run. */
const SKIP_REFRESH = process.env.BENCH_CLAIMS_SKIP_REFRESH === 'true';
/** BENCH_CLAIMS_NIGHTLY_ROUNDS: rounds of the nightly pass and its floor (medians reported). */
const NIGHTLY_ROUNDS = Number(process.env.BENCH_CLAIMS_NIGHTLY_ROUNDS || 3);

// Charges for members with a primary coverage active all year, 3 charges a visit (same member,
// facility and day), visits spread over the 3 facilities and the past year. Members and facilities are picked by position in arrays (no join on n).
const INSERT_CHARGES = `
  with m as (
    select array_agg(cp.member_id order by cp.member_id) as members, array_agg(cp.id order by cp.member_id) as coverages
    from member.coverage_policy cp
    where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
  ), f as (select array_agg(id order by code) as ids, array_agg(npi order by code) as npis from core.facility where tenant_id = $1)
  insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                              diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status)
  select $1, $2 || n, m.members[1 + (n / 3) % cardinality(m.members)], case when $5 = 'NEW' then null else m.coverages[1 + (n / 3) % cardinality(m.members)] end,
         f.ids[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3],
         (array['99213', '99214', '36415', '80053', '93000'])[1 + n % 5], '{E11.9,I10}', '{1,2}', 1, 20 + n % 300,
         current_date - 1 - ((n / 3) % 365), '11', $5
  from generate_series($3::int, $4::int) n, m, f`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - t0) / 1e9];
}

const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  try {
    const tenants: string[] = [];
    for (let i = 1; i <= 2; i++) {
      tenants.push(await seedBase(client, demoSeedOptions({ slug: `claims-bench-${i}`, name: `Claims bench ${i}`, members: MEMBERS, events: 1000, seed: i })));
    }
    const [tenant, other] = tenants;
    // Statistics, as autovacuum would have them on a live system: without them the planner can
    // pick a payer index for the claim's coverage foreign-key check (300 us a claim instead of 10).
    await client.query('vacuum analyze');
    progress('base data seeded');

    // (1) 100,000 NEW charges: validate, then build, 10,000 per call as POST /claims/build would.
    await client.query(INSERT_CHARGES, [tenant, 'B', 1, BUILD_CHARGES, 'NEW']);
    await client.query('vacuum analyze billing.charge');
    const ids = (await client.query<{ id: string }>('select id from billing.charge where tenant_id = $1 order by charge_number', [tenant])).rows.map((r) => r.id);
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    await client.query("select set_config('jwt.claims.tenant_id', $1, false), set_config('jwt.claims.permissions', 'claims.write', false)", [tenant]);
    const [, validateSeconds] = await timed(async () => {
      for (const chunk of chunks) await client.query('select count(*) from billing.fn_validate_charges($1)', [chunk]);
    });
    const validated = Number((await client.query("select count(*) from billing.charge where tenant_id = $1 and status = 'VALIDATED'", [tenant])).rows[0].count);
    progress(`validated ${validated} charges in ${validateSeconds.toFixed(2)} s`);
    const chunkSeconds: number[] = [];
    const [, buildSeconds] = await timed(async () => {
      for (const chunk of chunks) {
        const [{ rows }, s] = await timed(() => client.query('select count(*) filter (where error_code is not null)::int as errors from billing.fn_build_claims($1)', [chunk]));
        if (rows[0].errors > 0) throw new Error(`build returned ${rows[0].errors} errors`);
        chunkSeconds.push(s);
      }
    });
    // The owner's one-shot calls that follow act for every tenant (explicit cross-tenant mode).
    await client.query('select core.act_for_every_tenant()');
    const built = (await client.query('select count(*)::int as claims, sum(line_count)::int as lines from billing.claim where tenant_id = $1', [tenant])).rows[0];
    progress(`built ${built.claims} claims (${built.lines} lines) in ${buildSeconds.toFixed(2)} s`);

    // (1b) 100,000 more VALIDATED charges through the nightly build (claims/build-claims): slices
    // that never split a visit, built on CLAIMS_BUILD_PARALLELISM connections at once; then the
    // floor. NIGHTLY_ROUNDS rounds, each its nightly pass and its floor back to back, and the
    // medians reported: one pass of 1.5 s and one floor of 0.7 s swung the ratio by a tenth between
    // runs on this shared machine. Between rounds the pass's claims are deleted and its charges put
    // back to VALIDATED, so that every round builds the same charges from the same tables.
    await client.query(INSERT_CHARGES, [tenant, 'N', 1, BUILD_CHARGES, 'VALIDATED']);
    const rounds: NightlyRound[] = [];
    for (let round = 1; round <= NIGHTLY_ROUNDS; round++) {
      if (round > 1) await undoNightly(client, tenant);
      await client.query('vacuum analyze billing.charge');
      rounds.push(await nightlyRound(client, owner, tenant, chunks));
      const r = rounds.at(-1)!;
      progress(`nightly round ${round}: ${r.claimsBuilt} claims from ${BUILD_CHARGES} charges in ${r.seconds.toFixed(2)} s (${claimsConfig.buildParallelism} lanes), floor ${r.floorSeconds.toFixed(2)} s, ratio ${(r.floorSeconds / r.seconds).toFixed(2)}; cluster CPU ${r.cpuSeconds?.toFixed(2)} s (floor ${r.floorCpuSeconds?.toFixed(2)} s); planning ${r.planningSeconds.toFixed(2)} s, fewer than ${claimsConfig.buildParallelism} lanes working ${r.underusedSeconds.toFixed(2)} s; slices' backends on a CPU ${r.slices.onCpu.toFixed(2)} s, waiting for one ${r.slices.waitingForCpu.toFixed(2)} s, blocked ${r.slices.blocked.toFixed(2)} s`);
    }
    const mid = (pick: (r: NightlyRound) => number) => median(rounds.map(pick));
    const nightlySeconds = mid((r) => r.seconds);
    const floorSeconds = mid((r) => r.floorSeconds);
    const nightlyCpuSeconds = rounds.every((r) => r.cpuSeconds !== undefined) ? mid((r) => r.cpuSeconds!) : undefined;
    const floorCpuSeconds = rounds.every((r) => r.floorCpuSeconds !== undefined) ? mid((r) => r.floorCpuSeconds!) : undefined;
    const planningSeconds = mid((r) => r.planningSeconds);
    const underusedSeconds = mid((r) => r.underusedSeconds);
    const slicesSched = { onCpu: mid((r) => r.slices.onCpu), waitingForCpu: mid((r) => r.slices.waitingForCpu), blocked: mid((r) => r.slices.blocked) };
    const buildRate = Math.round(BUILD_CHARGES / buildSeconds);
    const nightlyRate = Math.round(BUILD_CHARGES / nightlySeconds);
    const floorRate = Math.round(BUILD_CHARGES / floorSeconds);
    progress(`build: nightly ${nightlyRate} charges/s, 10k calls ${buildRate} charges/s; floor ${floorRate} rows/s`);
    progress(`nightly: cluster CPU ${nightlyCpuSeconds?.toFixed(2)} s (floor ${floorCpuSeconds?.toFixed(2)} s); planning ${planningSeconds.toFixed(2)} s, fewer than ${claimsConfig.buildParallelism} lanes working ${underusedSeconds.toFixed(2)} s of ${nightlySeconds.toFixed(2)} s; slices' backends on a CPU ${slicesSched.onCpu.toFixed(2)} s, waiting for one ${slicesSched.waitingForCpu.toFixed(2)} s, blocked ${slicesSched.blocked.toFixed(2)} s`);
    const buildMetrics = {
      validate_charges_per_s: Math.round(BUILD_CHARGES / validateSeconds),
      build_nightly_charges_per_s: nightlyRate,
      // The median of the rounds' own ratios (each pass against the floor right after it).
      build_nightly_ratio_to_floor: Number(median(rounds.map((r) => r.floorSeconds / r.seconds)).toFixed(2)),
      build_nightly_rounds: rounds.length,
      // The cluster's CPU for the 100,000 charges over the floor's for the same rows (left out when
      // the Postgres is not on this machine): with each lane on a core of its own, the wall-clock
      // ratio above is at most lanes / this. Then the pass's planning scans, and how long fewer
      // lanes than configured were working (planning, the last slice, gaps between slices).
      ...(nightlyCpuSeconds === undefined || floorCpuSeconds === undefined ? {} : {
        build_nightly_cluster_cpu_s: Number(nightlyCpuSeconds.toFixed(2)),
        build_nightly_cpu_to_floor_cpu: Number((nightlyCpuSeconds / floorCpuSeconds).toFixed(2)),
      }),
      build_nightly_planning_s: Number(planningSeconds.toFixed(2)),
      build_nightly_lanes_underused_s: Number(underusedSeconds.toFixed(2)),
      build_nightly_slices_on_cpu_s: Number(slicesSched.onCpu.toFixed(2)),
      build_nightly_slices_waiting_for_cpu_s: Number(slicesSched.waitingForCpu.toFixed(2)),
      build_nightly_slices_blocked_s: Number(slicesSched.blocked.toFixed(2)),
      build_10k_calls_charges_per_s: buildRate,
      build_10k_call_median_s: Number(median(chunkSeconds).toFixed(3)),
      build_10k_calls_ratio_to_floor: Number((buildRate / floorRate).toFixed(2)),
      claims_built: built.claims,
      lines_per_claim: Number((built.lines / built.claims).toFixed(2)),
    };
    if (SKIP_REFRESH) {
      return {
        metrics: buildMetrics,
        floor: { insert_select_rows_per_s: floorRate, ...(floorCpuSeconds === undefined ? {} : { insert_select_cluster_cpu_s: Number(floorCpuSeconds.toFixed(2)) }) },
        notes: `Build only (BENCH_CLAIMS_SKIP_REFRESH=true): ${BUILD_CHARGES.toLocaleString()} VALIDATED charges through the nightly build (slices of ${claimsConfig.buildSliceSize.toLocaleString()}, ${claimsConfig.buildParallelism} lanes; ${rounds.length} rounds, each followed by its floor, medians reported, the ratio the median of the rounds' own), and ${BUILD_CHARGES.toLocaleString()} more ${CHUNK.toLocaleString()} per fn_build_claims call; floor: bare INSERT ... SELECT of the same rows into a copy of claim_line (same indexes, no FKs).`,
        details: { buildChunkSeconds: chunkSeconds, nightlyRounds: rounds.map(roundDetails) },
      };
    }

    // (2) Up to 1,000,000 charges over two tenants; 100,000 more built into claims; statuses spread.
    const rest = TOTAL_CHARGES - 2 * BUILD_CHARGES;
    const [, fillSeconds] = await timed(async () => {
      await client.query(INSERT_CHARGES, [tenant, 'V', 1, rest / 2, 'VALIDATED']);
      await client.query(INSERT_CHARGES, [other, 'V', 1, rest / 2, 'VALIDATED']);
      await client.query("update billing.charge set status = 'INVALID', validation_errors = '[{\"code\":\"INVALID_MODIFIER\",\"field\":\"modifiers\",\"message\":\"bench\"}]' where status = 'VALIDATED' and charge_number like 'V%' and right(charge_number, 2) = '07'");
      await client.query("update billing.charge set status = 'NEW', coverage_policy_id = null where status = 'VALIDATED' and charge_number like 'V%' and right(charge_number, 2) = '13'");
      for (const t of tenants) {
        const more = (await client.query<{ id: string }>("select id from billing.charge where tenant_id = $1 and status = 'VALIDATED' order by charge_number limit 50000", [t])).rows.map((r) => r.id);
        for (let i = 0; i < more.length; i += CHUNK) await client.query('select count(*) from billing.fn_build_claims($1)', [more.slice(i, i + CHUNK)]);
      }
      // Lifecycle in bulk (bench data, not through fn_record_claim_status: 100,000s of claims).
      await client.query(`
        with c as (select tenant_id, id, total_amount, abs(hashtext(id::text)) % 100 as fate, earliest_service_date from billing.claim)
        update billing.claim k set
          status = case when c.fate < 30 then 'BUILT' when c.fate < 45 then 'SUBMITTED' when c.fate < 55 then 'ACCEPTED' when c.fate < 60 then 'REJECTED' when c.fate < 90 then 'PAID' else 'DENIED' end,
          submitted_at = case when c.fate >= 30 then c.earliest_service_date + 2 end,
          responded_at = case when c.fate >= 45 then c.earliest_service_date + 5 end,
          paid_amount = case when c.fate between 60 and 89 then round(c.total_amount * 0.8, 2) end,
          denial_category = case when c.fate >= 90 then (array['CODING', 'ELIGIBILITY', 'AUTHORIZATION'])[1 + c.fate % 3] end
        from c where k.tenant_id = c.tenant_id and k.id = c.id`);
      await client.query(`
        insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, occurred_at)
        select tenant_id, id, 'BUILT', 'SUBMITTED', submitted_at from billing.claim where submitted_at is not null
        union all
        select tenant_id, id, 'SUBMITTED', status, responded_at from billing.claim where status in ('ACCEPTED', 'REJECTED')
        union all
        select tenant_id, id, 'SUBMITTED', 'ACCEPTED', responded_at from billing.claim where status in ('PAID', 'DENIED')
        union all
        select tenant_id, id, 'ACCEPTED', status, responded_at + interval '10 days' from billing.claim where status in ('PAID', 'DENIED')`);
      await client.query('select billing_private.check_timely_filing(array(select id from core.tenant))');
      await client.query('vacuum analyze');
    });
    const counts = (await client.query('select (select count(*) from billing.charge)::int as charges, (select count(*) from billing.claim)::int as claims, (select count(*) from billing.claim_line)::int as lines')).rows[0];
    progress(`filled ${counts.charges} charges, ${counts.claims} claims in ${fillSeconds.toFixed(0)} s`);

    // Readers: rcm_visitor with reports.read through the tenant views, as a dashboard polls.
    const readerClient = new pg.Client({ connectionString: (owner as unknown as { options: { connectionString: string } }).options.connectionString });
    await readerClient.connect();
    await readerClient.query("select set_config('role', 'rcm_visitor', false), set_config('jwt.claims.tenant_id', $1, false), set_config('jwt.claims.permissions', 'reports.read', false)", [tenant]);
    const readerSql = `select (select count(*) from reporting.claim_status_summary) + (select count(*) from billing.charge_reconciliation where service_date > current_date - 7)
                            + (select count(*) from reporting.ar_aging_by_payer) + (select count(*) from reporting.timely_filing_risk) as n`;
    const refreshRuns: { total: number; recon: number; reporting: number; readerMaxMs: number; readerP95Ms: number; readerQueries: number }[] = [];
    for (let run = 1; run <= 3; run++) {
      if (run === 3) {
        // steady state: a day's changes between refreshes
        await client.query(INSERT_CHARGES, [tenant, `D${run}-`, 1, 5000, 'VALIDATED']);
      }
      let reading = true;
      const latencies: number[] = [];
      const loop = (async () => {
        while (reading) {
          const t0 = process.hrtime.bigint();
          await readerClient.query(readerSql);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [recon, reconSeconds] = await timed(async () => (await client.query('select billing.fn_refresh_recon_views() as r')).rows[0].r);
      const [reporting, reportingSeconds] = await timed(async () => (await client.query('select reporting.fn_refresh_reporting_views() as r')).rows[0].r);
      reading = false;
      await loop;
      if (recon.status !== 'REFRESHED' || reporting.status !== 'REFRESHED') throw new Error('refresh did not run');
      refreshRuns.push({
        total: Number((reconSeconds + reportingSeconds).toFixed(2)),
        recon: Number(reconSeconds.toFixed(2)),
        reporting: Number(reportingSeconds.toFixed(2)),
        readerMaxMs: Number(Math.max(...latencies).toFixed(1)),
        readerP95Ms: percentile(latencies, 95),
        readerQueries: latencies.length,
      });
      progress(`refresh run ${run}: ${JSON.stringify(refreshRuns.at(-1))}`);
    }
    await readerClient.end();

    return {
      metrics: {
        ...buildMetrics,
        refresh_all_views_1m_s: Math.max(...refreshRuns.map((r) => r.total)),
        refresh_all_views_steady_s: refreshRuns[2].total,
        reader_max_ms_during_refresh: Math.max(...refreshRuns.map((r) => r.readerMaxMs)),
        reader_p95_ms_during_refresh: Math.max(...refreshRuns.map((r) => r.readerP95Ms)),
        reader_queries_during_refresh: refreshRuns.reduce((sum, r) => sum + r.readerQueries, 0),
      },
      floor: { insert_select_rows_per_s: floorRate, ...(floorCpuSeconds === undefined ? {} : { insert_select_cluster_cpu_s: Number(floorCpuSeconds.toFixed(2)) }) },
      notes: `Build: ${BUILD_CHARGES.toLocaleString()} VALIDATED charges through the nightly build (slices of ${claimsConfig.buildSliceSize.toLocaleString()}, ${claimsConfig.buildParallelism} lanes; ${rounds.length} rounds, each followed by its floor, medians reported, the ratio the median of the rounds' own), and ${BUILD_CHARGES.toLocaleString()} more ${CHUNK.toLocaleString()} per fn_build_claims call, one after another (as POST /claims/build); floor: bare INSERT ... SELECT of the same rows into a copy of claim_line (same indexes, no FKs). Refresh: ${counts.charges.toLocaleString()} charges, ${counts.claims.toLocaleString()} claims over 2 tenants; all 7 materialized views CONCURRENTLY, 3 runs (first, repeat, after 5,000 new charges); reader loop as rcm_visitor through the tenant views. Targets: the nightly build >= 0.5 of its floor; refresh < 10 s; readers never blocked.`,
      details: { refreshRuns, buildChunkSeconds: chunkSeconds, nightlyRounds: rounds.map(roundDetails), counts },
    };
  } finally {
    client.release();
  }
};

export default bench;

interface NightlyRound {
  seconds: number;
  claimsBuilt: number;
  /** The Postgres cluster's CPU (undefined when the Postgres is not on this machine). */
  cpuSeconds: number | undefined;
  /** Until the first slice began: the pass's planning scan. */
  planningSeconds: number;
  underusedSeconds: number;
  slices: { onCpu: number; waitingForCpu: number; blocked: number };
  floorSeconds: number;
  floorCpuSeconds: number | undefined;
}

/**
 * One nightly pass over the tenant's 100,000 VALIDATED charges, then the floor: a bare INSERT ...
 * SELECT of 100,000 charges' rows (`floorIds`) into a table shaped like claim_line. Where the pass's
 * wall clock goes: each statement of the pass (the planning scan, then the slices) as it runs on its
 * connection, and the CPU of the whole Postgres cluster (backends, WAL writer, autovacuum) against
 * the floor's: a CPU ratio holds on a busy machine where the wall-clock ratio swings.
 */
async function nightlyRound(client: pg.PoolClient, owner: pg.Pool, tenant: string, floorIds: string[][]): Promise<NightlyRound> {
  const clusterCpu = await clusterCpuReader(client);
  // Each statement of the pass: when it ran, and whether it worked a slice (validated or built
  // charges) or planned them (the scans of the tenant's charges before any slice).
  const statements: { start: number; end: number; slice: boolean }[] = [];
  // The slices' backends (Linux schedstat): seconds on a CPU, waiting for one (the machine busy),
  // and the rest of their statements' time, blocked (WAL writes and syncs, locks, reads).
  const slices = { onCpu: 0, waitingForCpu: 0, blocked: 0 };
  const pooled = clientsOfPool(owner);
  const recorded: WithClient = (work) => pooled(async (c) => {
    const pid = (c as unknown as { processID: number }).processID;
    let slice = false;
    const watched = new Proxy(c, {
      get(target, property) {
        if (property === 'query') {
          return (sql: string, params?: unknown[]) => {
            slice = /build_claims_slice|validate_charges/.test(sql);
            return target.query(sql, params);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const start = performance.now();
    const sched0 = schedSeconds(pid);
    try {
      return await work(watched);
    } finally {
      const end = performance.now();
      const sched1 = schedSeconds(pid);
      statements.push({ start, end, slice });
      if (slice && sched0 && sched1) {
        slices.onCpu += sched1.onCpu - sched0.onCpu;
        slices.waitingForCpu += sched1.waitingForCpu - sched0.waitingForCpu;
        slices.blocked += (end - start) / 1000 - (sched1.onCpu - sched0.onCpu) - (sched1.waitingForCpu - sched0.waitingForCpu);
      }
    }
  });
  const cpu0 = clusterCpu?.();
  const passStart = performance.now();
  const [pass, seconds] = await timed(() =>
    runClaimsBuildPass(recorded, tenant, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism }));
  const cpuSeconds = cpuSince(clusterCpu, cpu0);
  if (pass.chargesBilled !== BUILD_CHARGES || pass.buildErrors !== 0) throw new Error(`nightly build: ${JSON.stringify(pass)}`);
  const firstSlice = Math.min(...statements.filter((st) => st.slice).map((st) => st.start));

  await client.query('create table public.bench_claim_line_floor (like billing.claim_line including defaults including indexes)');
  const floorCpu0 = clusterCpu?.();
  const [, floorSeconds] = await timed(async () => {
    for (const chunk of floorIds) {
      await client.query(
        `insert into public.bench_claim_line_floor (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
           units, amount, service_date, place_of_service, rendering_npi)
         select tenant_id, gen_random_uuid(), 1, id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, rendering_npi
         from billing.charge where tenant_id = $1 and id = any($2)`,
        [tenant, chunk],
      );
    }
  });
  const floorCpuSeconds = cpuSince(clusterCpu, floorCpu0);
  await client.query('drop table public.bench_claim_line_floor');
  return {
    seconds, claimsBuilt: pass.claimsBuilt, cpuSeconds, planningSeconds: (firstSlice - passStart) / 1000,
    underusedSeconds: lanesUnderused(statements, passStart, claimsConfig.buildParallelism), slices, floorSeconds, floorCpuSeconds,
  };
}

/** Puts the tenant back as before its nightly pass: the pass's claims deleted (their lines, history and lookups with them), its charges VALIDATED again. */
async function undoNightly(client: pg.PoolClient, tenant: string): Promise<void> {
  await client.query(
    `delete from billing.claim k using billing.claim_line l, billing.charge c
     where k.tenant_id = $1 and l.tenant_id = k.tenant_id and l.claim_id = k.id and l.line_number = 1
       and c.tenant_id = l.tenant_id and c.id = l.charge_id and c.charge_number like 'N%'`, [tenant]);
  await client.query("update billing.charge set status = 'VALIDATED', updated_at = now() where tenant_id = $1 and charge_number like 'N%'", [tenant]);
  await client.query('vacuum billing.claim, billing.claim_line, billing.claim_status_history, billing_private.claim_lookup');
}

const roundDetails = (r: NightlyRound) => ({
  seconds: Number(r.seconds.toFixed(3)), floorSeconds: Number(r.floorSeconds.toFixed(3)), ratio: Number((r.floorSeconds / r.seconds).toFixed(3)),
  cpuSeconds: r.cpuSeconds, floorCpuSeconds: r.floorCpuSeconds, planningSeconds: Number(r.planningSeconds.toFixed(3)),
});

/** The CPU seconds so far of the Postgres cluster `client` is connected to; undefined when it is not on this machine. */
async function clusterCpuReader(client: pg.PoolClient): Promise<(() => number) | undefined> {
  const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  try {
    const postmaster = parentPid(backend);
    return () => clusterCpuSeconds(postmaster);
  } catch {
    return undefined;
  }
}

function cpuSince(read: (() => number) | undefined, since: number | undefined): number | undefined {
  return read && since !== undefined ? read() - since : undefined;
}

/** How long (s) fewer than `lanes` of the pass's statements (start, end: ms) were running at once. */
function lanesUnderused(statements: { start: number; end: number }[], passStart: number, lanes: number): number {
  const events = statements.flatMap((s) => [{ at: s.start, step: 1 }, { at: s.end, step: -1 }]).sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let last = passStart;
  let underused = 0;
  for (const event of events) {
    if (running < lanes) underused += event.at - last;
    running += event.step;
    last = event.at;
  }
  return underused / 1000;
}
