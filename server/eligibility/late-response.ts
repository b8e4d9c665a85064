// Reads the 271s of an interchange that arrives after the exchange, classified as the run engine
// would for a last attempt (nothing is retried from here).
import { parseWholeX12 } from '../../x12/arrived-whole.ts';
import type { TokenizeOptions } from '../../x12/tokenize.ts';
import { classifyOutcome } from '../../x12/retry-policy.ts';
import type { ParsedX12, Transaction271, Transaction999 } from '../../x12/types.ts';
import { summarize271 } from './summarize-271.ts';

export interface LateResponse {
  traceNumber: string;
  transaction: Transaction271;
  outcome: 'RECEIVED' | 'MEMBER_PROBLEM' | 'PERMANENT';
  reason: string;
  coverageStatus: string | null;
  planName: string | null;
  planEnd: string | null;
  otherPayerPrimary: boolean | null;
  rejectCodes: string[] | null;
}

function classified(transaction: Transaction271 | Transaction999): Pick<LateResponse, 'outcome' | 'reason'> {
  const classification = classifyOutcome(transaction, { attempt: 1, maxAttempts: 1 });
  return {
    outcome: classification.kind === 'received' ? 'RECEIVED' : classification.kind === 'member_problem' ? 'MEMBER_PROBLEM' : 'PERMANENT',
    reason: classification.reason,
  };
}

/**
 * The answer to one batch submission of ours (one 270, see docs/eligibility.md): the 271 echoing
 * its trace number, or the 999 that rejected it (a 999 names no trace number; the submission's
 * PayloadID ties it to the 270). Null when the payload holds neither.
 */
export function readBatchAnswer(x12: string, traceNumber: string): (Omit<LateResponse, 'transaction'> & { responseType: '271' | '999'; transaction: Transaction271 | Transaction999 }) | null {
  const parsed = parseWholeX12(x12);
  const own = lateResponsesOf(parsed).find((answer) => answer.traceNumber === traceNumber);
  if (own) return { ...own, responseType: '271' };
  const reject = parsed.transactions.find((t): t is Transaction999 => t.type === '999');
  if (!reject) return null;
  return {
    traceNumber, transaction: reject, responseType: '999', ...classified(reject),
    coverageStatus: null, planName: null, planEnd: null, otherPayerPrimary: null, rejectCodes: null,
  };
}

export function readLateResponses(x12: string, options: TokenizeOptions = {}): LateResponse[] {
  // A cut-off 271 may have lost the benefit segments that say coverage ended.
  return lateResponsesOf(parseWholeX12(x12, options));
}

function lateResponsesOf(parsed: ParsedX12): LateResponse[] {
  return parsed.transactions
    .filter((t): t is Transaction271 => t.type === '271')
    .flatMap((transaction) => {
      const trace = transaction.traceNumbers.find((n) => n.type === '2');
      if (!trace) return [];
      return [{ traceNumber: trace.reference, transaction, ...classified(transaction), ...summarize271(transaction) }];
    });
}
