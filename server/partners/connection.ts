// The one way TypeScript reads a trading partner's connection with its decrypted credentials
// (SQL: core_private.trading_partner_connection, owner connections only). Callers: the sweep,
// batch results polling, the test connection, claim submission, acknowledgment and 835 polls, 276s;
// each turns it into its CORE client options with coreClientOptions below.
import { config } from '../config.ts';
import type { CoreClientOptions } from '../../x12/transport/core-client.ts';
import { partnerCredentialKey } from './credential-key.ts';

export interface PartnerConnection {
  id: string;
  name: string;
  active: boolean;
  endpointUrl: string;
  mode: 'realtime' | 'batch';
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  usageIndicator: 'P' | 'T';
  timeoutMs: number;
  /** null when no credentials are stored (never set, or cleared when the endpoint changed). */
  username: string | null;
  password: string | null;
}

/** A pg Pool, Client or PoolClient on the owner's connection. */
export interface OwnerQueryable {
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
}

export class PartnerEndpointNotAllowed extends Error {
  readonly code = '22023';
}

/** null when the tenant has no such partner. */
export async function loadPartnerConnection(client: OwnerQueryable, tenantId: string, tradingPartnerId: string): Promise<PartnerConnection | null> {
  const { rows } = await client.query('select * from core_private.trading_partner_connection($1, $2, $3)', [tenantId, tradingPartnerId, partnerCredentialKey()]);
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id), name: String(r.name), active: Boolean(r.active), endpointUrl: String(r.endpoint_url), mode: r.mode as PartnerConnection['mode'],
    senderQualifier: String(r.sender_qualifier), senderId: String(r.sender_id), receiverQualifier: String(r.receiver_qualifier),
    receiverId: String(r.receiver_id), usageIndicator: r.usage_indicator as PartnerConnection['usageIndicator'], timeoutMs: Number(r.timeout_ms),
    username: (r.username as string | null) ?? null, password: (r.password as string | null) ?? null,
  };
}

/** Production sends credentials over TLS only (docs/security.md); development may use the http:// sandbox partner. */
export function assertEndpointAllowed(endpointUrl: string, production = config.production): void {
  if (production && !endpointUrl.toLowerCase().startsWith('https://')) {
    throw new PartnerEndpointNotAllowed(`trading partner endpoint ${new URL(endpointUrl).origin} is not https://: production sends credentials over TLS only`);
  }
}

/** What the CORE client needs of a partner: its endpoint, credentials and envelope ids. */
export type PartnerEndpoint = Pick<PartnerConnection, 'endpointUrl' | 'username' | 'password' | 'senderId' | 'receiverId' | 'timeoutMs'>;

/** The CORE client options of every exchange with a partner (https only and a capped answer in production). */
export function coreClientOptions(partner: PartnerEndpoint, payloadId?: string): CoreClientOptions {
  return {
    url: partner.endpointUrl,
    username: partner.username ?? '',
    password: partner.password ?? '',
    senderId: partner.senderId,
    receiverId: partner.receiverId,
    timeoutMs: partner.timeoutMs,
    payloadId,
    requireHttps: config.production,
    maxResponseBytes: config.partnerMaxResponseBytes,
  };
}
