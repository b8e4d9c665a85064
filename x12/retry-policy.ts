// Decides what the sweep engine does with one eligibility attempt's outcome. Pure: the
// caller supplies the attempt number and stores the verbatim reason.

import { AAA_MEMBER_PROBLEMS, AAA_PAYER_UNAVAILABLE } from './codes.ts';
import {
  TransportAuthError, TransportConnectionError, TransportHttpError, TransportProtocolError, TransportTimeoutError,
} from './transport/errors.ts';
import type { Reject, Transaction271, Transaction999, TransactionTA1 } from './types.ts';

export type OutcomeKind = 'received' | 'retry' | 'member_problem' | 'permanent';

export interface Classification {
  kind: OutcomeKind;
  retryAfterMs?: number;
  reason: string;
}

export interface RetryPolicyOptions {
  /** 1 for the first try. */
  attempt?: number;
  /** Attempts allowed in one run before a retryable fault becomes permanent. Default 5. */
  maxAttempts?: number;
  /** First backoff; doubled per attempt up to maxBackoffMs. Default 2000. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export type EligibilityOutcome = Transaction271 | Transaction999 | TransactionTA1 | Error;

const WAIT_DAYS: Record<string, number> = { W: 30, X: 10 };
const DO_NOT_RESUBMIT = new Set(['N', 'S', 'Y']);

export function describeReject(reject: Reject): string {
  const followUp = reject.followUpAction
    ? ` (follow-up ${reject.followUpAction}: ${reject.followUpActionDescription ?? 'unknown follow-up code'})`
    : '';
  return `AAA ${reject.code} ${reject.description ?? 'Unknown reject reason'}${followUp} at ${reject.loop}`;
}

function describe999(ack: Transaction999): string {
  const details = ack.errors.map((e) => {
    const elements = e.elementErrors.map((el) => ` IK4 element ${el.position}${el.dataElementReference ? ` (${el.dataElementReference})` : ''} ${el.code} ${el.description ?? ''}${el.badValue ? ` bad value ${JSON.stringify(el.badValue)}` : ''}`.trimEnd());
    return `IK3 ${e.segmentId} segment ${e.segmentPosition}${e.loop ? ` loop ${e.loop}` : ''} ${e.code} ${e.description ?? ''}`.trimEnd() + elements.join(';');
  });
  const setErrors = ack.sets.flatMap((s) => s.errorCodes.map((c) => `IK5 ${s.status} ${c.code} ${c.description ?? ''}`.trimEnd()));
  const parts = details.length > 0 ? details : setErrors.length > 0 ? setErrors : [`AK9 ${ack.groupStatus} ${ack.groupStatusDescription ?? ''}`.trimEnd()];
  return `999 ${ack.accepted}: ${parts.join('; ')}`;
}

function backoff(options: RetryPolicyOptions): number {
  const attempt = Math.max(1, options.attempt ?? 1);
  const base = options.baseBackoffMs ?? 2000;
  return Math.min(options.maxBackoffMs ?? 60_000, base * 2 ** (attempt - 1));
}

function retryOrGiveUp(reason: string, options: RetryPolicyOptions): Classification {
  const attempt = options.attempt ?? 1;
  const maxAttempts = options.maxAttempts ?? 5;
  if (attempt >= maxAttempts) return { kind: 'permanent', reason: `${reason}; gave up after ${attempt} attempts` };
  return { kind: 'retry', retryAfterMs: backoff(options), reason };
}

function classifyRejects(rejects: Reject[], options: RetryPolicyOptions): Classification {
  const reasons = rejects.map(describeReject).join('; ');
  // One AAA decides, in this order: what forbids resubmission, then member problems, then "try later".
  const waiting = rejects.find((r) => WAIT_DAYS[r.followUpAction] !== undefined);
  if (waiting) return { kind: 'permanent', reason: `${reasons}; wait ${WAIT_DAYS[waiting.followUpAction]} days before resubmitting (not in this run)` };
  const member = rejects.find((r) => AAA_MEMBER_PROBLEMS.has(r.code));
  if (member) return { kind: 'member_problem', reason: reasons };
  const unavailable = rejects.find((r) => AAA_PAYER_UNAVAILABLE.has(r.code));
  if (unavailable && !DO_NOT_RESUBMIT.has(unavailable.followUpAction)) return retryOrGiveUp(reasons, options);
  return { kind: 'permanent', reason: reasons };
}

function classifyError(error: Error, options: RetryPolicyOptions): Classification {
  if (error instanceof TransportAuthError) return { kind: 'permanent', reason: error.message };
  if (error instanceof TransportTimeoutError || error instanceof TransportConnectionError) return retryOrGiveUp(error.message, options);
  if (error instanceof TransportHttpError) {
    if (error.status >= 500 || error.status === 429 || error.status === 408) return retryOrGiveUp(error.message, options);
    return { kind: 'permanent', reason: error.message };
  }
  if (error instanceof TransportProtocolError) return { kind: 'permanent', reason: error.message };
  return { kind: 'permanent', reason: `${error.name}: ${error.message}` };
}

export function classifyOutcome(outcome: EligibilityOutcome, options: RetryPolicyOptions = {}): Classification {
  if (outcome instanceof Error) return classifyError(outcome, options);
  if (outcome.type === 'TA1') {
    const reason = `TA1 ${outcome.acknowledgmentCode} ${outcome.noteCode} ${outcome.noteDescription ?? ''}`.trimEnd();
    return outcome.acknowledgment === 'rejected' ? { kind: 'permanent', reason: `Interchange rejected: ${reason}` } : { kind: 'permanent', reason: `Only an interchange acknowledgment was returned: ${reason}` };
  }
  if (outcome.type === '999') {
    // A 999 in answer to a real-time 270 means no 271 is coming; a rejected one means our 270 is wrong.
    return { kind: 'permanent', reason: describe999(outcome) };
  }
  if (outcome.coverageStatus === 'rejected') return classifyRejects(outcome.rejects, options);
  return { kind: 'received', reason: `271 ${outcome.coverageStatus}${outcome.planName ? ` (${outcome.planName})` : ''}` };
}
