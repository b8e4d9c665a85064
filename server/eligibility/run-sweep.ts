// The sweep run engine: one job per run (never one per member), bounded concurrency inside it,
// per-payer max_in_flight, daily caps and circuit breakers, 271 cache reuse, retries that follow
// the payer's answer, and crash safety (a member is marked SUBMITTED before its 270 leaves;
// after a restart a SUBMITTED member is re-sent at most once, answers already stored are kept).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pooled-client.ts';
import { classifyOutcome, type Classification } from '../../x12/retry-policy.ts';
import { AAA_PAYER_UNAVAILABLE } from '../../x12/codes.ts';
import { TransportConnectionError, TransportHttpError, TransportTimeoutError } from '../../x12/transport/errors.ts';
import type { EligibilityOutcome } from '../../x12/retry-policy.ts';
import type { Logger } from '../log.ts';
import { logger } from '../log.ts';
import { PayerGate, type BreakerChange, type BreakerState } from './payer-gate.ts';
import { sweepSettings, type SweepSettings } from './settings.ts';
import { build270For, exchange, submitToBatch, summarize271, type CoverageToCheck, type PartnerConfig, type PayerConfig, type RosterMember } from './exchange.ts';

export interface SweepSummary {
  sweepRunId: string;
  status: string | null;
  processed: number;
  sent: number;
  ms: number;
}

/** awaiting: a batch partner acknowledged the 270; its 271 comes later (pushed or polled). */
type CoverageOutcome = { kind: 'received' | 'cached' | 'member_problem' | 'permanent' | 'awaiting'; reason: string; payerCode: string };

const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);
const LOCAL_LANE = 'local';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Gateway trouble that counts against a payer's breaker (and is worth a retry). */
function isGatewayFailure(outcome: EligibilityOutcome): boolean {
  if (outcome instanceof TransportTimeoutError || outcome instanceof TransportConnectionError) return true;
  if (outcome instanceof TransportHttpError) return outcome.status >= 500 || outcome.status === 429 || outcome.status === 408;
  if (!(outcome instanceof Error) && outcome.type === '271') return outcome.rejects.some((r) => AAA_PAYER_UNAVAILABLE.has(r.code));
  return false;
}

function outcomeColumn(kind: Classification['kind']): string {
  return { received: 'RECEIVED', retry: 'RETRY', member_problem: 'MEMBER_PROBLEM', permanent: 'PERMANENT' }[kind];
}

class ControlNumbers {
  private readonly blocks = new Map<string, { next: number; end: number; pending?: Promise<void> }>();
  private readonly db: Db;
  private readonly tenantId: string;
  constructor(db: Db, tenantId: string) {
    this.db = db;
    this.tenantId = tenantId;
  }
  async next(partnerId: string): Promise<number> {
    for (;;) {
      const block = this.blocks.get(partnerId);
      if (block && block.next <= block.end) return block.next++;
      if (block?.pending) {
        await block.pending;
        continue;
      }
      const pending = this.db
        .query<{ first: string }>('select eligibility_private.fn_reserve_control_numbers($1, $2, 200) as first', [this.tenantId, partnerId])
        .then(({ rows }) => {
          const first = Number(rows[0].first);
          this.blocks.set(partnerId, { next: first, end: first + 199 });
        });
      this.blocks.set(partnerId, { next: 1, end: 0, pending });
      await pending;
    }
  }
}

