// What one nightly slice of the claim build costs the Postgres backend that runs it: its time on a
// CPU (/proc/<pid>/schedstat, in nanoseconds), against the CPU time of the claims bench's floor
// statement (INSERT ... SELECT of the same charges into a copy of claim_line) on the same backend.
// On a machine shared with other work the wall clock stretches 3-5x while the CPU a slice costs
// hardly moves, so this ratio holds where the claims bench's wall-clock ratios do not. With both
// cores free, two lanes build at about 2 / ratio of the floor's rate (the claims bench's
// build_nightly_ratio_to_floor). One slice of 10,000 VALIDATED charges (3,334 claims), built and
// rolled back ROUNDS times. Its variant in session_replication_role = replica went once the build's
// own statement ran that way (billing_private.write_claims): both measured the same work. Until
// the late night of 2026-12-07 this read /proc/<pid>/stat, whose clock ticks every 10 ms: 5 % of a
// 200 ms slice was below its resolution.
// Needs the Postgres on this machine (the embedded one `npm run bench` starts).
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { median, type Benchmark } from './context.ts';
import { schedSeconds } from './process-cpu.ts';

const SLICE = 10_000;
const MEMBERS = 20_000;
const ROUNDS = Number(process.env.BENCH_BUILD_CPU_ROUNDS || 7);

const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  try {
    const tenantId = await seedBase(client, demoSeedOptions({ slug: 'build-cpu', name: 'Build CPU', members: MEMBERS, events: 1000, seed: 3 }));
    // 10,000 VALIDATED charges as the claims bench makes them: 3 a visit, visits over 3 facilities and a year.
    await client.query(`
      with m as (
        select array_agg(cp.member_id order by cp.member_id) as members, array_agg(cp.id order by cp.member_id) as coverages
        from member.coverage_policy cp
        where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
      ), f as (select array_agg(id order by code) as ids, array_agg(npi order by code) as npis from core.facility where tenant_id = $1)
      insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                                  diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status)
      select $1, 'CPU' || n, m.members[1 + (n / 3) % cardinality(m.members)], m.coverages[1 + (n / 3) % cardinality(m.members)],
             f.ids[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3],
             (array['99213', '99214', '36415', '80053', '93000'])[1 + n % 5], '{E11.9,I10}', '{1,2}', 1, 20 + n % 300,
             current_date - 1 - ((n / 3) % 365), '11', 'VALIDATED'
      from generate_series(1, $2::int) n, m, f`, [tenantId, SLICE]);
    await client.query('vacuum analyze');
    await client.query('create table public.bench_build_cpu_floor (like billing.claim_line including defaults including indexes)');
    const ids = (await client.query<{ ids: string[] }>("select array_agg(id) as ids from billing.charge where tenant_id = $1", [tenantId])).rows[0].ids;
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    if (!schedSeconds(pid)) throw new Error('claims-build-cpu reads the Postgres backend\'s CPU time from /proc: it needs the Postgres on this machine');
    const cpuMs = () => schedSeconds(pid)!.onCpu * 1000;
    const steps: Record<string, { sql: string }> = {
      build: { sql: "select billing_private.build_claims_slice($1, $2, 'bench') as r" },
      floor: {
        sql: `insert into public.bench_build_cpu_floor (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
                units, amount, service_date, place_of_service, rendering_npi)
              select tenant_id, gen_random_uuid(), 1, id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, rendering_npi
              from billing.charge where tenant_id = $1 and id = any($2)`,
      },
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, step] of Object.entries(steps)) {
        await client.query('begin');
        const before = cpuMs();
        await client.query(step.sql, [tenantId, ids]);
        samples[name].push(cpuMs() - before);
        await client.query('rollback');
      }
    }
    await client.query('drop table public.bench_build_cpu_floor');
    const ms = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Number(median(values).toFixed(1))]));
    progress(`CPU per slice of ${SLICE.toLocaleString()}: ${JSON.stringify(ms)}`);
    return {
      metrics: {
        build_slice_cpu_ms: ms.build,
        build_slice_cpu_ratio_to_floor: Number((ms.build / ms.floor).toFixed(2)),
      },
      floor: { insert_select_cpu_ms: ms.floor },
      notes: `Backend CPU (/proc/<pid>/schedstat) of one nightly slice (billing_private.build_claims_slice) of ${SLICE.toLocaleString()} VALIDATED charges, rolled back, median of ${ROUNDS}; floor: the claims bench's INSERT ... SELECT of the same charges into a copy of claim_line.`,
      details: { samples },
    };
  } finally {
    client.release();
  }
};

export default bench;
