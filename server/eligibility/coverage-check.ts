// One 270 for one coverage of a member, on a payer slot the scheduler (run-sweep.ts) admitted it to:
// stored PENDING (eligibility_private.fn_open_inquiry) before it leaves, sent over CORE real-time
// or submitted in batch mode, classified by the retry policy, and settled in the statement that
// gives the slot back (eligibility_private.fn_settle_inquiry). Whether and when to try again is the
// scheduler's.
import { randomUUID } from 'node:crypto';
import { classifyOutcome, type Classification } from '../../x12/retry-policy.ts';
import { ControlNumbers } from './control-numbers.ts';
import type { GateRelease, GatewayResult, LocalSlots, PayerGate, Settled, Ticket } from './payer-gate.ts';
import type { SweepContext } from './sweep-context.ts';
import { build270For, exchange, isGatewayFailure, submitToBatch, summarize271, type ExchangeResult } from './exchange.ts';
import type { CoverageOutcome, Payer, PlannedCoverage, PlannedMember, SweepPlan } from './sweep-plan.ts';

/**
 * Which 270 of the coverage this is: `number` counts the run's tries (from before a restart too);
 * `fresh`: it has not failed before; `submit`: the member is SUBMITTED in the statement that stores
 * it; `alone`: the member's only coverage, so a final answer completes the member in the settle.
 */
export interface Attempt {
  number: number;
  fresh: boolean;
  submit: boolean;
  alone: boolean;
}

/** A final outcome, or a retry after the wait the retry policy decided in the settle. */
export type AttemptOutcome = CoverageOutcome | { kind: 'retry'; afterMs: number };

/** The slot the 270 holds: the gateway's ticket, and the run's lane for the payer (its pacing). */
export interface Admitted {
  payer: Payer;
  ticket: Ticket;
  lane: LocalSlots<Ticket>;
}

const OUTCOME_COLUMN = { received: 'RECEIVED', retry: 'RETRY', member_problem: 'MEMBER_PROBLEM', permanent: 'PERMANENT' } as const;

export class CoverageCheck {
  /** 270s stored and sent by this run. */
  sent = 0;
  private readonly controlNumbers: ControlNumbers;
  private readonly sweep: SweepContext;
  private readonly plan: SweepPlan;
  private readonly gate: PayerGate;
  /** fn_settle_inquiry's p_retry: the retry policy's settings. */
  private readonly retryPolicy: string;

  constructor(sweep: SweepContext, plan: SweepPlan, gate: PayerGate) {
    const { settings } = sweep;
    this.sweep = sweep;
    this.plan = plan;
    this.gate = gate;
    this.retryPolicy = JSON.stringify({ baseMs: settings.retryBaseMs, memberBaseMs: settings.memberRetryBaseMs, maxMs: settings.retryMaxMs });
    this.controlNumbers = new ControlNumbers(sweep.db, sweep.tenantId);
  }

