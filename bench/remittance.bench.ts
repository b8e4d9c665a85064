// Remittances: posting 835s covering 100,000 submitted claims (3 services each, 4 CAS adjustments a
// claim; 100 transactions of 1,000 claims, in 10 files of 10) end to end as the service does it:
// each file POSTed to /remittances (application/edi-x12) of the service running as a child
// process (npm start's entry point, jobs off so that the views' refresh the postings request does
// not run inside the measure), which reads the X12 and posts the file's transactions
// (REMITTANCE_POST_CONCURRENCY at once, server/remittances/post-in-file-order.ts); against an
// INSERT ... SELECT of the same payment, service and adjustment rows in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, type Benchmark } from './context.ts';
import { startServiceProcess, type ServiceProcess } from './service-process.ts';
import { mintToken } from '../server/auth/jwt.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { build835, type Claim835Input, type Remittance835Input, type Service835Input } from '../x12/build-835.ts';

const CLAIMS = 100_000;
const PER_835 = 1_000;
const PER_FILE = 10;

const INSERT_CLAIMS = `
  with m as (
    select array_agg(cp.member_id order by cp.member_id) as members, array_agg(cp.id order by cp.member_id) as coverages,
           array_agg(cp.payer_id order by cp.member_id) as payers
    from member.coverage_policy cp where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE'
  ), f as (select array_agg(id order by code) as ids, array_agg(npi order by code) as npis from core.facility where tenant_id = $1)
  insert into billing.claim (tenant_id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, status, line_count, total_amount,
                             earliest_service_date, latest_service_date, submitted_at)
  select $1, m.members[1 + n % cardinality(m.members)], m.coverages[1 + n % cardinality(m.members)], m.payers[1 + n % cardinality(m.members)],
         f.npis[1 + n % 3], f.ids[1 + n % 3], 'SUBMITTED', 3, 300, current_date - 30, current_date - 30, now() - interval '20 days'
  from generate_series(1, $2::int) n, m, f`;

/** User+system CPU (ms) of a process, all its threads; with `reaped`, also that of the children it has waited for. */
function processCpuMs(pid: number, reaped = false): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return 0; // a backend that exited meanwhile: its time is in the postmaster's reaped children
  }
}

