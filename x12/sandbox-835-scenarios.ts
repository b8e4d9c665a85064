// How the sandbox partner adjudicates a submitted claim into 835 claim payment information:
// one function per outcome of the realistic mix, each balanced (line SVC02 − SVC03 =
// Σ line CAS, claim CLP03 − CLP04 = Σ CAS). The sandbox picks the scenario; build835 writes it.

import type { Claim835Input, Service835Input } from './build-835.ts';
import type { Adjustment835, Name835 } from './remittance-835.ts';

export interface SubmittedLine {
  procedure: string;
  modifiers?: string[];
  chargeAmount: string;
  units?: string;
  /** YYYY-MM-DD */
  serviceDate: string;
  /** REF*6R of the 837 line, echoed back. */
  lineControlNumber?: string;
}

export interface SubmittedClaim {
  patientControlNumber: string;
  patient: Omit<Name835, 'entityId'>;
  /** The payer's ICN for this adjudication (CLP07). */
  payerClaimControlNumber: string;
  lines: SubmittedLine[];
}

export type Scenario835 =
  | 'paid' | 'contractual' | 'deductible' | 'coinsurance' | 'copay'
  | 'denied-missing-info' | 'denied-timely-filing' | 'denied-authorization' | 'denied-duplicate' | 'denied-medical-necessity';

/** Denial CARC and RARC per scenario (CAQH CORE 360 combinations). */
const DENIALS: Record<string, { reason: string; remark: string | null }> = {
  'denied-missing-info': { reason: '16', remark: 'M51' },
  'denied-timely-filing': { reason: '29', remark: null },
  'denied-authorization': { reason: '197', remark: 'N54' },
  'denied-duplicate': { reason: '18', remark: null },
  'denied-medical-necessity': { reason: '50', remark: 'N115' },
};

const cents = (v: string): number => Math.round(Number(v) * 100);
const money = (c: number): string => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

/** Line outcome: what the payer allows (80% of charge unless paid in full) and who owes the rest. */
function adjudicateLine(line: SubmittedLine, scenario: Scenario835, index: number): Service835Input {
  const charge = cents(line.chargeAmount);
  const base: Service835Input = {
    procedure: { qualifier: 'HC', code: line.procedure, modifiers: line.modifiers ?? [], description: null },
    chargeAmount: line.chargeAmount,
    paymentAmount: '0.00',
    units: line.units ?? '1',
    serviceDate: line.serviceDate,
    lineControlNumber: line.lineControlNumber ?? null,
    adjustments: [],
    remarks: [],
  };
  const denial = DENIALS[scenario];
  if (denial) {
    return { ...base, adjustments: [{ group: 'CO', reason: denial.reason, amount: line.chargeAmount, quantity: null }], remarks: denial.remark ? [denial.remark] : [] };
  }
  if (scenario === 'paid') return { ...base, paymentAmount: line.chargeAmount, allowedAmount: line.chargeAmount };
  const allowed = Math.round(charge * 0.8);
  const adjustments: Adjustment835[] = [{ group: 'CO', reason: '45', amount: money(charge - allowed), quantity: null }];
  let patient = 0;
  if (scenario === 'deductible' && index === 0) patient = Math.min(allowed, 5000);
  if (scenario === 'coinsurance') patient = Math.round(allowed * 0.2);
  if (scenario === 'copay' && index === 0) patient = Math.min(allowed, 2500);
  const reason = scenario === 'deductible' ? '1' : scenario === 'coinsurance' ? '2' : '3';
  if (patient > 0) adjustments.push({ group: 'PR', reason, amount: money(patient), quantity: null });
  return { ...base, paymentAmount: money(allowed - patient), allowedAmount: money(allowed), adjustments };
}

export function adjudicate(claim: SubmittedClaim, scenario: Scenario835): Claim835Input {
  const services = claim.lines.map((line, i) => adjudicateLine(line, scenario, i));
  const charge = services.reduce((s, l) => s + cents(l.chargeAmount), 0);
  const paid = services.reduce((s, l) => s + cents(l.paymentAmount), 0);
  const patient = services.flatMap((l) => l.adjustments ?? []).filter((a) => a.group === 'PR').reduce((s, a) => s + cents(a.amount), 0);
  return {
    patientControlNumber: claim.patientControlNumber,
    status: DENIALS[scenario] ? '4' : '1',
    chargeAmount: money(charge),
    paymentAmount: money(paid),
    patientResponsibility: patient > 0 ? money(patient) : null,
    filingIndicator: '12',
    payerClaimControlNumber: claim.payerClaimControlNumber,
    patient: claim.patient,
    services,
  };
}

/**
 * A reversal (CLP02 22) of an earlier adjudication: every amount negated, same ICN, so the
 * earlier posting can be found and undone; the correction follows as a new adjudication.
 */
export function reverse(earlier: Claim835Input): Claim835Input {
  const negate = (v: string): string => money(-cents(v));
  const flip = (list: Adjustment835[] | undefined): Adjustment835[] => (list ?? []).map((a) => ({ ...a, amount: negate(a.amount) }));
  return {
    ...earlier,
    status: '22',
    chargeAmount: negate(earlier.chargeAmount),
    paymentAmount: negate(earlier.paymentAmount),
    patientResponsibility: earlier.patientResponsibility ? negate(earlier.patientResponsibility) : null,
    adjustments: flip(earlier.adjustments),
    services: (earlier.services ?? []).map((s) => ({ ...s, chargeAmount: negate(s.chargeAmount), paymentAmount: negate(s.paymentAmount), allowedAmount: null, adjustments: flip(s.adjustments), remarks: [] })),
  };
}
