// The sweep run scheduler: one job per run (never one per member). It decides what to send when:
// per-payer lanes paced to the slowest payer, admission through the shared payer gate (slots and
// breakers in Postgres, across processes), retries that follow the payer's answer, the cache.
// Every state change is one eligibility_private function (sql/functions/eligibility_private/
// sweep_member.sql, sweep_inquiry.sql); this file does what SQL can't: pacing, HTTP, X12.
// Crash safety: a member is SUBMITTED before its 270 leaves and each 270 is stored PENDING before
// it is sent; a re-fired run first calls fn_recover_sweep_run.
import { randomUUID } from 'node:crypto';
import { classifyOutcome, type Classification } from '../../x12/retry-policy.ts';
import type { Db } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import { logger } from '../log.ts';
import { ControlNumbers } from './control-numbers.ts';
import { LocalSlots, PayerGate, type GateRelease, type GatewayResult, type Settled, type Ticket } from './payer-gate.ts';
import { sweepSettings, type SweepSettings } from './settings.ts';
import { loadPartnerConnection, type PartnerConnection } from '../partners/connection.ts';
import {
  build270For, exchange, isGatewayFailure, submitToBatch, summarize271, type CoverageToCheck, type ExchangeResult, type PartnerConfig, type PayerConfig, type RosterMember,
} from './exchange.ts';

export interface SweepSummary {
  sweepRunId: string;
  status: string | null;
  processed: number;
  sent: number;
  ms: number;
}

/** awaiting: a batch partner acknowledged the 270; its 271 comes later (pushed or polled). */
/** memberCompleted: the answer's own statement settled the member (its only 270, final answer). */
/** gone: a cancel came before the member's 270 left (it was still QUEUED). */
type CoverageOutcome = { kind: 'received' | 'cached' | 'member_problem' | 'permanent' | 'awaiting' | 'gone'; reason: string; payerCode: string; memberCompleted?: boolean };
type PlannedCoverage = CoverageToCheck & { cachedInquiryId: string | null; prior: CoverageOutcome | null; priorAttempts: number };
type PlannedMember = Omit<RosterMember, 'coverages'> & { coverages: PlannedCoverage[] };
type Payer = PayerConfig & { gatewayKey: string | null };

