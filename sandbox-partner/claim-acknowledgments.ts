// The acknowledgments the sandbox partner prepares for an 837P batch it accepted: a 999 for the
// functional group, then (when the 999 accepted the set) a 277CA with one status per claim.
// Which claim gets which answer is decided by its data (see README.md "837P batches"):
// the subscriber id prefix, the billing provider's NPI, and a claim already accepted earlier.
import { build277CA } from '../x12/build-277ca.ts';
import type { Claim277CA, Status277CA } from '../x12/build-277ca.ts';
import { build999 } from '../x12/build-999.ts';
import { tokenize } from '../x12/tokenize.ts';
import type { InterchangeInfo } from '../x12/types.ts';
import type { ParsedClaim837, Transaction837 } from '../x12/types-claims.ts';

export type ClaimScenario = 'accepted' | 'reject_999' | 'invalid_npi' | 'invalid_subscriber' | 'missing_diagnosis' | 'duplicate_claim';

/** Subscriber id (NM1*IL NM109) prefixes, case-insensitive. */
const SUBSCRIBER_PREFIXES: [string, ClaimScenario][] = [
  ['REJ999', 'reject_999'],
  ['BADSUB', 'invalid_subscriber'],
  ['NODX', 'missing_diagnosis'],
  ['DUPCLM', 'duplicate_claim'],
  ['BADNPI', 'invalid_npi'],
];
/** A billing provider NPI starting with this is "not on file" at the payer (277CA A7:562:85). */
export const INVALID_NPI_PREFIX = '19999';

const STATUSES: Record<Exclude<ClaimScenario, 'accepted' | 'reject_999'>, Status277CA> = {
  invalid_npi: { category: 'A7', code: '562', entity: '85' },
  invalid_subscriber: { category: 'A3', code: '33', entity: 'IL' },
  missing_diagnosis: { category: 'A7', code: '254' },
  duplicate_claim: { category: 'A3', code: '54' },
};

export function claimScenarioFor(claim: ParsedClaim837, alreadyAccepted: (patientControlNumber: string) => boolean): ClaimScenario {
  const subscriberId = (claim.subscriber?.id ?? '').toUpperCase();
  const byPrefix = SUBSCRIBER_PREFIXES.find(([prefix]) => subscriberId.startsWith(prefix))?.[1];
  if (byPrefix) return byPrefix;
  if ((claim.billingProvider?.id ?? '').startsWith(INVALID_NPI_PREFIX)) return 'invalid_npi';
  // A replacement (7) or void (8) of an accepted claim names it in REF*F8: not a duplicate.
  const replaces = claim.frequencyCode === '7' || claim.frequencyCode === '8';
  if (!replaces && alreadyAccepted(claim.patientControlNumber)) return 'duplicate_claim';
  return 'accepted';
}

export interface ClaimBatchAcknowledgments {
  /** The 999 for the group (every set accepted, or the sets holding a REJ999 subscriber rejected). */
  ack999: string;
  /** The 277CA, or null when the 999 rejected every set (nothing reached the payer's front end). */
  ack277CA: string | null;
  scenarios: Record<string, ClaimScenario>;
  /** The payer's claim control number (REF*1K) the 277CA gave each accepted claim, by CLM01. */
  payerClaimControlNumbers: Record<string, string>;
}

function envelope(interchange: InterchangeInfo, controlNumber: number) {
  return {
    sender: { qualifier: interchange.receiverQualifier, id: interchange.receiverId.trim() },
    receiver: { qualifier: interchange.senderQualifier, id: interchange.senderId.trim() },
    interchangeControlNumber: controlNumber,
    groupControlNumber: controlNumber,
    usage: interchange.usage === 'P' ? ('P' as const) : ('T' as const),
  };
}

/** Position of a claim's subscriber NM1*IL within its transaction set (ST = 1), for IK302. */
function subscriberPositions(payload: string): Map<string, number> {
  const positions = new Map<string, number>();
  let st = 0;
  let setControl = '';
  tokenize(payload).segments.forEach((segment, index) => {
    if (segment.id === 'ST') {
      st = index;
      setControl = segment.elements[2] ?? '';
    } else if (segment.id === 'NM1' && segment.elements[1] === 'IL' && !positions.has(setControl)) {
      positions.set(setControl, index - st + 1);
    }
  });
  return positions;
}

function serviceDate(claim: ParsedClaim837): string {
  const dates = claim.lines.map((line) => line.serviceDate).filter((d): d is string => !!d).sort();
  return dates[0] ?? new Date().toISOString().slice(0, 10);
}

