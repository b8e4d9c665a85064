// Claim status follow-up of stale claims (claims/ask-claim-status): for each claim due a 276
// (billing_private.fn_claim_status_due), a 005010X212 276 goes real-time over CORE to the trading
// partner the payer's claims go to, like the 270: ISA13s reserved from the partner's sequence,
// admission through the shared payer gate (the payer's max_in_flight across processes, and its
// breaker), one request at a time per slot. The 277's STC statuses become an A/R follow-up note
// in the claim's history (billing_private.fn_record_claim_status_answer); a timeout, HTTP error
// or an answer without a 277 is recorded FAILED (fn_record_claim_status_failure) and the claim is
// asked again when the job is retried. Each state change is one SQL function.
import type { Logger } from 'pino';
import { build276 } from '../../x12/build-276.ts';
import { parseX12 } from '../../x12/parse.ts';
import { PAYLOAD_TYPE_276, sendRealTime } from '../../x12/transport/core-client.ts';
import { TransportHttpError } from '../../x12/transport/errors.ts';
import { classifyOutcome } from '../../x12/retry-policy.ts';
import type { Transaction277 } from '../../x12/types-claims.ts';
import type { Db } from '../db/pooled-client.ts';
import { ControlNumbers } from '../eligibility/control-numbers.ts';
import { inquiryEnvelope, type PartnerConfig } from '../eligibility/exchange.ts';
import { LocalSlots, PayerGate } from '../eligibility/payer-gate.ts';
import { sweepSettings } from '../eligibility/settings.ts';
import { coreClientOptions, loadPartnerConnection } from '../partners/connection.ts';

/** At most this many claims are asked about in one run; the rest wait for the next. */
export const CLAIM_STATUS_RUN_LIMIT = 5000;

interface DueClaim {
  claim_id: string;
  patient_control_number: string;
  payer_claim_control_number: string | null;
  charge_amount: string;
  service_date: string;
  service_date_end: string;
  payer_id: string;
  payer_name: string;
  payer_identifier: string;
  max_in_flight: number | null;
  gateway_key: string;
  trading_partner_id: string;
  provider_name: string;
  provider_npi: string;
  subscriber_id: string;
  relationship_code: string;
  subscriber_first_name: string | null;
  subscriber_last_name: string | null;
  subscriber_dob: string | null;
  subscriber_gender: string | null;
  patient_first_name: string;
  patient_last_name: string;
  patient_dob: string;
  patient_gender: string;
}

export interface ClaimStatusRunResult {
  due: number;
  answered: number;
  failed: number;
  /** Failures worth a retry (timeouts, connection errors, 5xx/429/408): the job is retried. */
  transientFailures: number;
  /** Not sent: the payer's breaker is open. */
  waiting: number;
  expired: number;
}

type Gender = 'M' | 'F' | 'U';
const gender = (value: string | null): Gender | undefined => (value === 'M' || value === 'F' || value === 'U' ? value : undefined);
const day = (value: string | Date): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** A fault worth a retry (timeouts, connection errors, 5xx/429/408), by the same policy as the 270s. */
const isTransient = (error: unknown): boolean => error instanceof Error && classifyOutcome(error).kind === 'retry';

/** The 276 for one claim; TRN02 is the inquiry's own trace (ISA13-based), REF*EJ our patient control number. */
export function build276For(claim: DueClaim, partner: PartnerConfig, controlNumber: number, traceNumber: string): string {
  const self = claim.relationship_code === '18';
  return build276({
    ...inquiryEnvelope(partner, controlNumber),
    payer: { name: claim.payer_name, id: claim.payer_identifier },
    provider: { name: claim.provider_name, npi: claim.provider_npi },
    subscriber: self
      ? { memberId: claim.subscriber_id, firstName: claim.patient_first_name, lastName: claim.patient_last_name, dob: day(claim.patient_dob), gender: gender(claim.patient_gender) }
      : {
        memberId: claim.subscriber_id, firstName: claim.subscriber_first_name ?? '', lastName: claim.subscriber_last_name ?? '',
        dob: claim.subscriber_dob ? day(claim.subscriber_dob) : undefined, gender: gender(claim.subscriber_gender),
      },
    dependent: self ? undefined : { firstName: claim.patient_first_name, lastName: claim.patient_last_name, dob: day(claim.patient_dob), gender: gender(claim.patient_gender) },
    claim: {
      patientControlNumber: claim.patient_control_number,
      traceNumber,
      payerClaimControlNumber: claim.payer_claim_control_number ?? undefined,
      chargeAmount: Number(claim.charge_amount).toFixed(2),
      serviceDate: day(claim.service_date),
      serviceDateEnd: day(claim.service_date_end),
    },
  });
}