const LOCAL_LANE = 'local';
const OUTCOME_COLUMN = { received: 'RECEIVED', retry: 'RETRY', member_problem: 'MEMBER_PROBLEM', permanent: 'PERMANENT' } as const;
const PRIOR_KIND = { RECEIVED: 'received', CACHED: 'cached', MEMBER_PROBLEM: 'member_problem', PERMANENT: 'permanent', PENDING: 'awaiting' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const engine = new SweepEngine(db, tenantId, sweepRunId, options.settings ?? sweepSettings(), log);
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
  sent = 0;
  /** Members left SUBMITTED for a batch partner's 271s. */
  awaitingBatch = 0;
  private cancelled = false;
  private lastReload = 0;
  private readonly payers = new Map<string, Payer>();
  private readonly slots = new Map<string, LocalSlots<Ticket>>();
  private readonly gate: PayerGate;
  private readonly controlNumbers: ControlNumbers;
  private readonly db: Db;
  private readonly tenantId: string;
  private readonly runId: string;
  private readonly settings: SweepSettings;
  private readonly log: Logger;
  /** fn_settle_inquiry's p_retry: the retry policy's settings. */
  private readonly retryPolicy: string;

  constructor(db: Db, tenantId: string, runId: string, settings: SweepSettings, log: Logger) {
    this.db = db;
    this.tenantId = tenantId;
    this.runId = runId;
    this.settings = settings;
    this.log = log;
    this.retryPolicy = JSON.stringify({ baseMs: settings.retryBaseMs, memberBaseMs: settings.memberRetryBaseMs, maxMs: settings.retryMaxMs });
    this.controlNumbers = new ControlNumbers(db, tenantId);
    this.gate = new PayerGate(db, tenantId, { failureThreshold: settings.breakerFailures, cooloffMs: settings.breakerCooloffMs });
  }

  private call<R extends Record<string, unknown>>(fn: string, ...params: unknown[]): Promise<R> {
    const args = params.map((_, i) => `, $${i + 2}`).join('');
    return this.db.query<R>(`select eligibility_private.${fn}($1${args}) as result`, [this.tenantId, ...params]).then((r) => r.rows[0]);
  }

  /** rosterMs: the job's time until the roster was in (logged with the plan's, the run's start before its first 270). */
  async run(rosterMs: number): Promise<void> {
    const planned = Date.now();
    const recovered = (await this.db.query('select eligibility_private.fn_recover_sweep_run($1, $2) as r', [this.tenantId, this.runId])).rows[0].r;
    if (Object.values(recovered).some((n) => n !== 0)) this.log.warn({ sweepRunId: this.runId, ...recovered }, 'resuming a run after a worker restart');
    await this.loadPayers();
    let members = await this.loadPlan();
    const paced = this.paceSlots(members);
    this.log.info({ sweepRunId: this.runId, tenantId: this.tenantId, queued: members.length, slots: Object.fromEntries(paced), rosterMs, planMs: Date.now() - planned },
      'sweep run started');
    const poll = setInterval(() => void this.checkCancelled(), 500);
    const progress = setInterval(() => void this.reportProgress(), 2000);
    try {
      while (members.length > 0 && !this.cancelled) {
        // One lane per payer, a few members per in-flight slot (members sleeping out a retry backoff
        // do not idle the payer): a member is taken (and SUBMITTED) only when its payer can soon take
        // a 270, so a slow payer never starves the others and a cancel finds the rest still QUEUED.
        const lanes = Map.groupBy(members, (member) => this.laneOf(member));
        const deferred: PlannedMember[] = [];
        await Promise.all([...lanes].map(async ([lane, list]) => {
          const width = lane === LOCAL_LANE ? this.settings.concurrency : (paced.get(lane) ?? 1) * this.settings.laneFactor;
          let next = 0;
          await Promise.all(Array.from({ length: Math.min(width, list.length) }, async () => {
            while (!this.cancelled && next < list.length) {
              const member = list[next++];
              if ((await this.processMemberSafely(member)) === 'deferred') deferred.push(member);
            }
          }));
        }));
        if (deferred.length === 0 || this.cancelled) break;
        // Members of payers whose breaker is open wait QUEUED; the run resumes by itself. The other
        // lanes may have outlasted the cool-off (a retry waits it out): then nothing is open any
        // more and the deferred members go on after a short pause. (Math.min of nothing is
        // Infinity: the run used to sleep forever there, RUNNING with its members QUEUED.)
        const stillOpen = deferred.flatMap((m) => m.coverages.map((c) => this.openForMs(c.payerId))).filter((ms) => ms > 0);
        const waitMs = stillOpen.length > 0 ? stillOpen.reduce((least, ms) => Math.min(least, ms)) : 250;
        this.log.warn({ sweepRunId: this.runId, waiting: deferred.length, waitMs }, 'payer breaker open; members wait QUEUED');
        await this.sleepUnlessCancelled(waitMs);
        await this.reloadPayers();
        members = deferred;
      }
    } finally {
      clearInterval(poll);
      clearInterval(progress);
    }
    if (this.cancelled) this.log.info({ sweepRunId: this.runId, processed: this.processed }, 'sweep run cancelled by operator; stopped between members');
  }

  /** What each coverage still needs: nothing (answered before a restart, or a fresh 271 cached), a local failure, or a 270. */
  private needs270(member: PlannedMember, coverage: PlannedCoverage): boolean {
    return !coverage.prior && !coverage.cachedInquiryId && !!this.payers.get(coverage.payerId)?.partner && !!member.providerNpi;
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
      for (const c of member.coverages) if (this.needs270(member, c)) toSend.set(c.payerId, (toSend.get(c.payerId) ?? 0) + 1);
    }
    const waves = (payerId: string) => toSend.get(payerId)! / this.limitOf(payerId);
    const slowest = Math.max(0, ...[...toSend.keys()].map(waves));
    const paced = new Map<string, number>();
    for (const payerId of toSend.keys()) {
      const slots = this.settings.pacePayers && slowest > 0 ? Math.ceil(this.limitOf(payerId) * waves(payerId) / slowest) : this.limitOf(payerId);
      paced.set(payerId, Math.min(this.limitOf(payerId), Math.max(1, slots)));
      this.slots.set(payerId, new LocalSlots<Ticket>(paced.get(payerId)!));
    }
    return paced;
  }

  private limitOf(payerId: string): number {
    return this.payers.get(payerId)?.maxInFlight ?? this.settings.defaultMaxInFlight;
  }

  private openForMs(payerId: string): number {
    const key = this.payers.get(payerId)?.gatewayKey;
    return key ? this.gate.openForMs(key) : 0;
  }

  /** The payer whose 270 this member waits on first, or the local lane when nothing is to be sent. */
  private laneOf(member: PlannedMember): string {
    return member.coverages.find((c) => this.needs270(member, c))?.payerId ?? LOCAL_LANE;
  }

  private async sleepUnlessCancelled(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.cancelled && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
  }

  private async checkCancelled(): Promise<void> {
    try {
      const { rows } = await this.db.query<{ status: string }>('select status from eligibility.eligibility_sweep_run where tenant_id = $1 and id = $2', [this.tenantId, this.runId]);
      if (rows[0]?.status !== 'RUNNING') this.cancelled = true;
    } catch (error) {
      this.log.warn({ err: error }, 'could not check the run status');
    }
  }

  /** Also the run's heartbeat (updated_at), which fn_refire_sweep_run reads. */
  private async reportProgress(): Promise<void> {
    try {
      await this.db.query('select eligibility_private.fn_refresh_sweep_run_counters($1, $2)', [this.tenantId, this.runId]);
      this.log.info({ sweepRunId: this.runId, processed: this.processed, sent: this.sent }, 'sweep progress');
    } catch (error) {
      this.log.warn({ err: error }, 'could not refresh run counters');
    }
  }

  /** Operators fix endpoints and credentials during an incident: re-read them at most every 5 s. */
  private async reloadPayers(): Promise<void> {
    if (Date.now() - this.lastReload < 5000) return;
    this.lastReload = Date.now();
    await this.loadPayers();
  }

  private async loadPayers(): Promise<void> {
    const { rows } = await this.db.query(
      `select p.id, p.code, p.name, p.payer_identifier, p.max_in_flight, p.daily_270_cap, payer_gate.gateway_key(tp.endpoint_url, p.payer_identifier) as gateway_key,
              tp.id as tp_id, tp.name as tp_name, tp.mode as tp_mode, tp.endpoint_url, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id, tp.usage_indicator,
              tp.timeout_ms, tp.active as tp_active
       from core.payer p
       left join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = p.trading_partner_id
       where p.tenant_id = $1`, [this.tenantId]);
    // Credentials are decrypted in one place (server/partners/connection.ts), once per partner.
    const credentials = new Map<string, Promise<PartnerConnection | null>>();
    for (const r of rows) {
      if (r.tp_id && r.tp_active && !credentials.has(r.tp_id)) credentials.set(r.tp_id, loadPartnerConnection(this.db, this.tenantId, r.tp_id));
      const connection = r.tp_id && r.tp_active ? await credentials.get(r.tp_id) : null;
      const partner: PartnerConfig | null = r.tp_id && r.tp_active ? {
        id: r.tp_id, name: r.tp_name, mode: r.tp_mode, endpointUrl: r.endpoint_url, senderQualifier: r.sender_qualifier, senderId: r.sender_id,
        receiverQualifier: r.receiver_qualifier, receiverId: r.receiver_id, usage: r.usage_indicator, timeoutMs: r.timeout_ms,
        username: connection?.username ?? null, password: connection?.password ?? null,
      } : null;
      this.payers.set(r.id, {
        id: r.id, code: r.code, name: r.name, payerIdentifier: r.payer_identifier, maxInFlight: r.max_in_flight, daily270Cap: r.daily_270_cap, partner, gatewayKey: r.gateway_key,
      });
    }
  }

  /** The QUEUED members and what each coverage needs (eligibility_private.fn_sweep_run_plan). */
  private async loadPlan(): Promise<PlannedMember[]> {
    await this.db.query('select eligibility_private.fn_skip_uncovered_members($1, $2)', [this.tenantId, this.runId]);
    const { rows } = await this.db.query('select * from eligibility_private.fn_sweep_run_plan($1, $2, $3)', [this.tenantId, this.runId, this.settings.cacheHours]);
    const members = new Map<string, PlannedMember>();
    for (const r of rows) {
      let member = members.get(r.row_id);
      if (!member) {
        member = {
          rowId: r.row_id, memberId: r.member_id, serviceDate: r.service_date, firstName: r.first_name, lastName: r.last_name,
          dob: r.dob, gender: r.gender, providerName: r.provider_name, providerNpi: r.provider_npi, serviceType: r.service_type, coverages: [],
        };
        members.set(r.row_id, member);
      }
      const payerCode = this.payers.get(r.payer_id)?.code ?? '';
      member.coverages.push({
        coverageId: r.coverage_id, payerId: r.payer_id, subscriberId: r.subscriber_id, relationshipCode: r.relationship_code,
        subscriberFirstName: r.subscriber_first_name, subscriberLastName: r.subscriber_last_name, subscriberDob: r.subscriber_dob, subscriberGender: r.subscriber_gender,
        cachedInquiryId: r.prior_outcome ? null : r.cached_inquiry_id,
        prior: r.prior_outcome ? { kind: PRIOR_KIND[r.prior_outcome as keyof typeof PRIOR_KIND], reason: r.prior_reason ?? '', payerCode } : null,
        priorAttempts: r.prior_attempts ?? 0,
      });
    }
    return [...members.values()];
  }

  /** A bug or bad data for one member fails that member, not the run; a database outage fails the job (it is retried). */
  private async processMemberSafely(member: PlannedMember): Promise<'done' | 'deferred' | 'gone'> {
    try {
      return await this.processMember(member);
    } catch (error) {
      this.log.error({ err: error, sweepRunId: this.runId, sweepRunMemberId: member.rowId }, 'member failed with an internal error');
      await this.call('fn_fail_sweep_member', member.rowId, (error as Error).message);
      this.processed++;
      return 'done';
    }
  }

  private async processMember(member: PlannedMember): Promise<'done' | 'deferred' | 'gone'> {
    const outcomes: CoverageOutcome[] = member.coverages.flatMap((c) => (c.prior ? [c.prior] : []));
    const toCache = member.coverages.filter((c) => !c.prior && c.cachedInquiryId);
    const toSend = member.coverages.filter((c) => this.needs270(member, c));
    // Failures decided here, without an inquiry row (kept on the member while batch answers are awaited).
    const localFailures: CoverageOutcome[] = member.coverages.filter((c) => !c.prior && !c.cachedInquiryId && !toSend.includes(c)).map((c) => {
      const payer = this.payers.get(c.payerId)!;
      return {
        kind: 'permanent', payerCode: payer.code, reason: payer.partner ? 'The facility has no NPI (core.facility.npi) and the visit no rendering NPI: the 270 cannot name a provider'
          : `Payer ${payer.code} has no active trading partner configured for 270s`,
      };
    });
    outcomes.push(...localFailures);
    if (toSend.some((c) => this.openForMs(c.payerId) > 0)) return 'deferred';
    const capped = toSend.filter((c) => this.payers.get(c.payerId)!.daily270Cap !== null);
    if (capped.length > 0) {
      const counts = Object.fromEntries([...Map.groupBy(capped, (c) => c.payerId)].map(([payerId, list]) => [payerId, list.length]));
      if (!(await this.call<{ result: boolean }>('fn_reserve_daily_270s', member.rowId, counts)).result) {
        this.processed++;
        return 'done';
      }
    }
    // A member whose one coverage needs a 270 and nothing else is SUBMITTED with that 270 (once it
    // holds a slot) and completed with its final answer, each in the same statement.
    const alone = toSend.length === 1 && outcomes.length === 0 && toCache.length === 0;
    if (!alone && !(await this.call<{ result: boolean }>('fn_submit_sweep_member', member.rowId)).result) return 'gone';
    for (const coverage of toCache) {
      await this.call('fn_reuse_cached_answer', member.rowId, coverage.coverageId, coverage.cachedInquiryId);
      outcomes.push({ kind: 'cached', reason: '', payerCode: this.payers.get(coverage.payerId)!.code });
    }
    outcomes.push(...(await Promise.all(toSend.map((coverage) => this.checkCoverage(member, coverage, alone)))));
    if (outcomes.some((o) => o.kind === 'gone')) return 'gone';

    const describe = (failures: CoverageOutcome[]): string | null => (failures.length === 0 ? null
      : failures.map((f) => (member.coverages.length > 1 ? `${f.payerCode}: ${f.reason}` : f.reason)).join('; '));
    this.processed++;
    if (outcomes.some((o) => o.memberCompleted)) return 'done';
    if (outcomes.some((o) => o.kind === 'awaiting')) {
      this.awaitingBatch++;
      await this.call('fn_await_batch_answers', member.rowId, describe(localFailures), toCache.length > 0);
    } else {
      await this.call('fn_complete_sweep_member', member.rowId, describe(outcomes.filter((o) => o.kind === 'member_problem' || o.kind === 'permanent')), toCache.length > 0);
    }
    return 'done';
  }

  /**
   * A slot of this run's pacing and of the payer gate; while the payer's breaker is open the 270 waits unsent.
   * A 270 woken by the answer of the one before it on the slot may be handed that 270's gateway slot
   * with it (kept by its settle, payer_gate.keep): it then sends without asking the gate.
   */
  private async admit(coverage: CoverageToCheck, fresh: boolean): Promise<{ payer: Payer; ticket: Ticket } | null> {
    for (;;) {
      const payer = this.payers.get(coverage.payerId)!;
      if (!payer.partner || !payer.gatewayKey) return null;
      const handed = await this.slots.get(payer.id)!.acquire(!fresh);
      if (handed) return { payer, ticket: handed };
      const ticket = await this.gate.take({ key: payer.gatewayKey, limit: this.limitOf(payer.id) }, fresh)
        .catch((error: unknown) => {
          this.slots.get(payer.id)!.release();
          throw error;
        });
      if (!('openForMs' in ticket)) return { payer, ticket };
      this.slots.get(payer.id)!.release();
      await sleep(ticket.openForMs);
      await this.reloadPayers();
    }
  }

  /** Sends the 270 for one coverage, retrying transient faults with backoff; returns the final outcome. */
  private async checkCoverage(member: RosterMember, coverage: PlannedCoverage, alone: boolean): Promise<CoverageOutcome> {
    let submit = alone;
    // After a restart the count goes on from this run's earlier tries (at least one more is sent).
    for (let attempt = Math.min(coverage.priorAttempts + 1, this.settings.maxAttempts); ; attempt++) {
      // A 270 that has not failed before may probe a half-open breaker, and only its failure counts
      // against the payer: a member the payer always fails is that member's problem.
      const fresh = attempt === 1;
      const admitted = await this.admit(coverage, fresh);
      if (!admitted) {
        // The partner went away mid-run: the member is settled as any other, SUBMITTED first.
        if (submit && !(await this.call<{ result: boolean }>('fn_submit_sweep_member', member.rowId)).result) return { kind: 'gone', reason: '', payerCode: '' };
        const code = this.payers.get(coverage.payerId)!.code;
        return { kind: 'permanent', reason: `Payer ${code} has no active trading partner configured for 270s`, payerCode: code };
      }
      const { payer, ticket } = admitted;
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
        const opened = await this.call<{ result: string | null }>(submit ? 'fn_submit_and_open_inquiry' : 'fn_open_inquiry', inquiryId, member.rowId,
          coverage.coverageId, partner.id, attempt, trace, controlNumber, requestX12, partner.mode === 'batch' ? 'Batch' : 'RealTime');
        submit = false;
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
        classification = classifyOutcome(result.outcome, { attempt, maxAttempts: this.settings.maxAttempts });
      } finally {
        // Counted before the slot is handed on, so the next 270 sees a breaker this answer opened.
        const gatewayResult: GatewayResult = !result ? 'none' : !acknowledged && isGatewayFailure(result.outcome) ? 'gateway_failure' : 'ok';
        const reason = gatewayResult === 'gateway_failure' ? classification?.reason ?? null : null;
        // A real-time answer is stored, and a lone member completed, in the statement that releases the slot.
        const [answered, decided] = [acknowledged ? undefined : result, classification];
        const completes = alone && !!decided && decided.kind !== 'retry';
        const settle = answered && decided ? (release: GateRelease) => this.db.query<{ breaker_state: string | null; retry_after_ms: number | null; slot_kept: boolean }>(
          'select * from eligibility_private.fn_settle_inquiry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          [this.tenantId, payer.gatewayKey, release, inquiryId, this.answerOf(answered, decided), member.rowId, completes,
            completes && decided.kind !== 'received' ? decided.reason : null, this.retryPolicy, release.keep]).then(({ rows: [settled] }): Settled => {
          retryAfterMs = settled.retry_after_ms ?? 0;
          slotKept = settled.slot_kept;
          return { state: settled.breaker_state, kept: settled.slot_kept };
        }) : undefined;
        // While a 270 of the lane waits for a slot, the settle may keep this one's gateway slot for
        // it: two round trips between an answer and the next 270 on the slot (settle, open) instead
        // of three (settle, acquire, open). A kept slot no waiter took after all goes back to the gate.
        const lane = this.slots.get(payer.id)!;
        const keep = !!settle && lane.promiseHandOff();
        const state = await this.gate.give(ticket, gatewayResult, fresh, reason, settle, keep ? this.limitOf(payer.id) : undefined).finally(async () => {
          if (!lane.release(slotKept ? ticket : undefined, keep)) await this.gate.give(ticket, 'none', fresh, null);
        });
        if (state) this.log.warn({ sweepRunId: this.runId, payer: payer.code, state, reason }, 'payer circuit breaker changed');
      }
      if (acknowledged) {
        // The inquiry stays PENDING: its 271 is pushed to POST /eligibility/responses or polled by
        // eligibility/poll-batch-results, matched by trace number either way.
        await this.call('fn_acknowledge_batch_inquiry', inquiryId, result.receivedAt, result.httpStatus);
        return { kind: 'awaiting', reason: '', payerCode: payer.code };
      }
      if (classification!.kind === 'retry') {
        await sleep(retryAfterMs);
        continue;
      }
      return { kind: classification!.kind, reason: classification!.reason, payerCode: payer.code, memberCompleted: alone };
    }
  }

  /** fn_record_inquiry_answer's p_answer. */
  private answerOf(result: ExchangeResult, classification: Classification): string {
    return JSON.stringify({
      receivedAt: result.receivedAt, httpStatus: result.httpStatus, responseType: result.responseType, responseX12: result.responseX12,
      responseJson: result.responseJson, outcome: OUTCOME_COLUMN[classification.kind], reason: classification.reason, ...summarize271(result.outcome),
    });
  }
}
