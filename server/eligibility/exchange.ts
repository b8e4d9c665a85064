// One 270/271 exchange for one coverage of one roster member: build the 270 (date of service =
// the visit date; dependent loop when the patient is not the subscriber), send it over CORE
// real-time (or submit it in CORE batch mode, where the answer comes later), read the answer.
// Storage is the caller's.
import { build270 } from '../../x12/build-270.ts';
import { parseX12 } from '../../x12/parse.ts';
import { sendRealTime, submitBatch } from '../../x12/transport/core-client.ts';
import { coreClientOptions } from '../partners/connection.ts';
import { TransportConnectionError, TransportHttpError, TransportProtocolError, TransportTimeoutError } from '../../x12/transport/errors.ts';
import { AAA_PAYER_UNAVAILABLE } from '../../x12/codes.ts';
import type { EligibilityOutcome } from '../../x12/retry-policy.ts';
import type { Transaction271 } from '../../x12/types.ts';

export interface PartnerConfig {
  id: string;
  name: string;
  /** CORE ProcessingMode: realtime answers in the response; batch acknowledges and answers later. */
  mode: 'realtime' | 'batch';
  endpointUrl: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  usage: 'P' | 'T';
  timeoutMs: number;
  username: string | null;
  password: string | null;
}

/** The envelope of a real-time inquiry (270, 276) to a partner: one control number serves ISA13, GS06 and ST02. */
export function inquiryEnvelope(partner: PartnerConfig, controlNumber: number) {
  return {
    sender: { qualifier: partner.senderQualifier, id: partner.senderId },
    receiver: { qualifier: partner.receiverQualifier, id: partner.receiverId },
    interchangeControlNumber: controlNumber,
    groupControlNumber: controlNumber,
    transactionControlNumber: String(controlNumber % 1_000_000_000).padStart(4, '0'),
    usage: partner.usage,
  };
}

export interface PayerConfig {
  id: string;
  code: string;
  name: string;
  payerIdentifier: string;
  maxInFlight: number | null;
  daily270Cap: number | null;
  partner: PartnerConfig | null;
}

export interface CoverageToCheck {
  coverageId: string;
  payerId: string;
  subscriberId: string;
  relationshipCode: string;
  subscriberFirstName: string | null;
  subscriberLastName: string | null;
  subscriberDob: string | null;
  subscriberGender: string | null;
}

export interface RosterMember {
  rowId: string;
  memberId: string;
  serviceDate: string;
  firstName: string;
  lastName: string;
  dob: string;
  gender: string;
  providerName: string;
  providerNpi: string | null;
  serviceType: string;
  coverages: CoverageToCheck[];
}

export interface ExchangeResult {
  requestX12: string;
  sentAt: Date;
  receivedAt: Date;
  httpStatus: number | null;
  responseType: '271' | '999' | 'TA1' | 'ERROR';
  responseX12: string | null;
  responseJson: unknown;
  outcome: EligibilityOutcome;
}

type Gender = 'M' | 'F' | 'U';
const gender = (value: string | null): Gender | undefined => (value === 'M' || value === 'F' || value === 'U' ? value : undefined);

/** TRN03: "9" plus a 9-character id of ours (the implementation guide's originator format). */
export function originatorId(senderId: string): string {
  return `9${senderId.replace(/[^A-Za-z0-9]/g, '').toUpperCase().padEnd(9, '0').slice(0, 9)}`;
}

export function build270For(member: RosterMember, coverage: CoverageToCheck, payer: PayerConfig, partner: PartnerConfig,
  controlNumber: number, traceNumber: string): string {
  const self = coverage.relationshipCode === '18';
  return build270({
    ...inquiryEnvelope(partner, controlNumber),
    payer: { name: payer.name, id: payer.payerIdentifier },
    provider: { entityType: '2', name: member.providerName, npi: member.providerNpi ?? '' },
    subscriber: self
      ? { memberId: coverage.subscriberId, firstName: member.firstName, lastName: member.lastName, dob: member.dob, gender: gender(member.gender) }
      : {
        memberId: coverage.subscriberId,
        firstName: coverage.subscriberFirstName ?? '',
        lastName: coverage.subscriberLastName ?? '',
        dob: coverage.subscriberDob ?? undefined,
        gender: gender(coverage.subscriberGender),
      },
    dependent: self ? undefined : { firstName: member.firstName, lastName: member.lastName, dob: member.dob, gender: gender(member.gender) },
    trace: { number: traceNumber, originatorId: originatorId(partner.senderId) },
    serviceDate: member.serviceDate,
    serviceTypes: [member.serviceType],
  });
}

