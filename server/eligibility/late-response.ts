// Reads the 271s of an interchange that arrives after the exchange, classified as the run engine
// would for a last attempt (nothing is retried from here).
import { parseX12 } from '../../x12/parse.ts';
import { classifyOutcome } from '../../x12/retry-policy.ts';
import type { Transaction271 } from '../../x12/types.ts';
import { summarize271 } from './exchange.ts';

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

export function readLateResponses(x12: string): LateResponse[] {
  const parsed = parseX12(x12);
  return parsed.transactions
    .filter((t): t is Transaction271 => t.type === '271')
    .flatMap((transaction) => {
      const trace = transaction.traceNumbers.find((n) => n.type === '2');
      if (!trace) return [];
      const classification = classifyOutcome(transaction, { attempt: 1, maxAttempts: 1 });
      const outcome = classification.kind === 'received' ? 'RECEIVED' : classification.kind === 'member_problem' ? 'MEMBER_PROBLEM' : 'PERMANENT';
      return [{ traceNumber: trace.reference, transaction, outcome, reason: classification.reason, ...summarize271(transaction) }];
    });
}
