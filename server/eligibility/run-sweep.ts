// The sweep run scheduler: one job per run (never one per member). It decides what to send when:
// per-payer lanes paced to the slowest payer, admission through the shared payer gate (slots and
// breakers in Postgres, across processes), retries that follow the payer's answer, the cache.
// Every state change is one eligibility_private function (sql/functions/eligibility_private/
// sweep_member.sql, sweep_inquiry.sql); TypeScript does what SQL can't: pacing here, HTTP and X12
// in coverage-check.ts (one coverage's 270, sent and settled). What the run has left to do comes
// from sweep-plan.ts; run-watch.ts notices a cancel and keeps the run's heartbeat.
// Crash safety: a member is SUBMITTED before its 270 leaves and each 270 is stored PENDING before
// it is sent; a re-fired run first calls fn_recover_sweep_run.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import { logger } from '../log.ts';
import { LocalSlots, PayerGate, type Ticket } from './payer-gate.ts';
import { sweepSettings, type SweepSettings } from './settings.ts';
import { sweepContext, type SweepContext } from './sweep-context.ts';
import { noTradingPartner, SweepPlan, type CoverageOutcome, type PlannedCoverage, type PlannedMember } from './sweep-plan.ts';
import { CoverageCheck, type Admitted } from './coverage-check.ts';
import { RunWatch } from './run-watch.ts';

export interface SweepSummary {
  sweepRunId: string;
  status: string | null;
  processed: number;
  sent: number;
  ms: number;
}

const LOCAL_LANE = 'local';

export async function runSweep(db: Db, sweepRunId: string, options: { log?: Logger; settings?: SweepSettings } = {}): Promise<SweepSummary> {
  const log = options.log ?? logger('sweep');
  const started = Date.now();
  const found = await db.query<{ tenant_id: string }>('select tenant_id from eligibility.eligibility_sweep_run where id = $1', [sweepRunId]);
  const tenantId = found.rows[0]?.tenant_id;
  // RUNNING when there is work; a terminal status (or null: no such run) means the job has nothing to do.
  const status = tenantId ? (await db.query<{ s: string }>('select eligibility_private.fn_begin_sweep_run($1, $2) as s', [tenantId, sweepRunId])).rows[0].s : null;
  if (!tenantId || status !== 'RUNNING') {
    log.info({ sweepRunId, tenantId, status }, 'sweep run not found or already finished; the job exits');
    return { sweepRunId, status, processed: 0, sent: 0, ms: Date.now() - started };
  }
  const engine = new SweepEngine(sweepContext(db, tenantId, sweepRunId, options.settings ?? sweepSettings(), log));
  await engine.run(Date.now() - started);
  const finalStatus = (await db.query<{ s: string }>('select eligibility_private.fn_finish_sweep_run($1, $2) as s', [tenantId, sweepRunId])).rows[0].s;
  const counts = (await db.query('select total_members, received_count, failed_count, skipped_count, cache_hit_count, inquiries_sent from eligibility.eligibility_sweep_run where tenant_id = $1 and id = $2', [tenantId, sweepRunId])).rows[0];
  const ms = Date.now() - started;
  // Batch partners answer later: such a run completes when the last 271 lands (or its deadline passes).
  log.info({ sweepRunId, tenantId, status: finalStatus, awaitingBatch: engine.awaitingBatch, ...counts, ms },
    finalStatus === 'RUNNING' && engine.awaitingBatch > 0 ? 'sweep run sent everything; awaiting batch answers' : 'sweep run finished');
  return { sweepRunId, status: finalStatus, processed: engine.processed, sent: engine.sent, ms };
}

class SweepEngine {
  processed = 0;
  /** Members left SUBMITTED for a batch partner's 271s. */
  awaitingBatch = 0;
  private readonly slots = new Map<string, LocalSlots<Ticket>>();
  private readonly sweep: SweepContext;
  private readonly plan: SweepPlan;
  private readonly gate: PayerGate;
  private readonly coverages: CoverageCheck;
  private readonly watch: RunWatch;

  constructor(sweep: SweepContext) {
    const { db, tenantId, settings } = sweep;
    this.sweep = sweep;
    this.plan = new SweepPlan(sweep);
    this.gate = new PayerGate(db, tenantId, { failureThreshold: settings.breakerFailures, cooloffMs: settings.breakerCooloffMs });
    this.coverages = new CoverageCheck(sweep, this.plan, this.gate);
    this.watch = new RunWatch(sweep, () => ({ processed: this.processed, sent: this.sent }));
  }

  get sent(): number {
    return this.coverages.sent;
  }

