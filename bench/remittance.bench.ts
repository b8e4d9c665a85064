// Remittances: posting 835s covering 100,000 submitted claims (3 services each, 4 CAS adjustments a
// claim, 100 transactions of 1,000 claims) through billing.fn_post_remittance as an API user would,
// against an INSERT ... SELECT of the same payment, service and adjustment rows in the same run.
import { median, type Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';

const CLAIMS = 100_000;
const PER_835 = 1_000;

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

function line(procedure: string, adjustments: Array<[string, string, number]>): Record<string, unknown> {
  const adjusted = adjustments.reduce((s, [, , a]) => s + a, 0);
  return { procedure: { qualifier: 'HC', code: procedure, modifiers: [] }, modifiers: [], chargeAmount: '100.00', paymentAmount: (100 - adjusted).toFixed(2), units: '1',
    remarks: [], adjustments: adjustments.map(([group, reason, amount]) => ({ group, reason, amount: amount.toFixed(2), quantity: null })) };
}

function transaction(trace: string, pcns: string[]): Record<string, unknown> {
  const claims = pcns.map((pcn) => {
    const services = [line('99213', [['CO', '45', 20], ['PR', '2', 16]]), line('80053', [['CO', '45', 30]]), line('36415', [['PR', '1', 10]])];
    return { patientControlNumber: pcn, status: '1', chargeAmount: '300.00', paymentAmount: '224.00', patientResponsibility: '26.00', filingIndicator: 'CI',
      payerClaimControlNumber: `ICN${pcn}`, crossover: null, remarks: [], adjustments: [], services };
  });
  return { type: '835', controlNumber: '0001', payment: { amount: (224 * pcns.length).toFixed(2), method: 'ACH', creditDebit: 'C', handlingCode: 'I', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1999999999' },
    payer: { name: 'BENCH PAYER', id: 'BENCH1', idQualifier: 'XV' }, payee: { name: 'BENCH CLINIC', npi: null }, claims, providerAdjustments: [] };
}

const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  try {
    const tenant = await seedBase(client, demoSeedOptions({ slug: 'remit-bench', name: 'Remittance bench', members: 20_000, events: 100, seed: 3 }));
    await client.query(INSERT_CLAIMS, [tenant, CLAIMS]);
    await client.query('vacuum analyze');
    const pcns = (await client.query<{ pcn: string }>('select patient_control_number as pcn from billing.claim where tenant_id = $1 order by patient_control_number', [tenant])).rows.map((r) => r.pcn);
    progress(`${pcns.length} submitted claims`);
    const bodies: string[] = [];
    for (let i = 0; i < pcns.length; i += PER_835) bodies.push(JSON.stringify(transaction(`BENCH-${i / PER_835}`, pcns.slice(i, i + PER_835))));

    await client.query("select set_config('role', 'rcm_visitor', false), set_config('jwt.claims.tenant_id', $1, false), set_config('jwt.claims.permissions', 'claims.write', false)", [tenant]);
    const perFile: number[] = [];
    const t0 = process.hrtime.bigint();
    for (const body of bodies) {
      const t = process.hrtime.bigint();
      const { rows } = await client.query('select status, claims_posted from billing.fn_post_remittance($1, $2)', [body, 'ISA~']);
      if (rows[0].status !== 'POSTED' || rows[0].claims_posted !== PER_835) throw new Error(`remittance not posted whole: ${JSON.stringify(rows[0])}`);
      perFile.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const postSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await client.query('reset role');
    const check = (await client.query("select count(*)::int as paid, sum(balance)::numeric as balance from billing.claim where tenant_id = $1 and status = 'PAID'", [tenant])).rows[0];
    const adjustments = (await client.query('select count(*)::int as n from billing.claim_adjustment where tenant_id = $1', [tenant])).rows[0].n;
    progress(`posted ${CLAIMS} claims in ${postSeconds.toFixed(2)} s (${check.paid} PAID, balance ${check.balance}, ${adjustments} adjustments)`);

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
      metrics: { claims_per_s: Math.round(CLAIMS / postSeconds), post_s: Number(postSeconds.toFixed(2)), median_835_ms: median(perFile), adjustments },
      floor: { insert_select_claims_per_s: Math.round(CLAIMS / floorSeconds), ratio_to_floor: Number((floorSeconds / postSeconds).toFixed(2)) },
      notes: `${bodies.length} 835 transactions of ${PER_835} claims, 3 services and 4 CAS each; floor = INSERT ... SELECT of the same rows plus the claim update`,
    };
  } finally {
    client.release();
  }
};
export default bench;
