// The payer side of the sandbox partner: claims its 277CA accepted are adjudicated into 835s that
// the provider retrieves over CORE batch (X12_835_Request_005010X221A1) some time later.
// Which outcome a claim gets is decided by its data (README.md "835 remittances"): the last two
// digits of its patient control number pick from the mix (remittanceScenarioFor in
// x12/sandbox-835-scenarios.ts, which the demo seed uses too); a replacement (frequency 7)
// reverses the earlier adjudication and pays the correction; a void (8) reverses it.
import { build835 } from '../x12/build-835.ts';
import type { Claim835Input } from '../x12/build-835.ts';
import { adjudicate, adjudicateByScenario, assembleRemittances, remittanceScenarioFor, reverse } from '../x12/sandbox-835-scenarios.ts';
import type { PayeeClaim835, SubmittedClaim } from '../x12/sandbox-835-scenarios.ts';
import type { InterchangeInfo } from '../x12/types.ts';
import type { ParsedClaim837 } from '../x12/types-claims.ts';

/** An accepted claim as the payer keeps it: what was billed and the ICN its 277CA gave. */
export interface AcceptedClaim {
  claim: ParsedClaim837;
  payerClaimControlNumber: string;
}


export interface RemittanceFile { interchangeControlNumber: number; readyAt: number; x12: string; scenarios: Record<string, string> }


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
    const results: PayeeClaim835[] = [];
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
      const adjudicated = adjudicateByScenario(submitted, scenario);
      if (scenario !== 'unknown-claim') this.adjudications.set(payerClaimControlNumber, adjudicated);
      results.push({ claim: adjudicated, payee, scenario });
    }

    const isa13 = this.nextControlNumber();
    const remittances = assembleRemittances(results, {
      date: now.toISOString().slice(0, 10), tracePrefix: `SBX${isa13}`,
      payer: { name: 'SANDBOX PAYER', id: interchange.receiverId.trim() || 'SANDBOX', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    });
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