/** CPU (ms) of a whole Postgres cluster: the postmaster, the children it reaped, and its live children (backends, WAL writer, ...). */
function clusterCpuMs(postmaster: number): number {
  let total = processCpuMs(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(postmaster)) total += processCpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

function line(procedure: string, adjustments: Array<[string, string, number]>): Service835Input {
  const adjusted = adjustments.reduce((sum, [, , a]) => sum + a, 0);
  return { procedure: { qualifier: 'HC', code: procedure, modifiers: [], description: null }, chargeAmount: '100.00', paymentAmount: (100 - adjusted).toFixed(2), units: '1',
    serviceDate: '2026-11-01', remarks: [], adjustments: adjustments.map(([group, reason, amount]) => ({ group, reason, amount: amount.toFixed(2), quantity: null })) };
}

function transaction(trace: string, pcns: string[], controlNumber: number): Remittance835Input {
  const claims: Claim835Input[] = pcns.map((pcn) => ({
    patientControlNumber: pcn, status: '1', chargeAmount: '300.00', paymentAmount: '224.00', patientResponsibility: '26.00', filingIndicator: 'CI',
    payerClaimControlNumber: `ICN${pcn}`, patient: { entityId: 'QC', lastName: 'BENCH', firstName: 'PAT', middleName: null, idQualifier: 'MI', id: `M${pcn}` },
    services: [line('99213', [['CO', '45', 20], ['PR', '2', 16]]), line('80053', [['CO', '45', 30]]), line('36415', [['PR', '1', 10]])],
  }));
  return { controlNumber, payment: { method: 'ACH', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1999999999' },
    payer: { name: 'BENCH PAYER', id: 'BENCH1', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    payee: { name: 'BENCH CLINIC', npi: '1234567893' }, claims };
}

const bench: Benchmark = async ({ location, owner, progress }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-remit-bench-'));
  const client = await owner.connect();
  let server: ServiceProcess | undefined;
  try {
    const tenant = await seedBase(client, demoSeedOptions({ slug: 'remit-bench', name: 'Remittance bench', members: 20_000, events: 100, seed: 3 }));
    await client.query(INSERT_CLAIMS, [tenant, CLAIMS]);
    await client.query('vacuum analyze');
    const pcns = (await client.query<{ pcn: string }>('select patient_control_number as pcn from billing.claim where tenant_id = $1 order by patient_control_number', [tenant])).rows.map((r) => r.pcn);
    progress(`${pcns.length} submitted claims`);
    const files: string[] = [];
    for (let f = 0; f * PER_FILE * PER_835 < pcns.length; f++) {
      const remittances = Array.from({ length: PER_FILE }, (_, t) => {
        const first = (f * PER_FILE + t) * PER_835;
        return transaction(`BENCH-${f * PER_FILE + t}`, pcns.slice(first, first + PER_835), t + 1);
      });
      files.push(build835({ sender: { qualifier: 'ZZ', id: 'BENCHPAYER' }, receiver: { qualifier: 'ZZ', id: 'BENCHCLINIC' }, interchangeControlNumber: f + 1,
        groupControlNumber: f + 1, usage: 'P', remittances }));
    }
    progress(`${files.length} 835 files of ${PER_FILE} transactions, ${(files.reduce((n, x) => n + x.length, 0) / 1e6).toFixed(1)} MB`);

    const concurrency = process.env.REMITTANCE_POST_CONCURRENCY ?? '2';
    server = await startServiceProcess(location, tmp, { JOBS_DISABLED: 'true', REMITTANCE_POST_CONCURRENCY: concurrency });
    const { base } = server;
    const token = await mintToken(location.jwtSecret, { sub: 'bench', tenantId: tenant, permissions: ['claims.write', 'claims.read'] });
    const perFile: number[] = [];
    // CPU, which neighbours on a shared machine disturb much less than the wall clock: the service
    // process (event loop and X12 reader threads) and the Postgres cluster (postings, WAL, checkpoints).
    // The cluster's figure is meaningful on the bench's own embedded Postgres (not BENCH_DATABASE_URL).
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const postmaster = Number(/PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${backend}/status`, 'utf8'))?.[1]);
    const cpu0 = { service: processCpuMs(server.pid, true), postgres: clusterCpuMs(postmaster) };
    const t0 = performance.now();
    for (const x12 of files) {
      const t = performance.now();
      const response = await fetch(`${base}/remittances`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' }, body: x12 });
      const answer = await response.json() as { remittances?: Array<{ status: string; claimsPosted: number }> };
      if (response.status !== 200 || answer.remittances?.length !== PER_FILE || answer.remittances.some((r) => r.status !== 'POSTED' || r.claimsPosted !== PER_835)) {
        throw new Error(`835 file not posted whole: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
      }
      perFile.push(performance.now() - t);
    }
    const postSeconds = (performance.now() - t0) / 1000;
    const cpu = { service: processCpuMs(server.pid, true) - cpu0.service, postgres: clusterCpuMs(postmaster) - cpu0.postgres };
    const check = (await client.query("select count(*)::int as paid, sum(balance)::numeric as balance from billing.claim where tenant_id = $1 and status = 'PAID'", [tenant])).rows[0];
    const adjustments = (await client.query('select count(*)::int as n from billing.claim_adjustment where tenant_id = $1', [tenant])).rows[0].n;
    if (check.paid !== CLAIMS || adjustments !== CLAIMS * 4) throw new Error(`posted ${check.paid} claims and ${adjustments} adjustments, expected ${CLAIMS} and ${CLAIMS * 4}`);
    progress(`posted ${CLAIMS} claims in ${postSeconds.toFixed(2)} s (Postgres CPU ${(cpu.postgres / 1000).toFixed(2)} s, service CPU ${(cpu.service / 1000).toFixed(2)} s; ${check.paid} PAID, balance ${check.balance}, ${adjustments} adjustments)`);

    // Floor: the same payment, service and adjustment rows by INSERT ... SELECT into copies of the tables (indexes, no triggers/RLS/FKs).
    await client.query(`create temp table floor_payment (like billing.claim_payment including defaults including indexes);
      create temp table floor_service (like billing.claim_service_payment including defaults including indexes);
      create temp table floor_adjustment (like billing.claim_adjustment including defaults including indexes)`);
    const f0 = process.hrtime.bigint();
    await client.query(`insert into floor_payment (tenant_id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount, patient_responsibility, adjustment_amount)
      select tenant_id, gen_random_uuid(), id, row_number() over (), '1', 300, 224, 26, 50 from billing.claim where tenant_id = $1`, [tenant]);
    await client.query(`insert into floor_service (tenant_id, claim_payment_id, line_number, procedure_code, charge_amount, paid_amount, units)
      select p.tenant_id, p.id, l, '99213', 100, 64, 1 from floor_payment p, generate_series(1, 3) l`);
    await client.query(`insert into floor_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, line_number, group_code, reason_code, amount)
      select p.tenant_id, p.id, a, p.claim_id, 'LINE', 1, 'CO', '45', 20 from floor_payment p, generate_series(1, 4) a`);
    await client.query('update billing.claim set paid_amount = paid_amount where tenant_id = $1', [tenant]);
    const floorSeconds = Number(process.hrtime.bigint() - f0) / 1e9;
    return {
      metrics: { claims_per_s: Math.round(CLAIMS / postSeconds), post_s: Number(postSeconds.toFixed(2)), median_file_ms: median(perFile), post_concurrency: Number(concurrency), adjustments,
        service_cpu_ms_per_1000_claims: Math.round(cpu.service / (CLAIMS / 1000)), postgres_cpu_ms_per_1000_claims: Math.round(cpu.postgres / (CLAIMS / 1000)) },
      floor: { insert_select_claims_per_s: Math.round(CLAIMS / floorSeconds), ratio_to_floor: Number((floorSeconds / postSeconds).toFixed(2)) },
      notes: `${files.length} files POSTed one after another to /remittances, each ${PER_FILE} 835 transactions of ${PER_835} claims, 3 services and 4 CAS each, `
        + `posted ${concurrency} at once by the service; floor = INSERT ... SELECT of the same rows plus the claim update`,
    };
  } finally {
    await server?.stop();
    client.release();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};
export default bench;
