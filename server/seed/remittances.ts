// Demo data of money coming back (issue 15), after the claims-submission step: the claims its 277CA
// accepted are adjudicated with the sandbox payer's outcomes (x12/sandbox-835-scenarios.ts: paid,
// CO-45, PR-1/2/3, denials with CARC/RARC, PLB interest, an unknown claim, an unbalanced
// remittance), taken in turn so that even a small tenant shows each, written as real 835s and posted through
// billing.fn_post_remittance. Then the denial queue is worked: one denial corrected (frequency 7 +
// REF*F8) and sent again, which the payer reverses and pays; another appealed. A claim paid in part is
// billed to the secondary coverage and left for the worker to send (with its COB loops). The
// reporting views are refreshed so the dashboards show it. The claims the worker sends live after
// `npm start` get their 835s from the sandbox through remittances/poll-remittances.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';
import { render837 } from '../claims/send-submission.ts';
import { build835 } from '../../x12/build-835.ts';
import type { Claim835Input, Remittance835Input } from '../../x12/build-835.ts';
import { parseX12 } from '../../x12/parse.ts';
import { REMITTANCE_SCENARIOS, adjudicate, adjudicateByScenario, assembleRemittances, reverse } from '../../x12/sandbox-835-scenarios.ts';
import type { PayeeClaim835, SubmittedClaim } from '../../x12/sandbox-835-scenarios.ts';

interface AcceptedRow {
  id: string; pcn: string; pccn: string; payer_code: string; payer_name: string; payer_identifier: string | null;
  npi: string; facility: string; last_name: string; first_name: string; subscriber_id: string;
  lines: { procedure: string; modifiers: string[]; amount: string; units: string; serviceDate: string }[];
}