export async function askClaimStatus(db: Db, tenantId: string, log: Logger, limit = CLAIM_STATUS_RUN_LIMIT): Promise<ClaimStatusRunResult> {
  const settings = sweepSettings();
  const expired = (await db.query<{ n: number }>('select billing_private.fn_expire_claim_status_inquiries($1) as n', [tenantId])).rows[0].n;
  const due = (await db.query<DueClaim>('select * from billing_private.fn_claim_status_due($1, $2)', [tenantId, limit])).rows;
  const result: ClaimStatusRunResult = { due: due.length, answered: 0, failed: 0, transientFailures: 0, waiting: 0, expired };
  if (due.length === 0) return result;

  const partners = new Map<string, Promise<PartnerConfig | null>>();
  const partnerOf = (id: string) => {
    if (!partners.has(id)) {
      partners.set(id, loadPartnerConnection(db, tenantId, id).then((c) => c && {
        id: c.id, name: c.name, mode: c.mode, endpointUrl: c.endpointUrl, senderQualifier: c.senderQualifier, senderId: c.senderId,
        receiverQualifier: c.receiverQualifier, receiverId: c.receiverId, usage: c.usageIndicator, timeoutMs: c.timeoutMs, username: c.username, password: c.password,
      }));
    }
    return partners.get(id)!;
  };
  const controlNumbers = new ControlNumbers(db, tenantId);
  const gate = new PayerGate(db, tenantId, { failureThreshold: settings.breakerFailures, cooloffMs: settings.breakerCooloffMs });

  const ask = async (claim: DueClaim, limitOfPayer: number): Promise<void> => {
    const partner = await partnerOf(claim.trading_partner_id);
    if (!partner) return;
    const ticket = await gate.take({ key: claim.gateway_key, limit: limitOfPayer }, true);
    if ('openForMs' in ticket) {
      result.waiting++;
      return;
    }
    let gatewayFailure = false;
    try {
      const controlNumber = await controlNumbers.next(partner.id);
      const traceNumber = `${claim.patient_control_number}-${controlNumber}`.slice(0, 50);
      const inquiryId = (await db.query<{ id: string }>('select billing_private.fn_start_claim_status_inquiry($1, $2, $3, $4, $5) as id',
        [tenantId, claim.claim_id, partner.id, controlNumber, traceNumber])).rows[0].id;
      try {
        const answer = await sendRealTime(coreClientOptions(partner), build276For(claim, partner, controlNumber, traceNumber), PAYLOAD_TYPE_276);
        const parsed = parseX12(answer.payload);
        const ours = parsed.transactions.filter((t): t is Transaction277 => t.type === '277').flatMap((t) => t.claims)
          .find((c) => c.traceNumber === traceNumber || c.patientControlNumber === claim.patient_control_number);
        if (!ours || ours.statuses.length === 0) {
          const kinds = parsed.transactions.map((t) => t.type).join(', ') || 'nothing';
          throw new Error(`the answer holds no 277 status for this claim (${kinds})`);
        }
        await db.query('select billing_private.fn_record_claim_status_answer($1, $2, $3)', [tenantId, inquiryId, JSON.stringify({
          statuses: ours.statuses.map((s) => ({ category: s.category, code: s.code, entity: s.entity })),
          chargeAmount: ours.statuses[0].chargeAmount, paidAmount: ours.statuses[0].paidAmount, httpStatus: answer.httpStatus,
        })]);
        result.answered++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        gatewayFailure = isTransient(error);
        await db.query('select billing_private.fn_record_claim_status_failure($1, $2, $3, $4)',
          [tenantId, inquiryId, error instanceof TransportHttpError ? error.status : null, message]);
        result.failed++;
        if (gatewayFailure) result.transientFailures++;
        // An answer's text can carry patient data: the message only at debug (it is in the inquiry row).
        log.warn({ claimId: claim.claim_id, partner: partner.name, errorName: (error as Error).name, httpStatus: error instanceof TransportHttpError ? error.status : null, transient: gatewayFailure },
          '276 claim status request failed');
        log.debug({ claimId: claim.claim_id, error: message }, '276 claim status request failure detail');
      }
    } finally {
      const state = await gate.give(ticket, gatewayFailure ? 'gateway_failure' : 'ok', true, gatewayFailure ? '276 failed' : null);
      if (state) log.warn({ gateway: claim.gateway_key, state }, 'payer circuit breaker changed');
    }
  };

  // One lane per payer, as wide as its in-flight limit; all payers at once.
  const byPayer = Map.groupBy(due, (claim) => claim.payer_id);
  await Promise.all([...byPayer.values()].map(async (claims) => {
    const limitOfPayer = claims[0].max_in_flight ?? settings.defaultMaxInFlight;
    const slots = new LocalSlots(limitOfPayer);
    await Promise.all(claims.map(async (claim) => {
      await slots.acquire();
      try {
        await ask(claim, limitOfPayer);
      } finally {
        slots.release();
      }
    }));
  }));
  return result;
}
