// How the sandbox partner adjudicates a submitted claim into 835 claim payment information:
// one function per outcome of the realistic mix, each balanced (line SVC02 − SVC03 =
// Σ line CAS, claim CLP03 − CLP04 = Σ CAS). The sandbox picks the scenario; build835 writes it.

import type { Claim835Input, Remittance835Input, Service835Input } from './build-835.ts';
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

/** A claim outcome: one of the adjudications, or a file-level case. */
export type RemittanceScenario = Scenario835 | 'interest' | 'unknown-claim' | 'unbalanced';

/**
 * By the last two digits of CLM01 (00-99): 70% paid (in full 15, contractual CO-45 25, PR-1/2/3 10
 * each), 16% denied (CO-16+M51, CO-29, CO-197+N54, CO-18, CO-50+N115), the rest file-level cases:
 * paid late with PLB interest (L6) 6%, answered under a patient control number we never sent
 * (unknown claim) 4%, or put in a remittance whose BPR02 does not balance (held whole) 4%.
 */
const MIX: [number, RemittanceScenario][] = [
  [15, 'paid'], [40, 'contractual'], [50, 'deductible'], [60, 'coinsurance'], [70, 'copay'],
  [74, 'denied-missing-info'], [77, 'denied-timely-filing'], [80, 'denied-authorization'], [83, 'denied-duplicate'], [86, 'denied-medical-necessity'],
  [92, 'interest'], [96, 'unknown-claim'], [100, 'unbalanced'],
];

export function remittanceScenarioFor(patientControlNumber: string): RemittanceScenario {
  const digits = patientControlNumber.replace(/\D/g, '');
  const n = digits ? Number(digits.slice(-2)) : 0;
  return MIX.find(([below]) => n < below)?.[1] ?? 'paid';
}

/** Every outcome, the commonest and the file-level cases first: a small demo history shows the most. */
export const REMITTANCE_SCENARIOS: RemittanceScenario[] = [
  'paid', 'contractual', 'deductible', 'denied-missing-info', 'unbalanced', 'unknown-claim', 'denied-timely-filing', 'interest',
  'coinsurance', 'copay', 'denied-authorization', 'denied-duplicate', 'denied-medical-necessity',
];

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

/** One adjudicated claim on its way into a remittance: its payee (N1*PE) and why it is there. */
export interface PayeeClaim835 {
  claim: Claim835Input;
  payee: { name: string; npi: string };
  scenario: RemittanceScenario;
}

/**
 * A first adjudication by the claim's scenario: interest and unbalanced claims are paid with CO-45
 * (their remittance carries the case); an unknown claim is paid under a CLM01 we never sent.
 */
export function adjudicateByScenario(claim: SubmittedClaim, scenario: RemittanceScenario): Claim835Input {
  const outcome: Scenario835 = scenario === 'interest' || scenario === 'unbalanced' ? 'contractual' : scenario === 'unknown-claim' ? 'paid' : scenario;
  const adjudicated = adjudicate(claim, outcome);
  if (scenario !== 'unknown-claim') return adjudicated;
  return { ...adjudicated, patientControlNumber: `X${claim.patientControlNumber}`.slice(0, 38), payerClaimControlNumber: `U${claim.payerClaimControlNumber}` };
}

const INTEREST = '-2.37';

/**
 * The remittances (835 transactions) of one payer file: one per payee, the unbalanced claims in one
 * of their own whose BPR02 is a dollar over Σ CLP04 (it is held whole), PLB interest (L6) for the
 * claims paid late. Trace numbers are tracePrefix + the remittance's number.
 */
export function assembleRemittances(claims: PayeeClaim835[], options: { date: string; tracePrefix: string; payer: Remittance835Input['payer'] }): Remittance835Input[] {
  const groups = new Map<string, PayeeClaim835[]>();
  for (const c of claims) {
    const key = `${c.scenario === 'unbalanced' ? 'U' : 'B'}|${c.payee.npi}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].map(([key, group], i) => {
    const interest = group.filter((g) => g.scenario === 'interest')
      .map((g) => ({ reason: 'L6', reference: g.claim.payerClaimControlNumber ?? g.claim.patientControlNumber, amount: INTEREST }));
    const paid = group.reduce((s, g) => s + cents(g.claim.paymentAmount), 0) - interest.reduce((s, p) => s + cents(p.amount), 0);
    return {
      controlNumber: i + 1,
      payment: {
        method: paid > 0 ? 'ACH' : 'NON', date: options.date, traceNumber: `${options.tracePrefix}${String(i + 1).padStart(3, '0')}`, payerIdentifier: '1999999999',
        ...(key.startsWith('U') ? { amount: money(paid + 100) } : {}),
      },
      payer: options.payer,
      payee: group[0].payee,
      claims: group.map((g) => g.claim),
      ...(interest.length > 0 ? { providerAdjustments: interest } : {}),
    };
  });
}
