// Claims leaving: (1) 837P generation of 100,000 BUILT claims of 3 lines in one submission,
// streamed from the database cursor (server/claims/submission-837-claims.ts) through the x12
// writer into a file, against the floor COPY (select the same rows) TO a file on the server in the same run; RSS growth of this
// process while writing. (2) Applying a 277CA of 10,000 claims (A2 accepted). (3) The whole send
// (claims/send-submission: write, store, CORE upload to the sandbox partner, which parses and
// acknowledges it, record) of 3,000 claims of a second tenant built after the first was analyzed,
// as in a database in use: their statistics not yet gathered (a quadratic read hid there).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from './context.ts';
import { demoSeedOptions } from '../server/seed/seed-tenant.ts';
import { seedBase } from '../server/seed/base.ts';
import { runClaimsBuildPass } from '../server/claims/build-pass.ts';
import { claimsConfig } from '../server/claims/config.ts';
import { clientsOfPool } from '../server/db/pooled-client.ts';
import { fillClaimSubmissionData } from '../server/seed/claims-submission-data.ts';
import { write837P } from '../x12/build-837p.ts';
import type { Interchange837Header } from '../x12/claim-837.ts';
import { submission837Claims } from '../server/claims/submission-837-claims.ts';
import { sendSubmission } from '../server/claims/send-submission.ts';
import { logger } from '../server/log.ts';
import { startSandboxPartner } from '../sandbox-partner/server.ts';
import { seedClaimsTenant } from './faults/claims.ts';

const CLAIMS = 100_000;
const ACK_CLAIMS = 10_000;
const SEND_CLAIMS = 3_000;
/** BENCH_CLAIMS_OUT_ONLY=277ca: only the 277CA apply (the 837P generation and send are skipped),
 *  for iterating on it; the claims are still built and submitted, as the 277CA answers them. */
const only277ca = process.env.BENCH_CLAIMS_OUT_ONLY === '277ca';

// One service event per claim (3 charges each): the claim build groups charges by member,
// coverage, billing NPI, facility and service event, so without their own event the charges of
// one member at one facility would merge into fewer, longer claims.
const INSERT_EVENTS = `
  with m as (
    select array_agg(cp.member_id order by cp.member_id) as members
    from member.coverage_policy cp
    where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
  ), f as (select array_agg(id order by code) as ids from core.facility where tenant_id = $1)
  insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
  select $1, 'OB' || k, m.members[1 + k % cardinality(m.members)], f.ids[1 + k % 3], current_date - 1 - (k % 365), 'COMPLETED'
  from generate_series(0, $2::int - 1) k, m, f`;

const INSERT_CHARGES = `
  with m as (
    select array_agg(cp.member_id order by cp.member_id) as members, array_agg(cp.id order by cp.member_id) as coverages
    from member.coverage_policy cp
    where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
  ), f as (select array_agg(id order by code) as ids, array_agg(npi order by code) as npis from core.facility where tenant_id = $1)
  insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                              diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status, service_event_id)
  select $1, 'O' || n, m.members[1 + (n / 3) % cardinality(m.members)], m.coverages[1 + (n / 3) % cardinality(m.members)],
         f.ids[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3], f.npis[1 + (n / 3) % 3],
         (array['99213', '99214', '36415', '80053', '93000'])[1 + n % 5], '{E11.9,I10}', '{1,2}', 1, 20 + n % 300,
         current_date - 1 - ((n / 3) % 365), '11', 'VALIDATED', e.id
  from generate_series(0, $2::int - 1) n
  cross join m cross join f
  join service.service_event e on e.tenant_id = $1 and e.event_number = 'OB' || (n / 3)`;

// The floor: what the 837P is made of (each claim with its billing provider, payer, coverage and
// member; each line), as plain rows by the same keyed lookups as
// billing_private.submission_837_claim_records, with no packing and no JSON.
const floorRows = (select: string, lateral: string, order: string) => (tenant: string, submission: string) => `
  select ${select}
  from billing.claim_submission_claim sc
  ${lateral}
  where sc.tenant_id = '${tenant}' and sc.submission_id = '${submission}'
  order by ${order}`;
