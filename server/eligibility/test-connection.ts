// Trading partner test connection: one 270 for a synthetic member over the partner's CORE
// endpoint with its stored credentials. Any X12 answer (271 or 999) proves connectivity;
// transport and credential errors come back verbatim.
import type { Pool } from 'pg';
import { build270 } from '../../x12/build-270.ts';
import { makeNpi } from '../seed/npi.ts';
import { exchange, originatorId, submitToBatch, type PartnerConfig } from './exchange.ts';
import { randomUUID } from 'node:crypto';
import { loadPartnerConnection } from '../partners/connection.ts';

export interface TestConnectionResult {
  ok: boolean;
  message: string;
  httpStatus: number | null;
  responseType: string;
  responseMs: number;
  payloadId: string;
}

/** A query as the caller (rcm_visitor with the caller's claims): a pg PoolClient or PostGraphile's client. */
export type CallerQuery = (text: string, values: unknown[]) => Promise<{ rows: readonly Record<string, unknown>[] }>;

/** Thrown for a partner the caller cannot see; carries the SQLSTATE REST and GraphQL map to "not found". */
export class TradingPartnerNotFound extends Error {
  readonly code = 'P0002';
  constructor(id: string) {
    super(`trading partner ${id} not found`);
  }
}

/**
 * Who may test which partner is decided in SQL as the caller, for REST and GraphQL alike: the
 * admin permission (42501 otherwise) and RLS (another tenant's partner is invisible, so "not
 * found"). Returns the partner's tenant.
 */
export async function authorizeConnectionTest(asCaller: CallerQuery, tradingPartnerId: string): Promise<string> {
  await asCaller("select core.assert_permission('admin')", []);
  const { rows } = await asCaller('select tenant_id from core.trading_partner where id = $1', [tradingPartnerId]);
  if (!rows[0]) throw new TradingPartnerNotFound(tradingPartnerId);
  return String(rows[0].tenant_id);
}

export async function testTradingPartnerConnection(ownerPool: Pool, tenantId: string, tradingPartnerId: string): Promise<TestConnectionResult | null> {
  const { rows } = await ownerPool.query(
    `select tp.id, tp.name, tp.mode, tp.endpoint_url, tp.sender_qualifier, tp.sender_id, tp.receiver_qualifier, tp.receiver_id, tp.usage_indicator, tp.timeout_ms,
            (select npi from core.facility f where f.tenant_id = tp.tenant_id and f.npi is not null order by f.code limit 1) as npi,
            (select payer_identifier from core.payer p where p.tenant_id = tp.tenant_id and p.trading_partner_id = tp.id order by p.code limit 1) as payer_identifier,
            eligibility_private.fn_reserve_control_numbers(tp.tenant_id, tp.id, 1) as control_number
     from core.trading_partner tp
     where tp.tenant_id = $1 and tp.id = $2`, [tenantId, tradingPartnerId]);
  const r = rows[0];
  if (!r) return null;
  const connection = await loadPartnerConnection(ownerPool, tenantId, tradingPartnerId);
  if (!connection?.username || !connection.password) {
    return { ok: false, message: 'No credentials are stored for this partner (they are cleared when its endpoint changes): set its UserName and Password, then test again', httpStatus: null, responseType: 'ERROR', responseMs: 0, payloadId: randomUUID() };
  }
  const partner: PartnerConfig = {
    id: r.id, name: r.name, mode: r.mode, endpointUrl: r.endpoint_url, senderQualifier: r.sender_qualifier, senderId: r.sender_id, receiverQualifier: r.receiver_qualifier,
    receiverId: r.receiver_id, usage: r.usage_indicator, timeoutMs: r.timeout_ms, username: connection?.username ?? null, password: connection?.password ?? null,
  };
  const payloadId = randomUUID();
  const trace = payloadId.replaceAll('-', '');
  const x12 = build270({
    sender: { qualifier: partner.senderQualifier, id: partner.senderId },
    receiver: { qualifier: partner.receiverQualifier, id: partner.receiverId },
    interchangeControlNumber: Number(r.control_number), groupControlNumber: Number(r.control_number), transactionControlNumber: 1,
    usage: partner.usage,
    payer: { name: 'CONNECTION TEST', id: r.payer_identifier ?? 'TEST' },
    provider: { entityType: '2', name: 'CONNECTION TEST', npi: r.npi ?? makeNpi('123456789') },
    subscriber: { memberId: 'ACTCONNTEST1', firstName: 'TEST', lastName: 'CONNECTION', dob: '1980-01-01' },
    trace: { number: trace, originatorId: originatorId(partner.senderId) },
    serviceDate: new Date().toISOString().slice(0, 10),
  });
  if (partner.mode === 'batch') {
    // A batch partner answers a submission with a receipt only: the receipt proves connectivity and credentials.
    const receipt = await submitToBatch(partner, x12, payloadId);
    const responseMs = receipt.receivedAt.getTime() - receipt.sentAt.getTime();
    if (receipt.error) return { ok: false, message: receipt.error.message, httpStatus: receipt.httpStatus, responseType: 'ERROR', responseMs, payloadId };
    return {
      ok: true, message: `Connected: the partner confirmed receipt of a batch submission in ${responseMs} ms`, httpStatus: receipt.httpStatus,
      responseType: 'BATCH_RECEIPT', responseMs, payloadId,
    };
  }
  const result = await exchange(partner, x12, payloadId, trace);
  const responseMs = result.receivedAt.getTime() - result.sentAt.getTime();
  if (result.outcome instanceof Error) {
    return { ok: false, message: result.outcome.message, httpStatus: result.httpStatus, responseType: result.responseType, responseMs, payloadId };
  }
  return { ok: true, message: `Connected: the partner answered with a ${result.responseType} in ${responseMs} ms`, httpStatus: result.httpStatus, responseType: result.responseType, responseMs, payloadId };
}
