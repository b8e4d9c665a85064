// The payer side of the sandbox partner: claims its 277CA accepted are adjudicated into 835s that
// the provider retrieves over CORE batch (X12_835_Request_005010X221A1) some time later.
// Which outcome a claim gets is decided by its data (README.md "835 remittances"): the last two
// digits of its patient control number pick from the mix; a replacement (frequency 7)
// reverses the earlier adjudication and pays the correction; a void (8) reverses it.
import { build835 } from '../x12/build-835.ts';
import type { Claim835Input, Remittance835Input } from '../x12/build-835.ts';
import { adjudicate, reverse } from '../x12/sandbox-835-scenarios.ts';
import type { Scenario835, SubmittedClaim } from '../x12/sandbox-835-scenarios.ts';
import type { InterchangeInfo } from '../x12/types.ts';
import type { ParsedClaim837 } from '../x12/types-claims.ts';

/** A claim outcome: one of the adjudications, or a file-level case. */
export type RemittanceScenario = Scenario835 | 'interest' | 'unknown-claim' | 'unbalanced';

/**
 * By the last two digits of CLM01 (00-99): 65% paid (in full, contractual CO-45, PR-1/2/3), 16% denied
 * (CO-16+M51, CO-29, CO-197+N54, CO-18, CO-50+N115), the rest file-level cases: paid late with PLB
 * interest (L6), answered under a patient control number we never sent (unknown claim), or put in
 * a remittance whose BPR02 does not balance (the whole remittance is held).
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

/** An accepted claim as the payer keeps it: what was billed and the ICN its 277CA gave. */
export interface AcceptedClaim {
  claim: ParsedClaim837;
  payerClaimControlNumber: string;
}

interface Adjudicated { claim: Claim835Input; payee: { name: string; npi: string }; scenario: RemittanceScenario }

export interface RemittanceFile { interchangeControlNumber: number; readyAt: number; x12: string; scenarios: Record<string, string> }

const INTEREST = '-2.37';

/** The payer's memory of one sender: adjudications by ICN (for reversals), files by ISA13. */
export class SandboxPayer {
  private readonly adjudications = new Map<string, Claim835Input>();
  readonly files: RemittanceFile[] = [];

  private readonly nextControlNumber: () => number;

  constructor(nextControlNumber: () => number) {
    this.nextControlNumber = nextControlNumber;
  }