const floorClaimRows = floorRows(`c.id, c.patient_control_number, c.frequency_code, c.total_amount::text, c.billing_npi,
         f.name, f.tax_id, f.address_line, f.city, f.state, f.postal_code,
         p.name, p.payer_identifier, p.claim_filing_indicator, p.kind, cp.priority, cp.relationship_code,
         cp.subscriber_id, cp.group_number, cp.subscriber_last_name, cp.subscriber_first_name, cp.subscriber_date_of_birth::text,
         cp.subscriber_gender, cp.subscriber_address_line, cp.subscriber_city, cp.subscriber_state, cp.subscriber_postal_code,
         m.last_name, m.first_name, m.middle_name, m.date_of_birth::text, m.gender, m.address_line, m.city, m.state, m.postal_code,
         c.payer_claim_control_number`, `
  cross join lateral (select * from billing.claim c where c.tenant_id = sc.tenant_id and c.id = sc.claim_id offset 0) c
  cross join lateral (select * from core.facility f where f.tenant_id = c.tenant_id and f.id = c.facility_id offset 0) f
  cross join lateral (select * from core.payer p where p.tenant_id = c.tenant_id and p.id = c.payer_id offset 0) p
  cross join lateral (select * from member.coverage_policy cp where cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id offset 0) cp
  cross join lateral (select * from member.member m where m.tenant_id = c.tenant_id and m.id = c.member_id offset 0) m`, 'sc.claim_id');