export async function runSweep(db: Db, sweepRunId: string, options: { log?: Logger; settings?: SweepSettings } = {}): Promise<SweepSummary> {
  const log = options.log ?? logger('sweep');
  const settings = options.settings ?? sweepSettings();
  const started = Date.now();
  const found = await db.query<{ tenant_id: string }>('select tenant_id from eligibility.eligibility_sweep_run where id = $1', [sweepRunId]);
  if (!found.rowCount) {
    log.warn({ sweepRunId }, 'sweep run not found; nothing to do');
    return { sweepRunId, status: null, processed: 0, sent: 0, ms: Date.now() - started };
  }
  const tenantId = found.rows[0].tenant_id;
  const status = (await db.query<{ s: string | null }>('select eligibility_private.fn_begin_sweep_run($1, $2) as s', [tenantId, sweepRunId])).rows[0].s;
  if (!status || TERMINAL.has(status)) {
    log.info({ sweepRunId, tenantId, status }, 'sweep run already finished; re-fired job exits');
    return { sweepRunId, status, processed: 0, sent: 0, ms: Date.now() - started };
  }
  const engine = new SweepEngine(db, tenantId, sweepRunId, settings, log);
  await engine.run();
  const finalStatus = (await db.query<{ s: string }>('select eligibility_private.fn_finish_sweep_run($1, $2) as s', [tenantId, sweepRunId])).rows[0].s;
  const counts = (await db.query('select total_members, received_count, failed_count, skipped_count, cache_hit_count, inquiries_sent from eligibility.eligibility_sweep_run where tenant_id = $1 and id = $2', [tenantId, sweepRunId])).rows[0];
  const ms = Date.now() - started;
  if (finalStatus === 'RUNNING' && engine.awaitingBatch > 0) {
    // Batch partners answer later: the run completes when the last 271 lands (or its deadline passes).
    log.info({ sweepRunId, tenantId, status: finalStatus, awaitingBatch: engine.awaitingBatch, ...counts, ms }, 'sweep run sent everything; awaiting batch answers');
  } else {
    log.info({ sweepRunId, tenantId, status: finalStatus, ...counts, ms }, 'sweep run finished');
  }
  return { sweepRunId, status: finalStatus, processed: engine.processed, sent: engine.sent, ms };
}

class SweepEngine {
  processed = 0;
  sent = 0;
  /** Members left SUBMITTED for a batch partner's 271s. */
  awaitingBatch = 0;
  private cancelled = false;
  private readonly payers = new Map<string, PayerConfig>();
  private readonly usedToday = new Map<string, number>();
  private readonly cache = new Map<string, { id: string; row: Record<string, unknown> }>();
  private readonly answered = new Map<string, CoverageOutcome>();
  private readonly gate: PayerGate;
  private readonly controlNumbers: ControlNumbers;
  private readonly db: Db;
  private readonly tenantId: string;
  private readonly runId: string;
  private readonly settings: SweepSettings;
  private readonly log: Logger;

  constructor(db: Db, tenantId: string, runId: string, settings: SweepSettings, log: Logger) {
    this.db = db;
    this.tenantId = tenantId;
    this.runId = runId;
    this.settings = settings;
    this.log = log;
    this.controlNumbers = new ControlNumbers(db, tenantId);
    this.gate = new PayerGate({
      failureThreshold: settings.breakerFailures,
      cooloffMs: settings.breakerCooloffMs,
      onChange: (change) => void this.saveBreaker(change),
    });
  }