  /** Adjudicates the accepted claims of one 837 interchange into one 835 file, ready at readyAt. */
  adjudicateInterchange(interchange: InterchangeInfo, accepted: AcceptedClaim[], readyAt: number, now: Date): RemittanceFile | null {
    if (accepted.length === 0) return null;
    const results: Adjudicated[] = [];
    for (const { claim, payerClaimControlNumber } of accepted) {
      const payee = { name: claim.billingProvider?.name || 'PROVIDER', npi: claim.billingProvider?.id ?? '' };
      const submitted = submittedClaim(claim, payerClaimControlNumber);
      const frequency = claim.frequencyCode ?? '1';
      if (frequency === '7' || frequency === '8') {
        const earlier = claim.payerClaimControlNumber ? this.adjudications.get(claim.payerClaimControlNumber) : undefined;
        if (earlier) {
          results.push({ claim: reverse(earlier), payee, scenario: 'paid' });
          this.adjudications.delete(claim.payerClaimControlNumber ?? '');
        }
        if (frequency === '7') {
          const corrected = adjudicate(submitted, 'contractual');
          this.adjudications.set(payerClaimControlNumber, corrected);
          results.push({ claim: corrected, payee, scenario: 'contractual' });
        }
        continue;
      }
      const scenario = remittanceScenarioFor(claim.patientControlNumber);
      const outcome = scenario === 'interest' || scenario === 'unbalanced' ? 'contractual' : scenario === 'unknown-claim' ? 'paid' : scenario;
      const adjudicated = adjudicate(submitted, outcome);
      if (scenario === 'unknown-claim') {
        results.push({ claim: { ...adjudicated, patientControlNumber: `X${claim.patientControlNumber}`.slice(0, 38), payerClaimControlNumber: `U${payerClaimControlNumber}` }, payee, scenario });
        continue;
      }
      this.adjudications.set(payerClaimControlNumber, adjudicated);
      results.push({ claim: adjudicated, payee, scenario });
    }

    const isa13 = this.nextControlNumber();
    const date = now.toISOString().slice(0, 10);
    const remittances: Remittance835Input[] = [];
    // One remittance per payee; the unbalanced claims in one of their own (BPR02 a dollar over).
    const groups = new Map<string, Adjudicated[]>();
    for (const r of results) {
      const key = `${r.scenario === 'unbalanced' ? 'U' : 'B'}|${r.payee.npi}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [key, group] of groups) {
      const n = remittances.length + 1;
      const claims = group.map((g) => g.claim);
      const interest = group.filter((g) => g.scenario === 'interest').map((g) => ({ reason: 'L6', reference: g.claim.payerClaimControlNumber ?? g.claim.patientControlNumber, amount: INTEREST }));
      const paid = claims.reduce((s, c) => s + cents(c.paymentAmount), 0) - interest.reduce((s, p) => s + cents(p.amount), 0);
      const unbalanced = key.startsWith('U');
      remittances.push({
        controlNumber: n,
        payment: {
          method: paid > 0 ? 'ACH' : 'NON', date, traceNumber: `SBX${isa13}${String(n).padStart(3, '0')}`, payerIdentifier: '1999999999',
          ...(unbalanced ? { amount: money(paid + 100) } : {}),
        },
        payer: { name: 'SANDBOX PAYER', id: interchange.receiverId.trim() || 'SANDBOX', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
        payee: group[0].payee,
        claims,
        ...(interest.length > 0 ? { providerAdjustments: interest } : {}),
      });
    }
    const x12 = build835({
      sender: { qualifier: interchange.receiverQualifier, id: interchange.receiverId.trim() },
      receiver: { qualifier: interchange.senderQualifier, id: interchange.senderId.trim() },
      interchangeControlNumber: isa13,
      groupControlNumber: isa13,
      usage: interchange.usage === 'P' ? 'P' : 'T',
      createdAt: now,
      remittances,
    });
    const file = { interchangeControlNumber: isa13, readyAt, x12, scenarios: Object.fromEntries(results.map((r) => [r.claim.patientControlNumber + (r.claim.status === '22' ? ':reversal' : ''), r.scenario])) };
    this.files.push(file);
    return file;
  }

  /** The first file ready now whose ISA13 is above the retriever's cursor (the last ISA13 it retrieved). */
  nextFile(after: number, now: number): RemittanceFile | null {
    return this.files.find((f) => f.interchangeControlNumber > after && f.readyAt <= now) ?? null;
  }
}

const cents = (v: string): number => Math.round(Number(v) * 100);
const money = (c: number): string => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

function submittedClaim(claim: ParsedClaim837, payerClaimControlNumber: string): SubmittedClaim {
  const person = claim.patient ?? claim.subscriber;
  const fallbackDate = claim.lines.map((l) => l.serviceDate).find((d): d is string => !!d) ?? new Date().toISOString().slice(0, 10);
  return {
    patientControlNumber: claim.patientControlNumber,
    patient: { lastName: person?.name || 'UNKNOWN', firstName: person?.firstName ?? null, middleName: null, idQualifier: 'MI', id: claim.subscriber?.id ?? null },
    payerClaimControlNumber,
    lines: claim.lines.map((line) => ({
      procedure: line.procedure ?? '99499', modifiers: line.modifiers, chargeAmount: line.chargeAmount,
      units: line.units ?? undefined, serviceDate: line.serviceDate ?? fallbackDate, lineControlNumber: line.lineItemControlNumber ?? undefined,
    })),
  };
}