const PAYER_ADDRESS = { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' };

function submitted(row: AcceptedRow, payerClaimControlNumber = row.pccn): SubmittedClaim {
  return {
    patientControlNumber: row.pcn,
    patient: { lastName: row.last_name.toUpperCase(), firstName: row.first_name.toUpperCase(), middleName: null, idQualifier: 'MI', id: row.subscriber_id },
    payerClaimControlNumber,
    lines: row.lines.map((l) => ({ procedure: l.procedure, modifiers: l.modifiers, chargeAmount: l.amount, units: l.units, serviceDate: l.serviceDate })),
  };
}

export async function seedRemittances(client: pg.ClientBase, tenantId: string, _options: SeedOptions): Promise<void> {
  const already = await client.query('select 1 from billing.remittance where tenant_id = $1 limit 1', [tenantId]);
  if (already.rowCount) return;
  await client.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'admin', true), set_config('jwt.claims.sub', 'seed', true)", [tenantId]);
  const accepted = (await client.query<AcceptedRow>(
    `select c.id, c.patient_control_number as pcn, c.payer_claim_control_number as pccn, p.code as payer_code, p.name as payer_name, p.payer_identifier,
            c.billing_npi as npi, f.name as facility, m.last_name, m.first_name, cp.subscriber_id,
            (select json_agg(json_build_object('procedure', l.procedure_code, 'modifiers', l.modifiers, 'amount', l.amount::text,
                                               'units', trim_scale(l.units)::text, 'serviceDate', l.service_date::text) order by l.line_number)
             from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id) as lines
     from billing.claim c
     join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
     join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id
     join member.member m on m.tenant_id = c.tenant_id and m.id = c.member_id
     join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
     where c.tenant_id = $1 and c.status = 'ACCEPTED' and c.payer_claim_control_number is not null
     order by p.code, c.patient_control_number`, [tenantId])).rows;
  if (accepted.length === 0) return;

  let isa13 = 800_000_000;
  const today = new Date().toISOString().slice(0, 10);
  const post = async (payer: AcceptedRow, claims: PayeeClaim835[]) => {
    const control = ++isa13;
    const remittances: Remittance835Input[] = assembleRemittances(claims, {
      date: today, tracePrefix: `DEMO${payer.payer_code}${control}`, payer: { name: payer.payer_name.toUpperCase(), id: payer.payer_identifier ?? undefined, address: PAYER_ADDRESS },
    });
    const x12 = build835({
      sender: { qualifier: 'ZZ', id: 'SANDBOXCH' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' },
      interchangeControlNumber: control, groupControlNumber: control, usage: 'T', remittances,
    });
    for (const transaction of parseX12(x12).transactions) {
      await client.query("select billing.fn_post_remittance($1, $2, 'PARTNER', $3)", [JSON.stringify(transaction), x12, tenantId]);
    }
  };

  // The first 835 of each payer: the accepted claims take the outcomes in turn.
  const firstAdjudication = new Map<string, Claim835Input>();
  const scenarioOf = new Map(accepted.map((row, i) => [row.id, REMITTANCE_SCENARIOS[i % REMITTANCE_SCENARIOS.length]]));
  const byPayer = Map.groupBy(accepted, (row) => row.payer_code);
  for (const rows of byPayer.values()) {
    await post(rows[0], rows.map((row) => {
      const scenario = scenarioOf.get(row.id) ?? 'paid';
      const claim = adjudicateByScenario(submitted(row), scenario);
      firstAdjudication.set(row.id, claim);
      return { claim, payee: { name: row.facility.toUpperCase(), npi: row.npi }, scenario };
    }));
  }

  await billSecondary(client, tenantId);

  // The denial queue worked: the first denial corrected and sent again, the next appealed, a duplicate
  // denial (CO-18: the original was paid) written off.
  const denials = (await client.query<{ id: string; claim_id: string; denial_category: string }>(
    `select d.id, d.claim_id, d.denial_category from billing.denial_work_item d
     where d.tenant_id = $1 and d.status = 'OPEN' order by d.denial_category = 'MISSING_INFORMATION' desc, d.created_at, d.id`, [tenantId])).rows;
  // The appeal skips a duplicate denial, which is the write-off's.
  const [toCorrect, ...others] = denials;
  const toAppeal = others.find((d) => d.denial_category !== 'DUPLICATE');
  const rest = others.filter((d) => d !== toAppeal);
  if (toAppeal) {
    await client.query("select billing.fn_record_denial_action($1, 'APPEAL', follow_up_by => current_date + 30, note => 'timely filing proof sent with the appeal')", [toAppeal.id]);
  }
  const toWriteOff = rest.find((d) => d.denial_category === 'DUPLICATE') ?? rest[0];
  if (toWriteOff) {
    await client.query("select billing.fn_record_denial_action($1, 'WRITE_OFF', reason => 'denial accepted', note => 'duplicate of a claim already paid')", [toWriteOff.id]);
  }
  if (!toCorrect) return refresh(client);
  await client.query("select billing.fn_record_denial_action($1, 'CORRECTED_CLAIM', note => 'missing information added')", [toCorrect.id]);
  const out = (await client.query('select * from billing.fn_submit_claims($1)', [[toCorrect.claim_id]])).rows[0];
  if (out.error_code) throw new Error(`seed corrected claim: ${out.error_message}`);
  const x12 = await render837(client, tenantId, out.submission_id, { inTransaction: true });
  await client.query('select billing_private.fn_store_submission_file($1, $2, $3)', [tenantId, out.submission_id, x12]);
  await client.query(`select billing_private.fn_mark_submission_sent($1, $2, '{"seed": "demo history"}')`, [tenantId, out.submission_id]);
  const row = accepted.find((r) => r.id === toCorrect.claim_id);
  if (!row) return refresh(client);
  const newPccn = `${row.pccn}C`;
  const receive = (kind: string, parsed: object) => client.query("select billing_private.fn_receive_acknowledgment($1, $2, 'POLL', $3, $4, $5, 'seed')",
    [tenantId, kind, `(${kind} applied by the demo seed)`, ++isa13, JSON.stringify({ interchangeSender: 'SANDBOXCH', ...parsed })]);
  await receive('999', { acknowledgedInterchange: Number(out.interchange_control_number), sets: [{ controlNumber: '0001', status: 'A', errors: [] }] });
  await receive('277CA', { claims: [{ patientControlNumber: row.pcn, payerClaimControlNumber: newPccn, statuses: [{ category: 'A2', code: '20', entity: 'PR' }] }] });
  // The payer's answer to a replacement: its earlier adjudication reversed (CLP02 22), the correction paid.
  const earlier = firstAdjudication.get(row.id);
  const payee = { name: row.facility.toUpperCase(), npi: row.npi };
  await post(row, [
    ...(earlier ? [{ claim: reverse(earlier), payee, scenario: 'paid' as const }] : []),
    { claim: adjudicate(submitted(row, newPccn), 'contractual'), payee, scenario: 'contractual' },
  ]);
  await refresh(client);
}

/**
 * A claim the primary paid in part billed to the member's secondary coverage (billing.fn_bill_secondary)
 * and put in a submission with its file, left CREATED: after `npm start` the worker sends it to the
 * sandbox partner with the primary's adjudication in its COB loops (2320/2330B/2430). When the
 * generated members give no such claim a secondary coverage, one is added for the demo.
 */
async function billSecondary(client: pg.ClientBase, tenantId: string): Promise<void> {
  // A coverage after the claim's own (the claim may itself be billed to a priority-2 coverage).
  const covered = `exists (select 1 from member.coverage_policy own
                     join member.coverage_policy cp on cp.tenant_id = own.tenant_id and cp.member_id = own.member_id and cp.priority > own.priority
                     where own.tenant_id = c.tenant_id and own.id = c.coverage_policy_id
                       and cp.status = 'ACTIVE' and cp.effective_from <= c.earliest_service_date and (cp.effective_to is null or cp.effective_to >= c.latest_service_date))`;
  const partlyPaid = `c.tenant_id = $1 and c.status = 'PAID' and c.frequency_code = '1' and c.paid_amount > 0 and c.patient_responsibility_amount > 0`;
  let claimId = (await client.query<{ id: string }>(`select c.id from billing.claim c where ${partlyPaid} and ${covered} order by c.patient_control_number limit 1`, [tenantId])).rows[0]?.id;
  if (!claimId) {
    const only = (await client.query<{ id: string; member_id: string; payer_id: string }>(
      `select c.id, c.member_id, c.payer_id from billing.claim c where ${partlyPaid}
         and not exists (select 1 from member.coverage_policy x where x.tenant_id = c.tenant_id and x.member_id = c.member_id and x.priority > 1)
       order by c.patient_control_number limit 1`, [tenantId])).rows[0];
    if (!only) return;
    await client.query(
      `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, effective_from, priority)
       select $1, $2::uuid, p.id, 'SEC' || upper(substr(md5($2::uuid::text), 1, 9)), 'GRP200', 'Secondary plan', date '2020-01-01', 2
       from core.payer p where p.tenant_id = $1 and p.id <> $3 and p.payer_identifier is not null order by p.code limit 1`, [tenantId, only.member_id, only.payer_id]);
    claimId = only.id;
  }
  const secondary = (await client.query<{ id: string }>('select id from billing.fn_bill_secondary($1, $2)', [claimId, 'primary paid its share; the rest to the secondary coverage'])).rows[0]!;
  const out = (await client.query('select * from billing.fn_submit_claims($1)', [[secondary.id]])).rows[0];
  if (out.error_code) throw new Error(`seed secondary claim: ${out.error_message}`);
  const x12 = await render837(client, tenantId, out.submission_id, { inTransaction: true });
  await client.query('select billing_private.fn_store_submission_file($1, $2, $3)', [tenantId, out.submission_id, x12]);
}

async function refresh(client: pg.ClientBase): Promise<void> {
  await client.query('select billing.fn_refresh_recon_views(), reporting.fn_refresh_reporting_views()');
  await client.query("select set_config('jwt.claims.tenant_id', '', true), set_config('jwt.claims.permissions', '', true), set_config('jwt.claims.sub', '', true)");
}