export interface BatchSubmissionResult {
  sentAt: Date;
  receivedAt: Date;
  httpStatus: number | null;
  /** null: the partner confirmed receipt (its 271s come later); else the transport or envelope error. */
  error: Error | null;
}

/** Batch mode: submits the 270 under PayloadID `payloadId`; the partner only confirms receipt. */
export async function submitToBatch(partner: PartnerConfig, requestX12: string, payloadId: string): Promise<BatchSubmissionResult> {
  const sentAt = new Date();
  try {
    const receipt = await submitBatch(coreClientOptions(partner, payloadId), requestX12);
    return { sentAt, receivedAt: receipt.receivedAt, httpStatus: receipt.httpStatus, error: null };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return { sentAt, receivedAt: new Date(), httpStatus: err instanceof TransportHttpError ? err.status : (err as { status?: number }).status ?? null, error: err };
  }
}

/** Parser warnings that mean the interchange is incomplete or its counts disagree (x12/parse.ts). */
const BROKEN_INTERCHANGE = /missing SE trailer|SE01 says|no IEA trailer|IEA01 says/;

export async function exchange(partner: PartnerConfig, requestX12: string, payloadId: string, traceNumber: string): Promise<ExchangeResult> {
  const sentAt = new Date();
  try {
    const result = await sendRealTime(coreClientOptions(partner, payloadId), requestX12);
    const parsed = parseX12(result.payload);
    const answers = parsed.transactions.filter((t) => t.type === '271' || t.type === '999' || t.type === 'TA1');
    // Several 271s in one answer: ours is the one echoing our trace number.
    const found = answers.find((t) => t.type === '271' && (t as Transaction271).traceNumbers.some((n) => n.reference === traceNumber)) ?? answers[0];
    // An answer cut off or miscounted (no SE/IEA, SE01 wrong) may have lost benefit segments: never
    // taken as the payer's word (the faults bench's BAD271 271 read as active coverage).
    const broken = parsed.warnings.filter((w) => BROKEN_INTERCHANGE.test(w));
    const ours = broken.length > 0 ? undefined : found;
    const outcome: EligibilityOutcome = ours ?? new TransportProtocolError(partner.endpointUrl, broken.length > 0
      ? `the answer is cut off or miscounted (${broken.join('; ')})`
      : `no 271, 999 or TA1 in the answer (${parsed.warnings.join('; ') || 'empty payload'})`);
    return {
      requestX12, sentAt, receivedAt: result.receivedAt, httpStatus: result.httpStatus,
      responseType: ours ? (ours.type as '271' | '999' | 'TA1') : 'ERROR',
      responseX12: result.payload, responseJson: ours ?? parsed, outcome,
    };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return {
      requestX12, sentAt, receivedAt: new Date(), httpStatus: err instanceof TransportHttpError ? err.status : (err as { status?: number }).status ?? null,
      responseType: 'ERROR', responseX12: null, responseJson: { error: err.name, message: err.message }, outcome: err,
    };
  }
}

/** Columns the coverage anomaly view reads, from a 271. */
export function summarize271(outcome: EligibilityOutcome): {
  coverageStatus: string | null; planName: string | null; planEnd: string | null; otherPayerPrimary: boolean | null; rejectCodes: string[] | null;
} {
  if (outcome instanceof Error || outcome.type !== '271') {
    return { coverageStatus: null, planName: null, planEnd: null, otherPayerPrimary: null, rejectCodes: null };
  }
  const dates = outcome.planDates;
  const planEnd = dates.planEnd?.start ?? dates.planBegin?.end ?? dates.eligibilityEnd?.start ?? dates.eligibilityBegin?.end ?? null;
  return {
    coverageStatus: outcome.coverageStatus,
    planName: outcome.planName,
    planEnd: planEnd && /^\d{4}-\d{2}-\d{2}$/.test(planEnd) ? planEnd : null,
    otherPayerPrimary: outcome.benefits.some((b) => b.code === 'R'),
    rejectCodes: outcome.rejects.map((r) => r.code),
  };
}

/** Gateway trouble that counts against a payer's breaker (and is worth a retry). */
export function isGatewayFailure(outcome: EligibilityOutcome): boolean {
  if (outcome instanceof TransportTimeoutError || outcome instanceof TransportConnectionError) return true;
  if (outcome instanceof TransportHttpError) return outcome.status >= 500 || outcome.status === 429 || outcome.status === 408;
  if (!(outcome instanceof Error) && outcome.type === '271') return outcome.rejects.some((r) => AAA_PAYER_UNAVAILABLE.has(r.code));
  return false;
}