  async attempt(member: PlannedMember, coverage: PlannedCoverage, { payer, ticket, lane }: Admitted,
    { number: attempt, fresh, submit, alone }: Attempt): Promise<AttemptOutcome> {
    const partner = payer.partner!;
    const inquiryId = randomUUID();
    let result: ExchangeResult | undefined;
    let classification: Classification | undefined;
    let acknowledged = false;
    let retryAfterMs = 0;
    let slotKept = false;
    try {
      const trace = inquiryId.replaceAll('-', '');
      const controlNumber = await this.controlNumbers.next(partner.id);
      const requestX12 = build270For(member, coverage, payer, partner, controlNumber, trace);
      const opened = await this.sweep.call<{ result: string | null }>(submit ? 'fn_submit_and_open_inquiry' : 'fn_open_inquiry', inquiryId, member.rowId,
        coverage.coverageId, partner.id, attempt, trace, controlNumber, requestX12, partner.mode === 'batch' ? 'Batch' : 'RealTime');
      if (!opened.result) return { kind: 'gone', reason: '', payerCode: payer.code };
      this.sent++;
      if (partner.mode === 'batch') {
        // One batch submission per 270, its PayloadID the inquiry id (see docs/eligibility.md).
        const receipt = await submitToBatch(partner, requestX12, inquiryId);
        acknowledged = !receipt.error;
        result = {
          requestX12, sentAt: receipt.sentAt, receivedAt: receipt.receivedAt, httpStatus: receipt.httpStatus, responseType: 'ERROR',
          responseX12: null, responseJson: receipt.error ? { error: receipt.error.name, message: receipt.error.message } : null,
          outcome: receipt.error ?? new Error('batch submission acknowledged'),
        };
      } else {
        result = await exchange(partner, requestX12, inquiryId, trace);
      }
      // Whether to retry is the classification's call; how long to wait is the retry policy's, in
      // SQL (eligibility_private.sweep_retry_after_ms, decided by fn_settle_inquiry below).
      classification = classifyOutcome(result.outcome, { attempt, maxAttempts: this.sweep.settings.maxAttempts });
    } finally {
      // Counted before the slot is handed on, so the next 270 sees a breaker this answer opened.
      const gatewayResult: GatewayResult = !result ? 'none' : !acknowledged && isGatewayFailure(result.outcome) ? 'gateway_failure' : 'ok';
      const reason = gatewayResult === 'gateway_failure' ? classification?.reason ?? null : null;
      // A real-time answer is stored, and a lone member completed, in the statement that releases the slot.
      const [answered, decided] = [acknowledged ? undefined : result, classification];
      const completes = alone && !!decided && decided.kind !== 'retry';
      const settle = answered && decided ? (release: GateRelease) => this.sweep.db.query<{ breaker_state: string | null; retry_after_ms: number | null; slot_kept: boolean }>(
        'select * from eligibility_private.fn_settle_inquiry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [this.sweep.tenantId, payer.gatewayKey, release, inquiryId, this.answerOf(answered, decided), member.rowId, completes,
          completes && decided.kind !== 'received' ? decided.reason : null, this.retryPolicy, release.keep]).then(({ rows: [settled] }): Settled => {
        retryAfterMs = settled.retry_after_ms ?? 0;
        slotKept = settled.slot_kept;
        return { state: settled.breaker_state, kept: settled.slot_kept };
      }) : undefined;
      // While a 270 of the lane waits for a slot, the settle may keep this one's gateway slot for
      // it: two round trips between an answer and the next 270 on the slot (settle, open) instead
      // of three (settle, acquire, open). A kept slot no waiter took after all goes back to the gate.
      const keep = !!settle && lane.promiseHandOff();
      const state = await this.gate.give(ticket, gatewayResult, fresh, reason, settle, keep ? this.plan.limitOf(payer.id) : undefined).finally(async () => {
        if (!lane.release(slotKept ? ticket : undefined, keep)) await this.gate.give(ticket, 'none', fresh, null);
      });
      if (state) this.sweep.log.warn({ sweepRunId: this.sweep.runId, payer: payer.code, state, reason }, 'payer circuit breaker changed');
    }
    if (acknowledged) {
      // The inquiry stays PENDING: its 271 is pushed to POST /eligibility/responses or polled by
      // eligibility/poll-batch-results, matched by trace number either way.
      await this.sweep.call('fn_acknowledge_batch_inquiry', inquiryId, result.receivedAt, result.httpStatus);
      return { kind: 'awaiting', reason: '', payerCode: payer.code };
    }
    if (classification!.kind === 'retry') return { kind: 'retry', afterMs: retryAfterMs };
    return { kind: classification!.kind, reason: classification!.reason, payerCode: payer.code, memberCompleted: alone };
  }

  /** fn_record_inquiry_answer's p_answer. */
  private answerOf(result: ExchangeResult, classification: Classification): string {
    return JSON.stringify({
      receivedAt: result.receivedAt, httpStatus: result.httpStatus, responseType: result.responseType, responseX12: result.responseX12,
      responseJson: result.responseJson, outcome: OUTCOME_COLUMN[classification.kind], reason: classification.reason, ...summarize271(result.outcome),
    });
  }
}