export function acknowledgeClaimBatch(input: {
  payload: string;
  interchange: InterchangeInfo;
  sets: Transaction837[];
  nextControlNumber: () => number;
  alreadyAccepted: (patientControlNumber: string) => boolean;
  now: Date;
}): ClaimBatchAcknowledgments {
  const { interchange, sets } = input;
  const group = interchange.groups[0];
  const scenarios: Record<string, ClaimScenario> = {};
  for (const set of sets) for (const claim of set.claims) scenarios[claim.patientControlNumber] = claimScenarioFor(claim, input.alreadyAccepted);
  const positions = subscriberPositions(input.payload);
  const rejectedSets = new Set(sets.filter((set) => set.claims.some((c) => scenarios[c.patientControlNumber] === 'reject_999')).map((s) => s.controlNumber));
  const ack999 = build999({
    ...envelope(interchange, input.nextControlNumber()),
    createdAt: input.now,
    acknowledgedGroup: { functionalId: group?.functionalId ?? 'HC', controlNumber: group?.controlNumber ?? interchange.controlNumber, version: '005010X222A1' },
    sets: sets.map((set) => {
      if (!rejectedSets.has(set.controlNumber)) return { transactionType: '837', controlNumber: set.controlNumber, implementationReference: '005010X222A1', status: 'A' as const };
      const bad = set.claims.find((c) => scenarios[c.patientControlNumber] === 'reject_999');
      return {
        transactionType: '837', controlNumber: set.controlNumber, implementationReference: '005010X222A1', status: 'R' as const, errorCodes: ['5'],
        // NM109 (element 67) of the subscriber: "invalid character in data element".
        segmentErrors: [{ segmentId: 'NM1', position: positions.get(set.controlNumber) ?? 1, loop: '2010', code: '8',
          elementErrors: [{ position: 9, dataElementReference: '67', code: '6', badValue: bad?.subscriber?.id ?? '' }] }],
      };
    }),
  });
  const reaching = sets.filter((set) => !rejectedSets.has(set.controlNumber));
  if (reaching.length === 0) return { ack999, ack277CA: null, scenarios, payerClaimControlNumbers: {} };

  const providers = new Map<string, { name: string; npi: string; trace: string; claims: Claim277CA[] }>();
  let payerClaim = 0;
  const payerClaimControlNumbers: Record<string, string> = {};
  for (const set of reaching) {
    for (const claim of set.claims) {
      const npi = claim.billingProvider?.id ?? '';
      const provider = providers.get(npi) ?? { name: claim.billingProvider?.name || 'PROVIDER', npi, trace: `${set.controlNumber}-${providers.size + 1}`, claims: [] };
      providers.set(npi, provider);
      const scenario = scenarios[claim.patientControlNumber];
      const person = claim.patient ?? claim.subscriber;
      const accepted = scenario === 'accepted';
      if (accepted) payerClaimControlNumbers[claim.patientControlNumber] = `SBX${interchange.controlNumber}${String(++payerClaim).padStart(5, '0')}`;
      provider.claims.push({
        patientControlNumber: claim.patientControlNumber,
        patient: { lastName: person?.name || 'UNKNOWN', firstName: person?.firstName ?? undefined, memberId: claim.subscriber?.id ?? 'UNKNOWN' },
        chargeAmount: claim.chargeAmount,
        serviceDate: serviceDate(claim),
        statuses: [accepted ? { category: 'A2', code: '20', entity: 'PR' } : STATUSES[scenario as keyof typeof STATUSES]],
        ...(accepted ? { payerClaimControlNumber: payerClaimControlNumbers[claim.patientControlNumber] } : {}),
      });
    }
  }
  const today = input.now.toISOString().slice(0, 10);
  const ack277CA = build277CA({
    ...envelope(interchange, input.nextControlNumber()),
    createdAt: input.now,
    referenceId: `SBX${interchange.controlNumber}`,
    informationSource: { kind: 'payer', name: 'SANDBOX PAYER', id: interchange.receiverId.trim() },
    receiptTrace: interchange.controlNumber,
    receivedDate: today,
    processedDate: today,
    informationReceiver: { name: sets[0]?.submitter?.name || 'SUBMITTER', id: sets[0]?.submitter?.id || interchange.senderId.trim() },
    batchTrace: group?.controlNumber ?? interchange.controlNumber,
    providers: [...providers.values()],
  });
  return { ack999, ack277CA, scenarios, payerClaimControlNumbers };
}
