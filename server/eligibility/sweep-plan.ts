// What a sweep run has left to do, as its scheduler (run-sweep.ts) consumes it: the tenant's payers
// with their trading partners (re-read during the run), the QUEUED members with their coverages
// (eligibility_private.fn_sweep_run_plan), and what each coverage still needs: nothing (answered
// before a restart, or a fresh 271 cached), a local failure, or a 270.
import { loadPartnerConnection, type PartnerConnection } from '../partners/connection.ts';
import type { CoverageToCheck, PartnerConfig, PayerConfig, RosterMember } from './exchange.ts';
import type { SweepContext } from './sweep-context.ts';

/** awaiting: a batch partner acknowledged the 270; its 271 comes later (pushed or polled). */
/** memberCompleted: the answer's own statement settled the member (its only 270, final answer). */
/** gone: a cancel came before the member's 270 left (it was still QUEUED). */
export type CoverageOutcome = { kind: 'received' | 'cached' | 'member_problem' | 'permanent' | 'awaiting' | 'gone'; reason: string; payerCode: string; memberCompleted?: boolean };
export type PlannedCoverage = CoverageToCheck & { cachedInquiryId: string | null; prior: CoverageOutcome | null; priorAttempts: number };
export type PlannedMember = Omit<RosterMember, 'coverages'> & { coverages: PlannedCoverage[] };
export type Payer = PayerConfig & { gatewayKey: string | null };

/** One member's coverages by what they need; `outcomes` starts with the answers already in and the local failures. */
export interface MemberNeeds {
  outcomes: CoverageOutcome[];
  toCache: PlannedCoverage[];
  toSend: PlannedCoverage[];
  localFailures: CoverageOutcome[];
}

/** A coverage whose payer has no trading partner to send 270s to (none configured, or it went away mid-run). */
export function noTradingPartner(payer: Payer): CoverageOutcome {
  return { kind: 'permanent', reason: `Payer ${payer.code} has no active trading partner configured for 270s`, payerCode: payer.code };
}

const PRIOR_KIND = { RECEIVED: 'received', CACHED: 'cached', MEMBER_PROBLEM: 'member_problem', PERMANENT: 'permanent', PENDING: 'awaiting' } as const;

export class SweepPlan {
  private readonly payers = new Map<string, Payer>();
  private lastReload = 0;
  private readonly sweep: SweepContext;

  constructor(sweep: SweepContext) {
    this.sweep = sweep;
  }

  payer(payerId: string): Payer | undefined {
    return this.payers.get(payerId);
  }

  limitOf(payerId: string): number {
    return this.payers.get(payerId)?.maxInFlight ?? this.sweep.settings.defaultMaxInFlight;
  }

  /** What each coverage still needs: nothing (answered before a restart, or a fresh 271 cached), a local failure, or a 270. */
  needs270(member: PlannedMember, coverage: PlannedCoverage): boolean {
    return !coverage.prior && !coverage.cachedInquiryId && !!this.payers.get(coverage.payerId)?.partner && !!member.providerNpi;
  }

  needs(member: PlannedMember): MemberNeeds {
    const outcomes: CoverageOutcome[] = member.coverages.flatMap((c) => (c.prior ? [c.prior] : []));
    const toCache = member.coverages.filter((c) => !c.prior && c.cachedInquiryId);
    const toSend = member.coverages.filter((c) => this.needs270(member, c));
    // Failures decided here, without an inquiry row (kept on the member while batch answers are awaited).
    const localFailures: CoverageOutcome[] = member.coverages.filter((c) => !c.prior && !c.cachedInquiryId && !toSend.includes(c)).map((c) => {
      const payer = this.payers.get(c.payerId)!;
      return payer.partner ? {
        kind: 'permanent', payerCode: payer.code, reason: 'The facility has no NPI (core.facility.npi) and the visit no rendering NPI: the 270 cannot name a provider',
      } : noTradingPartner(payer);
    });
    outcomes.push(...localFailures);
    return { outcomes, toCache, toSend, localFailures };
  }

  /** Operators fix endpoints and credentials during an incident: re-read them at most every 5 s. */
  async reloadPayers(): Promise<void> {
    if (Date.now() - this.lastReload < 5000) return;
    this.lastReload = Date.now();
    await this.loadPayers();
  }

  async loadPayers(): Promise<void> {
    const { db, tenantId } = this.sweep;
    const { rows } = await db.query(
      `select p.id, p.code, p.name, p.payer_identifier, p.max_in_flight, p.daily_270_cap, payer_gate.gateway_key(tp.endpoint_url, p.payer_identifier) as gateway_key,
              tp.id as tp_id, tp.name as tp_name, tp.mode as tp_mode, tp.endpoint_url, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id, tp.usage_indicator,
              tp.timeout_ms, tp.active as tp_active
       from core.payer p
       left join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = p.trading_partner_id
       where p.tenant_id = $1`, [tenantId]);
    // Credentials are decrypted in one place (server/partners/connection.ts), once per partner.
    const credentials = new Map<string, Promise<PartnerConnection | null>>();
    for (const r of rows) {
      if (r.tp_id && r.tp_active && !credentials.has(r.tp_id)) credentials.set(r.tp_id, loadPartnerConnection(db, tenantId, r.tp_id));
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
  async loadMembers(): Promise<PlannedMember[]> {
    const { db, tenantId, runId, settings } = this.sweep;
    await db.query('select eligibility_private.fn_skip_uncovered_members($1, $2)', [tenantId, runId]);
    const { rows } = await db.query('select * from eligibility_private.fn_sweep_run_plan($1, $2, $3)', [tenantId, runId, settings.cacheHours]);
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
}
