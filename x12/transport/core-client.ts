// CAQH CORE connectivity rule (Phase II, CORERuleVersion 2.2.0) real-time client over
// HTTP MIME multipart/form-data.

import { randomUUID } from 'node:crypto';
import { readMultipart } from './multipart.ts';
import {
  TransportAuthError, TransportConnectionError, TransportHttpError, TransportProtocolError, TransportTimeoutError, excerpt,
} from './errors.ts';

export const PAYLOAD_TYPE_270 = 'X12_270_Request_005010X279A1';
export const PAYLOAD_TYPE_271 = 'X12_271_Response_005010X279A1';
export const PAYLOAD_TYPE_999 = 'X12_999_Response_005010X231A1';
export const CORE_RULE_VERSION = '2.2.0';

export interface CoreClientOptions {
  /** e.g. https://partner.example/core/realtime */
  url: string;
  username: string;
  password: string;
  senderId: string;
  receiverId: string;
  /** Whole request, including reading the response body. Default 30000 (CORE's real-time ceiling is 20 s at the payer plus network). */
  timeoutMs?: number;
  /** CORE PayloadID; a random UUID when omitted (callers that log the exchange pass their own). */
  payloadId?: string;
}

export interface CoreRealTimeResult {
  payloadId: string;
  sentAt: Date;
  receivedAt: Date;
  httpStatus: number;
  responsePayloadType: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** The X12 (271 or 999) the partner returned. */
  payload: string;
  /** Every field of the multipart response, as received. */
  rawResponse: Record<string, string>;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function errorText(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  const text = typeof message === 'string' ? message : String(error);
  return typeof cause?.message === 'string' ? `${text}: ${cause.message}` : text;
}

/** undici hides the socket error (ECONNREFUSED, ENOTFOUND...) in the cause chain, sometimes inside an AggregateError. */
function connectionCode(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code.startsWith('E')) return code;
  if (Array.isArray(errors)) for (const inner of errors) {
    const found = connectionCode(inner, depth + 1);
    if (found) return found;
  }
  return connectionCode(cause, depth + 1);
}

/** Sends one X12 270 in real-time mode and returns the partner's 271 or 999. */
export async function sendRealTime(options: CoreClientOptions, x12: string, payloadType = PAYLOAD_TYPE_270): Promise<CoreRealTimeResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const payloadId = options.payloadId ?? randomUUID();
  const sentAt = new Date();
  const form = new FormData();
  form.append('PayloadType', payloadType);
  form.append('ProcessingMode', 'RealTime');
  form.append('PayloadID', payloadId);
  form.append('TimeStamp', sentAt.toISOString());
  form.append('SenderID', options.senderId);
  form.append('ReceiverID', options.receiverId);
  form.append('CORERuleVersion', CORE_RULE_VERSION);
  form.append('UserName', options.username);
  form.append('Password', options.password);
  form.append('Payload', x12);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let contentType: string;
  let body: Buffer;
  try {
    const response = await fetch(options.url, { method: 'POST', body: form, signal: controller.signal });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (isAbort(error) || controller.signal.aborted) throw new TransportTimeoutError(options.url, timeoutMs);
    throw new TransportConnectionError(options.url, connectionCode(error), errorText(error));
  } finally {
    clearTimeout(timer);
  }
  const receivedAt = new Date();

  const isMultipart = contentType.toLowerCase().startsWith('multipart/');
  const fields = isMultipart ? await readMultipart(contentType, body).catch(() => null) : null;
  const errorCode = fields?.ErrorCode ?? null;
  const errorMessage = fields?.ErrorMessage ?? null;
  if (status === 401 || status === 403 || errorCode === 'UnAuthorized') {
    throw new TransportAuthError(options.url, status, errorCode, errorMessage);
  }
  if (status < 200 || status >= 300) {
    throw new TransportHttpError(options.url, status, excerpt(fields ? `${errorCode ?? ''} ${errorMessage ?? ''}` : body.toString('utf8')));
  }
  if (!fields) throw new TransportProtocolError(options.url, `expected multipart/form-data, got ${contentType || 'no content type'}: ${excerpt(body.toString('utf8'))}`);
  if (errorCode && errorCode !== 'Success') {
    throw new TransportProtocolError(options.url, `ErrorCode ${errorCode}${errorMessage ? `: ${errorMessage}` : ''}`, errorCode);
  }
  if (!fields.Payload) throw new TransportProtocolError(options.url, 'no Payload field');
  return {
    payloadId,
    sentAt,
    receivedAt,
    httpStatus: status,
    responsePayloadType: fields.PayloadType ?? null,
    errorCode,
    errorMessage,
    payload: fields.Payload,
    rawResponse: fields,
  };
}