  /** rosterMs: the job's time until the roster was in (logged with the plan's, the run's start before its first 270). */
  async run(rosterMs: number): Promise<void> {
    const { db, tenantId, runId, settings, log } = this.sweep;
    const planned = Date.now();
    const recovered = (await db.query('select eligibility_private.fn_recover_sweep_run($1, $2) as r', [tenantId, runId])).rows[0].r;
    if (Object.values(recovered).some((n) => n !== 0)) log.warn({ sweepRunId: runId, ...recovered }, 'resuming a run after a worker restart');
    await this.plan.loadPayers();
    let members = await this.plan.loadMembers();
    const paced = this.paceSlots(members);
    log.info({ sweepRunId: runId, tenantId, queued: members.length, slots: Object.fromEntries(paced), rosterMs, planMs: Date.now() - planned },
      'sweep run started');
    this.watch.start();
    try {
      while (members.length > 0 && !this.watch.cancelled) {
        // One lane per payer, a few members per in-flight slot (members sleeping out a retry backoff
        // do not idle the payer): a member is taken (and SUBMITTED) only when its payer can soon take
        // a 270, so a slow payer never starves the others and a cancel finds the rest still QUEUED.
        const lanes = Map.groupBy(members, (member) => this.laneOf(member));
        const deferred: PlannedMember[] = [];
        await Promise.all([...lanes].map(async ([lane, list]) => {
          const width = lane === LOCAL_LANE ? settings.concurrency : (paced.get(lane) ?? 1) * settings.laneFactor;
          let next = 0;
          await Promise.all(Array.from({ length: Math.min(width, list.length) }, async () => {
            while (!this.watch.cancelled && next < list.length) {
              const member = list[next++];
              if ((await this.processMemberSafely(member)) === 'deferred') deferred.push(member);
            }
          }));
        }));
        if (deferred.length === 0 || this.watch.cancelled) break;
        // Members of payers whose breaker is open wait QUEUED; the run resumes by itself. The other
        // lanes may have outlasted the cool-off (a retry waits it out): then nothing is open any
        // more and the deferred members go on after a short pause. (Math.min of nothing is
        // Infinity: the run used to sleep forever there, RUNNING with its members QUEUED.)
        const stillOpen = deferred.flatMap((m) => m.coverages.map((c) => this.openForMs(c.payerId))).filter((ms) => ms > 0);
        const waitMs = stillOpen.length > 0 ? stillOpen.reduce((least, ms) => Math.min(least, ms)) : 250;
        log.warn({ sweepRunId: runId, waiting: deferred.length, waitMs }, 'payer breaker open; members wait QUEUED');
        await this.watch.sleepUnlessCancelled(waitMs);
        await this.plan.reloadPayers();
        members = deferred;
      }
    } finally {
      this.watch.stop();
    }
    if (this.watch.cancelled) log.info({ sweepRunId: runId, processed: this.processed }, 'sweep run cancelled by operator; stopped between members');
  }

  /**
   * In-flight slots per payer for this run. The run cannot end before its slowest payer (270s to
   * send / max_in_flight); with ELIGIBILITY_PACE_PAYERS (default on) the other payers get just
   * enough slots to finish at about the same time, so the run asks less of everyone at once
   * without taking longer. Never above max_in_flight (which the payer gate enforces across runs).
   */
  private paceSlots(members: PlannedMember[]): Map<string, number> {
    const toSend = new Map<string, number>();
    for (const member of members) {
      for (const c of member.coverages) if (this.plan.needs270(member, c)) toSend.set(c.payerId, (toSend.get(c.payerId) ?? 0) + 1);
    }
    const limitOf = (payerId: string) => this.plan.limitOf(payerId);
    const waves = (payerId: string) => toSend.get(payerId)! / limitOf(payerId);
    const slowest = Math.max(0, ...[...toSend.keys()].map(waves));
    const paced = new Map<string, number>();
    for (const payerId of toSend.keys()) {
      const slots = this.sweep.settings.pacePayers && slowest > 0 ? Math.ceil(limitOf(payerId) * waves(payerId) / slowest) : limitOf(payerId);
      paced.set(payerId, Math.min(limitOf(payerId), Math.max(1, slots)));
      this.slots.set(payerId, new LocalSlots<Ticket>(paced.get(payerId)!));
    }
    return paced;
  }

  private openForMs(payerId: string): number {
    const key = this.plan.payer(payerId)?.gatewayKey;
    return key ? this.gate.openForMs(key) : 0;
  }

  /** The payer whose 270 this member waits on first, or the local lane when nothing is to be sent. */
  private laneOf(member: PlannedMember): string {
    return member.coverages.find((c) => this.plan.needs270(member, c))?.payerId ?? LOCAL_LANE;
  }

  /** A bug or bad data for one member fails that member, not the run; a database outage fails the job (it is retried). */
  private async processMemberSafely(member: PlannedMember): Promise<'done' | 'deferred' | 'gone'> {
    try {
      return await this.processMember(member);
    } catch (error) {
      this.sweep.log.error({ err: error, sweepRunId: this.sweep.runId, sweepRunMemberId: member.rowId }, 'member failed with an internal error');
      await this.sweep.call('fn_fail_sweep_member', member.rowId, (error as Error).message);
      this.processed++;
      return 'done';
    }
  }