  async run(): Promise<void> {
    await this.recoverAfterRestart();
    await this.loadPayers();
    let members = await this.loadQueuedMembers();
    await this.loadCacheAndAnswers();
    const slots = this.paceSlots(members);
    this.log.info({ sweepRunId: this.runId, tenantId: this.tenantId, queued: members.length, slots: Object.fromEntries(slots) }, 'sweep run started');
    const poll = setInterval(() => void this.checkCancelled(), 500);
    const progress = setInterval(() => void this.reportProgress(), 2000);
    try {
      while (members.length > 0 && !this.cancelled) {
        const deferred: RosterMember[] = [];
        // One lane per payer, sized from its max_in_flight: a member is taken (and marked
        // SUBMITTED) only when its payer can soon take a 270, so a slow payer never starves the
        // others and a cancel finds the rest still QUEUED.
        const lanes = new Map<string, RosterMember[]>();
        for (const member of members) {
          const lane = this.laneOf(member);
          lanes.set(lane, [...(lanes.get(lane) ?? []), member]);
        }
        await Promise.all([...lanes].map(async ([lane, list]) => {
          // A lane admits a few members per in-flight slot, so members sleeping out a retry backoff
          // do not idle the payer; the payer's semaphore still caps the 270s actually in flight.
          const width = lane === LOCAL_LANE ? this.settings.concurrency
            : (slots.get(lane) ?? this.payers.get(lane)?.maxInFlight ?? this.settings.defaultMaxInFlight) * this.settings.laneFactor;
          let next = 0;
          await Promise.all(Array.from({ length: Math.min(width, list.length) }, async () => {
            while (!this.cancelled && next < list.length) {
              const member = list[next++];
              if ((await this.processMemberSafely(member)) === 'deferred') deferred.push(member);
            }
          }));
        }));
        if (deferred.length === 0 || this.cancelled) break;
        // Members of payers whose breaker is open wait QUEUED; the run resumes by itself.
        const waits = deferred.flatMap((m) => m.coverages.map((c) => this.gate.waitMs(c.payerId))).filter((ms) => ms > 0);
        const waitMs = waits.length ? Math.min(...waits) : 0;
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

  /**
   * In-flight slots per payer for this run. The run cannot end before its slowest payer (270s to
   * send / max_in_flight); with ELIGIBILITY_PACE_PAYERS (default on) the other payers get just
   * enough slots to finish at about the same time, so the run asks less of everyone at once
   * (payers, partner, database) without taking longer. Never above max_in_flight.
   */
  private paceSlots(members: RosterMember[]): Map<string, number> {
    const toSend = new Map<string, number>();
    for (const member of members) {
      for (const coverage of member.coverages) {
        if (this.answered.has(`${member.rowId}|${coverage.coverageId}`)) continue;
        if (this.cache.has(`${member.memberId}|${coverage.payerId}|${member.serviceDate}`)) continue;
        if (!this.payers.get(coverage.payerId)?.partner) continue;
        toSend.set(coverage.payerId, (toSend.get(coverage.payerId) ?? 0) + 1);
      }
    }
    const limit = (payerId: string) => this.payers.get(payerId)?.maxInFlight ?? this.settings.defaultMaxInFlight;
    const waves = (payerId: string) => toSend.get(payerId)! / limit(payerId);
    const slowest = Math.max(0, ...[...toSend.keys()].map(waves));
    const slots = new Map<string, number>();
    for (const payerId of toSend.keys()) {
      const paced = this.settings.pacePayers && slowest > 0 ? Math.ceil(limit(payerId) * waves(payerId) / slowest) : limit(payerId);
      slots.set(payerId, Math.min(limit(payerId), Math.max(1, paced)));
      this.gate.narrow(payerId, slots.get(payerId)!);
    }
    return slots;
  }

  /** The payer whose 270 this member waits on first, or the local lane when nothing is to be sent. */
  private laneOf(member: RosterMember): string {
    for (const coverage of member.coverages) {
      if (this.answered.has(`${member.rowId}|${coverage.coverageId}`)) continue;
      if (this.cache.has(`${member.memberId}|${coverage.payerId}|${member.serviceDate}`)) continue;
      if (this.payers.get(coverage.payerId)?.partner) return coverage.payerId;
    }
    return LOCAL_LANE;
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

  private async reportProgress(): Promise<void> {
    try {
      await this.db.query('select eligibility_private.fn_refresh_sweep_run_counters($1, $2)', [this.tenantId, this.runId]);
      this.log.info({ sweepRunId: this.runId, processed: this.processed, sent: this.sent }, 'sweep progress');
    } catch (error) {
      this.log.warn({ err: error }, 'could not refresh run counters');
    }
  }

  /** After a crash: unanswered inquiries are closed, SUBMITTED members go back to QUEUED once. */
  private async recoverAfterRestart(): Promise<void> {
    const closed = await this.db.query(
      `update eligibility.eligibility_inquiry set outcome = 'RETRY', outcome_reason = 'No answer recorded: the worker stopped while waiting; re-sent after restart'
       where tenant_id = $1 and sweep_run_id = $2 and outcome = 'PENDING' and batch_acknowledged_at is null`, [this.tenantId, this.runId]);
    // Members waiting for a batch partner's 271s are not in flight: they are left to the poller.
    const requeued = await this.db.query(
      `update eligibility.sweep_run_member set status = 'QUEUED', resends_after_restart = resends_after_restart + 1
       where tenant_id = $1 and sweep_run_id = $2 and status = 'SUBMITTED' and awaiting_batch_since is null and resends_after_restart = 0`, [this.tenantId, this.runId]);
    const failed = await this.db.query(
      `update eligibility.sweep_run_member set status = 'FAILED', completed_at = now(),
         failure_reason = 'No 271 received: the worker stopped twice while this member''s 270 was in flight'
       where tenant_id = $1 and sweep_run_id = $2 and status = 'SUBMITTED' and awaiting_batch_since is null`, [this.tenantId, this.runId]);
    if (closed.rowCount || requeued.rowCount || failed.rowCount) {
      this.log.warn({ sweepRunId: this.runId, unansweredInquiries: closed.rowCount, requeued: requeued.rowCount, failed: failed.rowCount }, 'resuming a run after a worker restart');
    }
  }

  private lastReload = 0;

  /** Re-reads payers and partners (at most every 5 s), keeping in-memory usage and breakers. */
  private async reloadPayers(): Promise<void> {
    if (Date.now() - this.lastReload < 5000) return;
    this.lastReload = Date.now();
    const used = new Map(this.usedToday);
    await this.loadPayers(false);
    for (const [payerId, n] of used) this.usedToday.set(payerId, n);
  }

  private async loadPayers(restoreBreakers = true): Promise<void> {
    const { rows } = await this.db.query(
      `select p.id, p.code, p.name, p.payer_identifier, p.max_in_flight, p.daily_270_cap,
              tp.id as tp_id, tp.name as tp_name, tp.mode as tp_mode, tp.endpoint_url, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id, tp.usage_indicator,
              tp.timeout_ms, tp.active as tp_active, cred.username, cred.password,
              b.state as breaker_state, b.consecutive_failures, b.open_until,
              (select count(*) from eligibility.eligibility_inquiry i
               where i.tenant_id = p.tenant_id and i.payer_id = p.id and i.sent_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')::integer as used_today
       from core.payer p
       left join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = p.trading_partner_id
       left join core_private.trading_partner_credential cred on cred.tenant_id = tp.tenant_id and cred.trading_partner_id = tp.id
       left join eligibility.payer_circuit_breaker b on b.tenant_id = p.tenant_id and b.payer_id = p.id
       where p.tenant_id = $1`, [this.tenantId]);
    for (const r of rows) {
      const partner: PartnerConfig | null = r.tp_id && r.tp_active ? {
        id: r.tp_id, name: r.tp_name, mode: r.tp_mode, endpointUrl: r.endpoint_url, senderQualifier: r.sender_qualifier, senderId: r.sender_id,
        receiverQualifier: r.receiver_qualifier, receiverId: r.receiver_id, usage: r.usage_indicator, timeoutMs: r.timeout_ms,
        username: r.username, password: r.password,
      } : null;
      this.payers.set(r.id, { id: r.id, code: r.code, name: r.name, payerIdentifier: r.payer_identifier, maxInFlight: r.max_in_flight, daily270Cap: r.daily_270_cap, partner });
      this.gate.setLimit(r.id, r.max_in_flight ?? this.settings.defaultMaxInFlight);
      this.usedToday.set(r.id, r.used_today);
      if (restoreBreakers && r.breaker_state && r.breaker_state !== 'CLOSED') this.gate.restore(r.id, r.breaker_state as BreakerState, r.consecutive_failures, r.open_until);
    }
  }

  /** The run's QUEUED members with their coverages, by service date, and within a date in an order
   *  that does not follow how the roster was loaded: members loaded together (one source file, one
   *  practice) tend to fail together, and a run of them sleeping out retry backoff would hold all
   *  of a payer lane's slots. (Ordered by a time-ordered id, the 10,000-member sweep took 130.8 s
   *  instead of 72.0 s.) */
  private async loadQueuedMembers(): Promise<RosterMember[]> {
    const { rows } = await this.db.query(
      `select m.id as row_id, m.member_id, to_char(m.service_date, 'YYYY-MM-DD') as service_date,
              mm.first_name, mm.last_name, to_char(mm.date_of_birth, 'YYYY-MM-DD') as dob, mm.gender,
              coalesce(f.name, 'PROVIDER') as provider_name, coalesce(f.npi, e.rendering_npi) as provider_npi,
              coalesce(e.service_type_code, '30') as service_type,
              c.id as coverage_id, c.payer_id, c.subscriber_id, c.relationship_code, c.subscriber_first_name, c.subscriber_last_name,
              to_char(c.subscriber_date_of_birth, 'YYYY-MM-DD') as subscriber_dob, c.subscriber_gender
       from eligibility.sweep_run_member m
       join eligibility.eligibility_sweep_run r on r.tenant_id = m.tenant_id and r.id = m.sweep_run_id
       join member.member mm on mm.tenant_id = m.tenant_id and mm.id = m.member_id
       left join service.service_event e on e.tenant_id = m.tenant_id and e.id = m.service_event_id
       left join core.facility f on f.tenant_id = m.tenant_id and f.id = m.facility_id
       join member.coverage_policy c on c.tenant_id = m.tenant_id and c.member_id = m.member_id and c.status = 'ACTIVE'
        and c.effective_from <= m.service_date and (c.effective_to is null or c.effective_to >= m.service_date)
        and (cardinality(r.payer_ids) = 0 or c.payer_id = any (r.payer_ids))
       where m.tenant_id = $1 and m.sweep_run_id = $2 and m.status = 'QUEUED'
       order by m.service_date, md5(m.id::text), c.priority, c.id`, [this.tenantId, this.runId]);
    const members = new Map<string, RosterMember>();
    for (const r of rows) {
      let member = members.get(r.row_id);
      if (!member) {
        member = {
          rowId: r.row_id, memberId: r.member_id, serviceDate: r.service_date, firstName: r.first_name, lastName: r.last_name,
          dob: r.dob, gender: r.gender, providerName: r.provider_name, providerNpi: r.provider_npi, serviceType: r.service_type, coverages: [],
        };
        members.set(r.row_id, member);
      }
      member.coverages.push({
        coverageId: r.coverage_id, payerId: r.payer_id, subscriberId: r.subscriber_id, relationshipCode: r.relationship_code,
        subscriberFirstName: r.subscriber_first_name, subscriberLastName: r.subscriber_last_name, subscriberDob: r.subscriber_dob, subscriberGender: r.subscriber_gender,
      } satisfies CoverageToCheck);
    }
    // Queued members whose coverage vanished since the roster was built.
    await this.db.query(
      `update eligibility.sweep_run_member m set status = 'SKIPPED', failure_reason = 'No active coverage on the service date', completed_at = now()
       where m.tenant_id = $1 and m.sweep_run_id = $2 and m.status = 'QUEUED' and not (m.id = any ($3::uuid[]))`,
      [this.tenantId, this.runId, [...members.keys()]]);
    return [...members.values()];
  }

  private async loadCacheAndAnswers(): Promise<void> {
    // Fresh 271s from other runs for the same member, payer and service date.
    const cached = await this.db.query(
      `select distinct on (i.member_id, i.payer_id, i.service_date) i.id, i.member_id, i.payer_id, to_char(i.service_date, 'YYYY-MM-DD') as service_date,
              i.outcome_reason, i.coverage_status, i.plan_name, i.plan_end, i.other_payer_primary, i.reject_codes, i.received_at
       from eligibility.eligibility_inquiry i
       join eligibility.sweep_run_member m on m.tenant_id = i.tenant_id and m.member_id = i.member_id and m.service_date = i.service_date
       where i.tenant_id = $1 and m.sweep_run_id = $2 and m.status = 'QUEUED'
         and i.outcome = 'RECEIVED' and i.response_type = '271' and i.received_at > now() - make_interval(hours => $3::integer)
         and i.sweep_run_id is distinct from $2
       order by i.member_id, i.payer_id, i.service_date, i.received_at desc`, [this.tenantId, this.runId, this.settings.cacheHours]);
    for (const r of cached.rows) this.cache.set(`${r.member_id}|${r.payer_id}|${r.service_date}`, { id: r.id, row: r });
    // Answers this run already stored (before a restart) are kept, not asked again.
    const answered = await this.db.query(
      `select distinct on (i.sweep_run_member_id, i.coverage_policy_id) i.sweep_run_member_id, i.coverage_policy_id, i.outcome, i.outcome_reason, p.code
       from eligibility.eligibility_inquiry i join core.payer p on p.tenant_id = i.tenant_id and p.id = i.payer_id
       where i.tenant_id = $1 and i.sweep_run_id = $2
         and (i.outcome in ('RECEIVED', 'CACHED', 'MEMBER_PROBLEM', 'PERMANENT') or (i.outcome = 'PENDING' and i.batch_acknowledged_at is not null))
       order by i.sweep_run_member_id, i.coverage_policy_id, i.created_at desc`, [this.tenantId, this.runId]);
    for (const r of answered.rows) {
      // An acknowledged batch 270 is not sent again: its 271 is on its way.
      const kind = ({ RECEIVED: 'received', CACHED: 'cached', MEMBER_PROBLEM: 'member_problem', PERMANENT: 'permanent', PENDING: 'awaiting' } as const)[r.outcome as 'RECEIVED'];
      this.answered.set(`${r.sweep_run_member_id}|${r.coverage_policy_id}`, { kind, reason: r.outcome_reason ?? '', payerCode: r.code });
    }
  }

  private breakerSaves: Promise<void> = Promise.resolve();

  /** Breaker changes are written in the order they happened (pooled queries could commit out of order). */
  private saveBreaker(change: BreakerChange): Promise<void> {
    this.breakerSaves = this.breakerSaves.then(() => this.writeBreaker(change));
    return this.breakerSaves;
  }

  private async writeBreaker(change: BreakerChange): Promise<void> {
    this.log.warn({ sweepRunId: this.runId, payerId: change.payerId, state: change.state, failures: change.consecutiveFailures, openUntil: change.openUntil, reason: change.reason }, 'payer circuit breaker changed');
    await this.db.query(
      `insert into eligibility.payer_circuit_breaker (tenant_id, payer_id, state, consecutive_failures, opened_at, open_until, last_failure_reason, updated_at)
       values ($1, $2, $3, $4, case when $3 = 'OPEN' then $5::timestamptz - make_interval(secs => $7::double precision / 1000) end, $5, $6, now())
       on conflict (tenant_id, payer_id) do update set state = excluded.state, consecutive_failures = excluded.consecutive_failures,
         opened_at = coalesce(excluded.opened_at, eligibility.payer_circuit_breaker.opened_at), open_until = excluded.open_until,
         last_failure_reason = coalesce(excluded.last_failure_reason, eligibility.payer_circuit_breaker.last_failure_reason), updated_at = now()`,
      [this.tenantId, change.payerId, change.state, change.consecutiveFailures, change.openUntil, change.reason, this.settings.breakerCooloffMs],
    ).catch((error: unknown) => this.log.error({ err: error }, 'could not save breaker state'));
  }

  /** A bug or bad data for one member fails that member, not the run; a database outage fails the job (it is retried). */
  private async processMemberSafely(member: RosterMember): Promise<'done' | 'deferred' | 'gone'> {
    try {
      return await this.processMember(member);
    } catch (error) {
      this.log.error({ err: error, sweepRunId: this.runId, sweepRunMemberId: member.rowId }, 'member failed with an internal error');
      await this.db.query(
        `update eligibility.sweep_run_member set status = 'FAILED', failure_reason = $3, completed_at = now()
         where tenant_id = $1 and id = $2 and status in ('QUEUED', 'SUBMITTED')`,
        [this.tenantId, member.rowId, `Internal error while checking eligibility: ${(error as Error).message}`]);
      this.processed++;
      return 'done';
    }
  }

  private async processMember(member: RosterMember): Promise<'done' | 'deferred' | 'gone'> {
    const outcomes: CoverageOutcome[] = [];
    const toCache: { coverage: CoverageToCheck; cached: { id: string; row: Record<string, unknown> } }[] = [];
    const toSend: CoverageToCheck[] = [];
    // Failures decided here, without an inquiry row (kept on the member while batch answers are awaited).
    const localFailures: CoverageOutcome[] = [];
    for (const coverage of member.coverages) {
      const payer = this.payers.get(coverage.payerId)!;
      const prior = this.answered.get(`${member.rowId}|${coverage.coverageId}`);
      if (prior) {
        outcomes.push(prior);
        continue;
      }
      const cached = this.cache.get(`${member.memberId}|${coverage.payerId}|${member.serviceDate}`);
      if (cached) toCache.push({ coverage, cached });
      else if (!payer.partner) localFailures.push({ kind: 'permanent', reason: `Payer ${payer.code} has no active trading partner configured for 270s`, payerCode: payer.code });
      else if (!member.providerNpi) localFailures.push({ kind: 'permanent', reason: 'The facility has no NPI (core.facility.npi) and the visit no rendering NPI: the 270 cannot name a provider', payerCode: payer.code });
      else toSend.push(coverage);
    }
    outcomes.push(...localFailures);
    if (toSend.some((c) => this.gate.waitMs(c.payerId) > 0)) return 'deferred';
    // Daily caps: reserve now so concurrent members cannot overshoot.
    const needed = new Map<string, number>();
    for (const c of toSend) needed.set(c.payerId, (needed.get(c.payerId) ?? 0) + 1);
    for (const [payerId, n] of needed) {
      const payer = this.payers.get(payerId)!;
      if (payer.daily270Cap !== null && (this.usedToday.get(payerId) ?? 0) + n > payer.daily270Cap) {
        const reason = `Daily 270 cap reached for payer ${payer.code} (${payer.daily270Cap} a day); not sent today, re-run tomorrow`;
        await this.db.query(
          `update eligibility.sweep_run_member set status = 'SKIPPED', failure_reason = $3, completed_at = now()
           where tenant_id = $1 and id = $2 and status = 'QUEUED'`, [this.tenantId, member.rowId, reason]);
        this.processed++;
        return 'done';
      }
    }
    for (const [payerId, n] of needed) this.usedToday.set(payerId, (this.usedToday.get(payerId) ?? 0) + n);

    // SUBMITTED before anything leaves; a cancel in between wins (the member is SKIPPED then).
    const marked = await this.db.query(
      `update eligibility.sweep_run_member set status = 'SUBMITTED', attempts = attempts + 1, submitted_at = now()
       where tenant_id = $1 and id = $2 and status = 'QUEUED' returning id`, [this.tenantId, member.rowId]);
    if (!marked.rowCount) return 'gone';

    for (const { coverage, cached } of toCache) {
      const r = cached.row;
      await this.db.query(
        `insert into eligibility.eligibility_inquiry (tenant_id, sweep_run_id, sweep_run_member_id, member_id, coverage_policy_id, payer_id, service_date,
           trace_number, outcome, outcome_reason, coverage_status, plan_name, plan_end, other_payer_primary, reject_codes, reused_inquiry_id, received_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'CACHED', $9, $10, $11, $12, $13, $14, $15, $16)`,
        [this.tenantId, this.runId, member.rowId, member.memberId, coverage.coverageId, coverage.payerId, member.serviceDate,
          `cache-${randomUUID().replaceAll('-', '')}`, `Reused 271 received ${(r.received_at as Date).toISOString()}: ${r.outcome_reason}`,
          r.coverage_status, r.plan_name, r.plan_end, r.other_payer_primary, r.reject_codes, cached.id, r.received_at]);
      outcomes.push({ kind: 'cached', reason: String(r.outcome_reason), payerCode: this.payers.get(coverage.payerId)!.code });
    }
    const sent = await Promise.all(toSend.map((coverage) => this.checkCoverage(member, coverage)));
    outcomes.push(...sent);

    const describe = (failures: CoverageOutcome[]): string | null => (failures.length === 0 ? null
      : failures.map((f) => (member.coverages.length > 1 ? `${f.payerCode}: ${f.reason}` : f.reason)).join('; '));
    if (outcomes.some((o) => o.kind === 'awaiting')) {
      // A batch partner acknowledged: the member stays SUBMITTED until the 271s land (pushed or
      // polled) or the partner's deadline passes; whoever stores the last answer settles it. Answers
      // may have landed already, so settle now too.
      await this.db.query(
        `update eligibility.sweep_run_member set awaiting_batch_since = now(), failure_reason = $3, cache_reused = $4, next_attempt_at = null
         where tenant_id = $1 and id = $2 and status = 'SUBMITTED'`, [this.tenantId, member.rowId, describe(localFailures), toCache.length > 0]);
      await this.db.query('select eligibility_private.fn_settle_submitted_member($1, $2)', [this.tenantId, member.rowId]);
      this.processed++;
      this.awaitingBatch++;
      return 'done';
    }
    const reason = describe(outcomes.filter((o) => o.kind === 'member_problem' || o.kind === 'permanent'));
    // Lands even after a cancel: submitted 270s resolve independently.
    await this.db.query(
      `update eligibility.sweep_run_member set status = $3, failure_reason = $4, completed_at = now(), cache_reused = $5, next_attempt_at = null
       where tenant_id = $1 and id = $2 and status = 'SUBMITTED'`,
      [this.tenantId, member.rowId, reason ? 'FAILED' : 'RECEIVED', reason, toCache.length > 0]);
    this.processed++;
    return 'done';
  }

  /** Sends the 270 for one coverage, retrying transient faults with backoff; returns the final outcome. */
  private async checkCoverage(member: RosterMember, coverage: CoverageToCheck): Promise<CoverageOutcome> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.gate.waitMs(coverage.payerId);
      if (wait > 0) {
        await sleep(wait);
        // Operators fix endpoints and credentials during an incident: use what is configured now.
        await this.reloadPayers();
      }
      const payer = this.payers.get(coverage.payerId)!;
      const partner = payer.partner;
      if (!partner) return { kind: 'permanent', reason: `Payer ${payer.code} has no active trading partner configured for 270s`, payerCode: payer.code };
      await this.gate.acquire(payer.id);
      // The breaker may have opened while this coverage waited for a slot: wait again, unsent.
      if (this.gate.waitMs(payer.id) > 0) {
        this.gate.release(payer.id);
        attempt--;
        continue;
      }
      const sentUnder = this.gate.generation(payer.id);
      const inquiryId = randomUUID();
      const trace = inquiryId.replaceAll('-', '');
      let result;
      let classification;
      let acknowledgedAt: Date | null = null;
      try {
        const controlNumber = await this.controlNumbers.next(partner.id);
        const requestX12 = build270For(member, coverage, payer, partner, controlNumber, trace);
        await this.db.query(
          `insert into eligibility.eligibility_inquiry (tenant_id, id, sweep_run_id, sweep_run_member_id, member_id, coverage_policy_id, payer_id,
             trading_partner_id, service_date, attempt, trace_number, interchange_control_number, payload_id, request_x12, sent_at, processing_mode)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $13, now(), $15)`,
          [this.tenantId, inquiryId, this.runId, member.rowId, member.memberId, coverage.coverageId, payer.id, partner.id, member.serviceDate,
            attempt, trace, controlNumber, requestX12, inquiryId, partner.mode === 'batch' ? 'Batch' : 'RealTime']);
        this.sent++;
        if (partner.mode === 'batch') {
          // One batch submission per 270, its PayloadID the inquiry id (see docs/eligibility.md).
          const receipt = await submitToBatch(partner, requestX12, inquiryId);
          if (!receipt.error) acknowledgedAt = receipt.receivedAt;
          result = {
            requestX12, sentAt: receipt.sentAt, receivedAt: receipt.receivedAt, httpStatus: receipt.httpStatus, responseType: 'ERROR' as const,
            responseX12: null, responseJson: receipt.error ? { error: receipt.error.name, message: receipt.error.message } : null,
            outcome: receipt.error ?? new Error('batch submission acknowledged'),
          };
        } else {
          result = await exchange(partner, requestX12, inquiryId, trace);
        }
        classification = classifyOutcome(result.outcome, {
          attempt, maxAttempts: this.settings.maxAttempts, baseBackoffMs: this.settings.retryBaseMs, maxBackoffMs: this.settings.retryMaxMs,
        });
        // Counted before the slot is handed on, so the next 270 sees a breaker this answer opened.
        if (!acknowledgedAt && isGatewayFailure(result.outcome)) this.gate.recordFailure(payer.id, classification.reason, sentUnder);
        else this.gate.recordSuccess(payer.id, sentUnder);
      } finally {
        this.gate.release(payer.id);
      }
      if (acknowledgedAt) {
        // The inquiry stays PENDING: its 271 is pushed to POST /eligibility/responses or polled by
        // eligibility/poll-batch-results, matched by trace number either way.
        await this.db.query(
          'update eligibility.eligibility_inquiry set batch_acknowledged_at = $3, http_status = $4 where tenant_id = $1 and id = $2',
          [this.tenantId, inquiryId, acknowledgedAt, result.httpStatus]);
        return { kind: 'awaiting', reason: '', payerCode: payer.code };
      }
      const summary = summarize271(result.outcome);
      await this.db.query(
        `update eligibility.eligibility_inquiry set received_at = $3, response_ms = $4, http_status = $5, response_type = $6, response_x12 = $7,
           response_json = $8, outcome = $9, outcome_reason = $10, coverage_status = $11, plan_name = $12, plan_end = $13, other_payer_primary = $14, reject_codes = $15
         where tenant_id = $1 and id = $2`,
        [this.tenantId, inquiryId, result.receivedAt, result.receivedAt.getTime() - result.sentAt.getTime(), result.httpStatus, result.responseType,
          result.responseX12, JSON.stringify(result.responseJson), outcomeColumn(classification.kind), classification.reason,
          summary.coverageStatus, summary.planName, summary.planEnd, summary.otherPayerPrimary, summary.rejectCodes]);
      if (classification.kind === 'retry') {
        await this.db.query('update eligibility.sweep_run_member set next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) where tenant_id = $1 and id = $2',
          [this.tenantId, member.rowId, classification.retryAfterMs ?? 0]);
        await sleep(classification.retryAfterMs ?? 0);
        continue;
      }
      return { kind: classification.kind, reason: classification.reason, payerCode: payer.code };
    }
  }
}
