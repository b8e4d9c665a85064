import { parseX12 } from './parse.ts';
import { classifyOutcome } from './retry-policy.ts';
import { readSample } from './test-support/samples.ts';
import type { Reject, Transaction271 } from './types.ts';

function rejected271(rejects: Partial<Reject>[]): Transaction271 {
  const base = parseX12(readSample('Kartik-Hirijaganer__X12-Parser-Encoder__271_rejected_subscriber.x12')).transactions[0] as Transaction271;
  return {
    ...base,
    rejects: rejects.map((r) => ({ loop: '2100C', valid: 'N', code: '72', description: null, followUpAction: 'C', followUpActionDescription: null, ...r })),
  };
}

describe('classifyOutcome', () => {
  it('reads the real rejected sample as a member problem with the operator text', () => {
    const t = parseX12(readSample('Kartik-Hirijaganer__X12-Parser-Encoder__271_rejected_subscriber.x12')).transactions[0] as Transaction271;
    expect(classifyOutcome(t)).toEqual({ kind: 'member_problem', reason: 'AAA 72 Invalid/Missing Subscriber/Insured ID (follow-up C: Please Correct and Resubmit) at 2100C' });
  });

  it('AAA 80 with follow-up P retries with doubling backoff, capped', () => {
    const t = rejected271([{ loop: '2100A', code: '80', description: 'No Response received - Transaction Terminated', followUpAction: 'P', followUpActionDescription: 'Please Resubmit Original Transaction' }]);
    expect(classifyOutcome(t, { attempt: 2 })).toMatchObject({ kind: 'retry', retryAfterMs: 4000 });
    expect(classifyOutcome(t, { attempt: 4, maxAttempts: 10, maxBackoffMs: 10_000 })).toMatchObject({ kind: 'retry', retryAfterMs: 10_000 });
  });

  it('AAA 42 with follow-up W waits 30 days (not in this run)', () => {
    const t = rejected271([{ loop: '2100A', code: '42', followUpAction: 'W', followUpActionDescription: 'Please Wait 30 Days and Resubmit' }]);
    expect(classifyOutcome(t)).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/wait 30 days before resubmitting \(not in this run\)$/) });
  });

  it('AAA 42 with follow-up N (resubmission not allowed) is permanent', () => {
    expect(classifyOutcome(rejected271([{ loop: '2100A', code: '42', followUpAction: 'N' }])).kind).toBe('permanent');
  });

  it('provider problems (AAA 50 at 2100B) are permanent, not member problems', () => {
    const t = parseX12(readSample('LinuxForHealth__x12__subscriber-health-benefit-check-error.271')).transactions[0] as Transaction271;
    expect(classifyOutcome(t)).toEqual({ kind: 'permanent', reason: 'AAA 50 Provider Ineligible for Inquiries (follow-up N: Resubmission Not Allowed) at 2100B' });
  });

  it('a TA1 rejection is permanent', () => {
    const ta1 = parseX12(readSample('UHIN__x12-parser-library__TA1.edi')).transactions[0]!;
    expect(classifyOutcome(ta1 as never)).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/^Interchange rejected: TA1 R 024/) });
  });
});