const floorLineRows = floorRows(`l.claim_id, l.procedure_code, l.modifiers, l.amount::text, trim_scale(l.units)::text, l.service_date::text, l.place_of_service,
         l.diagnosis_codes, l.diagnosis_pointers`, `
  cross join lateral (select * from billing.claim_line l where l.tenant_id = sc.tenant_id and l.claim_id = sc.claim_id order by l.line_number offset 0) l`, 'sc.claim_id, l.line_number');

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  const file = path.join(os.tmpdir(), `rcm-bench-837p-${process.pid}.x12`);
  try {
    const tenant = await seedBase(client, demoSeedOptions({ slug: 'claims-out-bench', name: 'Claims out bench', members: 20_000, events: 100, seed: 3 }));
    await fillClaimSubmissionData(client, tenant);
    await client.query(INSERT_EVENTS, [tenant, CLAIMS]);
    await client.query(INSERT_CHARGES, [tenant, CLAIMS * 3]);
    await client.query('vacuum analyze');
    await runClaimsBuildPass(clientsOfPool(owner), tenant, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
    const built = (await client.query("select count(*)::int as n from billing.claim where tenant_id = $1 and status = 'BUILT'", [tenant])).rows[0].n;
    progress(`${built} BUILT claims`);
    let t0 = process.hrtime.bigint();
    const sub = (await client.query("select * from billing_private.submit_claims(array[$1::uuid], null, 'bench') where submission_id is not null", [tenant])).rows[0];
    const submitSeconds = seconds(t0);
    await client.query('vacuum analyze billing.claim_submission_claim');
    progress(`submitted ${sub.claim_count} claims in ${submitSeconds.toFixed(2)} s`);

    let floorSeconds = Number.NaN;
    let genSeconds = Number.NaN;
    let rssGrowthMb = Number.NaN;
    let summary = { claimCount: 0, bytes: 0, transactionSets: [] as unknown[] };
    if (!only277ca) {
      // (1) Floor: the same data as plain rows (claims, then their lines), written by the server itself.
      t0 = process.hrtime.bigint();
      await client.query(`copy (${floorClaimRows(tenant, sub.submission_id)}) to '/dev/null'`);
      await client.query(`copy (${floorLineRows(tenant, sub.submission_id)}) to '/dev/null'`);
      floorSeconds = seconds(t0);
      progress(`floor COPY of the same rows: ${floorSeconds.toFixed(2)} s`);

      // Ours: cursor -> writer -> file, RSS sampled.
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 50);
      t0 = process.hrtime.bigint();
      const header = (await client.query<{ e: Interchange837Header }>('select billing_private.submission_837_envelope($1, $2) as e', [tenant, sub.submission_id])).rows[0].e;
      await client.query('begin read only');
      const out = fs.createWriteStream(file);
      summary = await write837P(header, submission837Claims(client, tenant, sub.submission_id), out);
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await client.query('commit');
      genSeconds = seconds(t0);
      clearInterval(sampler);
      rssGrowthMb = (rssPeak - rssBefore) / 1024 / 1024;
      progress(`837P: ${summary.claimCount} claims, ${summary.transactionSets.length} sets, ${(summary.bytes / 1e6).toFixed(1)} MB in ${genSeconds.toFixed(2)} s; RSS +${rssGrowthMb.toFixed(0)} MB`);
    }

    // (2) A 277CA of 10,000 of the submitted claims, accepted (A2), as the acknowledgment path applies it.
    const pcns = (await client.query<{ p: string }>(
      'select c.patient_control_number as p from billing.claim_submission_claim sc join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id where sc.tenant_id = $1 and sc.submission_id = $2 limit $3',
      [tenant, sub.submission_id, ACK_CLAIMS])).rows.map((r) => r.p);
    const parsed = { interchangeSender: 'SANDBOXCH', claims: pcns.map((p, i) => ({ patientControlNumber: p, payerClaimControlNumber: `PCCN${i}`, statuses: [{ category: 'A2', code: '20', entity: 'PR' }] })) };
    // The backend's CPU time for the apply as well (/proc, when Postgres runs on this machine): on
    // two cores shared by several engineers, wall time follows the load, CPU time much less.
    const backendPid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const backendCpuSeconds = () => {
      try {
        const fields = fs.readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 10 ms
      } catch {
        return Number.NaN;
      }
    };
    const cpu0 = backendCpuSeconds();
    t0 = process.hrtime.bigint();
    const applied = (await client.query("select billing_private.fn_receive_acknowledgment($1, '277CA', 'POLL', 'x', 1, $2, 'bench') as r", [tenant, JSON.stringify(parsed)])).rows[0].r;
    const ackSeconds = seconds(t0);
    const ackCpuSeconds = backendCpuSeconds() - cpu0;
    if (applied.accepted !== ACK_CLAIMS) throw new Error(`277CA applied ${JSON.stringify(applied).slice(0, 200)}`);
    progress(`277CA of ${ACK_CLAIMS} claims applied in ${ackSeconds.toFixed(2)} s (backend CPU ${ackCpuSeconds.toFixed(2)} s)`);

    let sendSeconds = Number.NaN;
    if (!only277ca) {
      // (3) The end-to-end send of a fresh submission of another tenant.
      const partner = await startSandboxPartner({ port: 0 });
      try {
        const sendTenant = await seedClaimsTenant(owner, 'claims-out-send', SEND_CLAIMS * 3, partner.url);
        await runClaimsBuildPass(clientsOfPool(owner), sendTenant, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
        const sendSub = (await client.query("select * from billing_private.submit_claims(array[$1::uuid], null, 'bench') where submission_id is not null", [sendTenant])).rows[0];
        t0 = process.hrtime.bigint();
        const sent = await sendSubmission(clientsOfPool(owner), sendTenant, sendSub.submission_id, logger('claims'));
        sendSeconds = seconds(t0);
        const received = Object.values(partner.stats().byClaimScenario).reduce((a, b) => a + b, 0);
        if (sent?.status !== 'SENT' || received !== SEND_CLAIMS) throw new Error(`send: ${JSON.stringify(sent)}, partner received ${received} claims`);
        progress(`837P send of ${SEND_CLAIMS} fresh claims (write, store, upload, partner's parse and acknowledgments, record): ${sendSeconds.toFixed(2)} s`);
      } finally {
        await partner.close();
      }
    }

    // Skipped parts (BENCH_CLAIMS_OUT_ONLY) are left out, not reported as NaN.
    const measured = (figures: Record<string, number>) => Object.fromEntries(Object.entries(figures).filter(([, value]) => Number.isFinite(value)));
    return {
      metrics: measured({
        send_837p_seconds: Number(sendSeconds.toFixed(3)),
        send_837p_claims_per_s: Math.round(SEND_CLAIMS / sendSeconds),
        generate_837p_claims_per_s: Math.round(CLAIMS / genSeconds),
        generate_837p_seconds: Number(genSeconds.toFixed(3)),
        generate_837p_rss_growth_mb: Math.round(rssGrowthMb),
        file_mb: only277ca ? Number.NaN : Number((summary.bytes / 1e6).toFixed(1)),
        submit_seconds: Number(submitSeconds.toFixed(3)),
        apply_277ca_seconds: Number(ackSeconds.toFixed(3)),
        apply_277ca_claims_per_s: Math.round(ACK_CLAIMS / ackSeconds),
        apply_277ca_backend_cpu_s: Number(ackCpuSeconds.toFixed(2)),
      }),
      floor: measured({ copy_same_rows_seconds: Number(floorSeconds.toFixed(3)), ratio_generation_to_copy: Number((genSeconds / floorSeconds).toFixed(2)) }),
      notes: only277ca ? 'BENCH_CLAIMS_OUT_ONLY=277ca: the 277CA apply only.'
        : `${CLAIMS} claims of 3 lines in one interchange (${summary.transactionSets.length} transaction sets of at most 5,000 claims). `
        + `send_837p: claims/send-submission of ${SEND_CLAIMS} claims of a second tenant built after the first was analyzed, to the sandbox partner in this process.`,
    };
  } finally {
    fs.rmSync(file, { force: true });
    client.release();
  }
};

export default bench;
