// Test connection of a trading partner: REST POST /trading-partners/:id/test-connection, because it
// is network I/O done by the server (a real 270 over CORE), not a database function GraphQL exposes.
import { readToken } from '../auth/token-store.ts';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  httpStatus: number | null;
  responseType: string;
  responseMs: number;
  payloadId: string;
}

export async function testConnection(tradingPartnerId: string): Promise<ConnectionTestResult> {
  const token = readToken();
  const response = await fetch(`/trading-partners/${encodeURIComponent(tradingPartnerId)}/test-connection`, {
    method: 'POST',
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const body = (await response.json().catch(() => null)) as (ConnectionTestResult & { error?: { message: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `test connection failed with HTTP ${response.status}`);
  return body;
}