  private async processMember(member: PlannedMember): Promise<'done' | 'deferred' | 'gone'> {
    const { outcomes, toCache, toSend, localFailures } = this.plan.needs(member);
    if (toSend.some((c) => this.openForMs(c.payerId) > 0)) return 'deferred';
    const capped = toSend.filter((c) => this.plan.payer(c.payerId)!.daily270Cap !== null);
    if (capped.length > 0) {
      const counts = Object.fromEntries([...Map.groupBy(capped, (c) => c.payerId)].map(([payerId, list]) => [payerId, list.length]));
      if (!(await this.sweep.call<{ result: boolean }>('fn_reserve_daily_270s', member.rowId, counts)).result) {
        this.processed++;
        return 'done';
      }
    }
    // A member whose one coverage needs a 270 and nothing else is SUBMITTED with that 270 (once it
    // holds a slot) and completed with its final answer, each in the same statement.
    const alone = toSend.length === 1 && outcomes.length === 0 && toCache.length === 0;
    if (!alone && !(await this.sweep.call<{ result: boolean }>('fn_submit_sweep_member', member.rowId)).result) return 'gone';
    for (const coverage of toCache) {
      await this.sweep.call('fn_reuse_cached_answer', member.rowId, coverage.coverageId, coverage.cachedInquiryId);
      outcomes.push({ kind: 'cached', reason: '', payerCode: this.plan.payer(coverage.payerId)!.code });
    }
    outcomes.push(...(await Promise.all(toSend.map((coverage) => this.checkCoverage(member, coverage, alone)))));
    if (outcomes.some((o) => o.kind === 'gone')) return 'gone';

    const describe = (failures: CoverageOutcome[]): string | null => (failures.length === 0 ? null
      : failures.map((f) => (member.coverages.length > 1 ? `${f.payerCode}: ${f.reason}` : f.reason)).join('; '));
    this.processed++;
    if (outcomes.some((o) => o.memberCompleted)) return 'done';
    if (outcomes.some((o) => o.kind === 'awaiting')) {
      this.awaitingBatch++;
      await this.sweep.call('fn_await_batch_answers', member.rowId, describe(localFailures), toCache.length > 0);
    } else {
      await this.sweep.call('fn_complete_sweep_member', member.rowId, describe(outcomes.filter((o) => o.kind === 'member_problem' || o.kind === 'permanent')), toCache.length > 0);
    }
    return 'done';
  }

  /**
   * A slot of this run's pacing and of the payer gate; while the payer's breaker is open the 270 waits unsent.
   * A 270 woken by the answer of the one before it on the slot may be handed that 270's gateway slot
   * with it (kept by its settle, payer_gate.keep): it then sends without asking the gate.
   */
  private async admit(coverage: PlannedCoverage, fresh: boolean): Promise<Admitted | null> {
    for (;;) {
      const payer = this.plan.payer(coverage.payerId)!;
      if (!payer.partner || !payer.gatewayKey) return null;
      const lane = this.slots.get(payer.id)!;
      const handed = await lane.acquire(!fresh);
      if (handed) return { payer, ticket: handed, lane };
      const ticket = await this.gate.take({ key: payer.gatewayKey, limit: this.plan.limitOf(payer.id) }, fresh)
        .catch((error: unknown) => {
          lane.release();
          throw error;
        });
      if (!('openForMs' in ticket)) return { payer, ticket, lane };
      lane.release();
      await sleep(ticket.openForMs);
      await this.plan.reloadPayers();
    }
  }

  /** Sends the 270 for one coverage, retrying transient faults with backoff; returns the final outcome. */
  private async checkCoverage(member: PlannedMember, coverage: PlannedCoverage, alone: boolean): Promise<CoverageOutcome> {
    let submit = alone;
    // After a restart the count goes on from this run's earlier tries (at least one more is sent).
    for (let attempt = Math.min(coverage.priorAttempts + 1, this.sweep.settings.maxAttempts); ; attempt++) {
      // A 270 that has not failed before may probe a half-open breaker, and only its failure counts
      // against the payer: a member the payer always fails is that member's problem.
      const fresh = attempt === 1;
      const admitted = await this.admit(coverage, fresh);
      if (!admitted) {
        // The partner went away mid-run: the member is settled as any other, SUBMITTED first.
        if (submit && !(await this.sweep.call<{ result: boolean }>('fn_submit_sweep_member', member.rowId)).result) return { kind: 'gone', reason: '', payerCode: '' };
        return noTradingPartner(this.plan.payer(coverage.payerId)!);
      }
      const tried = await this.coverages.attempt(member, coverage, admitted, { number: attempt, fresh, submit, alone });
      submit = false;
      if (tried.kind !== 'retry') return tried;
      await sleep(tried.afterMs);
    }
  }
}
