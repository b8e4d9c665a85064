// Submitted claims and 835 transactions (in the parsed JSON shape of `npm run x12 -- parse`) for the remittance tests.
import type { TestDatabase } from '../support/database.ts';
import { insertCharges, asTenant } from '../claims/fixtures.ts';

export interface SubmittedClaim { claimId: string; pcn: string; total: number }

let counter = 0;
/** A claim built from one charge per amount, recorded as SUBMITTED (as the claims-out path would). */
export async function submittedClaim(db: TestDatabase, tenantId: string, amounts: number[]): Promise<SubmittedClaim> {
  counter += 1;
  const ids = await insertCharges(db, tenantId, amounts.map((amount, i) => ({ number: `RM-${process.pid}-${counter}-${i}`, amount, daysAgo: 20, procedureCode: ['99213', '85025', '80053'][i % 3] })));
  await asTenant(db, tenantId, 'claims.write', 'select id from billing.fn_validate_charges($1)', [Object.values(ids)]);
  const [{ claim_id: claimId }] = await asTenant<{ claim_id: string }>(db, tenantId, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [Object.values(ids)]);
  await asTenant(db, tenantId, 'claims.write', "select billing.fn_record_claim_status($1, 'SUBMITTED')", [claimId]);
  const { rows } = await db.owner.query('select patient_control_number as pcn, total_amount from billing.claim where id = $1', [claimId]);
  return { claimId, pcn: rows[0].pcn, total: Number(rows[0].total_amount) };
}

export interface Cas { group: string; reason: string; amount: string; quantity?: string | null }
export interface Service { procedure: { qualifier: string; code: string; modifiers: string[] }; chargeAmount: string; paymentAmount: string; units?: string; remarks?: string[]; adjustments: Cas[] }
export interface Clp {
  patientControlNumber: string; status: string; chargeAmount: string; paymentAmount: string; patientResponsibility?: string;
  payerClaimControlNumber?: string | null; filingIndicator?: string; crossover?: { entityId: string; lastName: string; id?: string } | null;
  remarks?: Array<{ source: string; code: string }>; adjustments: Cas[]; services: Service[];
}

const money = (n: number): string => n.toFixed(2);

/** One service line: charge, paid and CAS triples that make it balance. */
export function line(procedure: string, charge: number, paid: number, adjustments: Array<[string, string, number]>, remarks: string[] = []): Service {
  return { procedure: { qualifier: 'HC', code: procedure, modifiers: [] }, chargeAmount: money(charge), paymentAmount: money(paid), units: '1', remarks, adjustments: adjustments.map(([group, reason, amount]) => ({ group, reason, amount: money(amount) })) };
}

export function clp(pcn: string, status: string, services: Service[], extra: Partial<Clp> = {}): Clp {
  const charge = services.reduce((s, l) => s + Number(l.chargeAmount), 0);
  const paid = services.reduce((s, l) => s + Number(l.paymentAmount), 0);
  const pr = services.flatMap((l) => l.adjustments).filter((a) => a.group === 'PR').reduce((s, a) => s + Number(a.amount), 0);
  return { patientControlNumber: pcn, status, chargeAmount: money(charge), paymentAmount: money(paid), patientResponsibility: money(pr), payerClaimControlNumber: `PCCN-${pcn}`, filingIndicator: 'CI', adjustments: [], services, ...extra };
}

export function remittance(trace: string, claims: Clp[], providerAdjustments: Array<{ reason: string; reference?: string; amount: string }> = [], amount?: string): Record<string, unknown> {
  const paid = claims.reduce((s, c) => s + Number(c.paymentAmount), 0) - providerAdjustments.reduce((s, p) => s + Number(p.amount), 0);
  return {
    controlNumber: '0001',
    type: '835',
    payment: { amount: amount ?? money(paid), creditDebit: 'C', method: 'ACH', handlingCode: 'I', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1411289245' },
    payer: { name: 'UNITED HEALTHCARE', id: '87726', idQualifier: 'XV' },
    payee: { name: 'DEMO CLINIC', npi: '1234567893' },
    claims,
    providerAdjustments,
  };
}

export const post = (db: TestDatabase, tenantId: string, tx: unknown) =>
  asTenant<Record<string, unknown>>(db, tenantId, 'claims.write', "select * from billing.fn_post_remittance($1, $2)", [JSON.stringify(tx), 'ISA*00*~ST*835*0001~SE*2*0001~IEA*1*000000001~']).then((r) => r[0]);
