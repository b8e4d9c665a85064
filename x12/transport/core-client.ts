// CAQH CORE connectivity rule (Phase II, CORERuleVersion 2.2.0) client over HTTP MIME
// multipart/form-data: real-time exchanges, batch submission and batch results retrieval.

import { randomUUID } from 'node:crypto';
import { readMultipart } from './multipart.ts';
import {
  TransportAuthError, TransportConnectionError, TransportHttpError, TransportPolicyError, TransportProtocolError, TransportTimeoutError, excerpt,
} from './errors.ts';

/** Default cap on a partner's answer (a CORE envelope; a batch of 271s is the largest). */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

export const PAYLOAD_TYPE_270 = 'X12_270_Request_005010X279A1';
export const PAYLOAD_TYPE_271 = 'X12_271_Response_005010X279A1';
export const PAYLOAD_TYPE_999 = 'X12_999_Response_005010X231A1';
export const PAYLOAD_TYPE_837P = 'X12_837_Request_005010X222A1';
export const PAYLOAD_TYPE_BATCH_RECEIPT = 'X12_Response_ConfirmReceiptReceived';
export const PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_271 = 'X12_005010_Request_Batch_Results_271';
export const PAYLOAD_TYPE_NO_BATCH_RESULTS = 'X12_Response_NoBatchResultsFile';
/** Batch retrieval of the acknowledgments of an 837 submission (Payload = the submission's PayloadID). */
export const PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999 = 'X12_999_RetrievalRequest_005010X231A1';
export const PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA = 'X12_277CA_RetrievalRequest_005010X214';
export const PAYLOAD_TYPE_277CA = 'X12_277CA_Response_005010X214';
/** Real-time claim status (276 asked, 277 answered). */
export const PAYLOAD_TYPE_276 = 'X12_276_Request_005010X212';
export const PAYLOAD_TYPE_277 = 'X12_277_Response_005010X212';
/** CORE batch retrieval of the 835s a payer has ready for the sender (CORE 350 835 infrastructure). */
export const PAYLOAD_TYPE_835_REQUEST = 'X12_835_Request_005010X221A1';
export const PAYLOAD_TYPE_835 = 'X12_835_Response_005010X221A1';
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
  /** Refuse a plain http:// url (production: credentials travel over TLS only). */
  requireHttps?: boolean;
  /** Answers longer than this are cut off and refused. Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

export interface CoreBatchReceipt {
  payloadId: string;
  sentAt: Date;
  receivedAt: Date;
  httpStatus: number;
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

/** The body, refused once it passes `max` bytes (a hostile or broken partner cannot fill our memory). */
async function readCapped(response: Response, max: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel();
    throw new TransportPolicyError(url, `answer of ${declared} bytes is larger than the limit of ${max} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the stream (the iterator's return()).
    if (size > max) throw new TransportPolicyError(url, `answer larger than the limit of ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

/** Sends one X12 270 in real-time mode and returns the partner's 271 or 999. */
export async function sendRealTime(options: CoreClientOptions, x12: string, payloadType = PAYLOAD_TYPE_270): Promise<CoreRealTimeResult> {
  const result = await postEnvelope(options, payloadType, 'RealTime', x12);
  if (!result.payload) throw new TransportProtocolError(options.url, 'no Payload field');
  return { ...result, payload: result.payload };
}

/**
 * Batch mode, step 1: submits X12 (an interchange of 270s) with ProcessingMode=Batch. The partner
 * only confirms receipt (PayloadType X12_Response_ConfirmReceiptReceived); the 271s come later.
 */
export async function submitBatch(options: CoreClientOptions, x12: string, payloadType = PAYLOAD_TYPE_270): Promise<CoreBatchReceipt> {
  const result = await postEnvelope(options, payloadType, 'Batch', x12);
  if (result.responsePayloadType !== PAYLOAD_TYPE_BATCH_RECEIPT) {
    throw new TransportProtocolError(options.url, `expected a batch receipt (${PAYLOAD_TYPE_BATCH_RECEIPT}), got PayloadType ${result.responsePayloadType ?? 'none'}`);
  }
  return { payloadId: result.payloadId, sentAt: result.sentAt, receivedAt: result.receivedAt, httpStatus: result.httpStatus };
}

/**
 * Batch mode, step 2: asks for the 271s of an earlier submission (its PayloadID in Payload), or
 * with requestPayloadType the 999 or 277CA of an 837 submission.
 * Returns the X12 when the results are ready, null while the partner has none yet
 * (PayloadType X12_Response_NoBatchResultsFile).
 */
export async function retrieveBatchResults(options: CoreClientOptions, submissionPayloadId: string, requestPayloadType = PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_271): Promise<string | null> {
  const result = await postEnvelope(options, requestPayloadType, 'Batch', submissionPayloadId);
  if (result.responsePayloadType === PAYLOAD_TYPE_NO_BATCH_RESULTS) return null;
  if (!result.payload) throw new TransportProtocolError(options.url, `batch results for PayloadID ${submissionPayloadId}: no Payload field`);
  return result.payload;
}

interface EnvelopeResult extends Omit<CoreRealTimeResult, 'payload'> {
  payload: string | null;
}

/** One CORE envelope over HTTP MIME multipart; transport, HTTP and envelope errors are thrown typed. */
async function postEnvelope(options: CoreClientOptions, payloadType: string, processingMode: 'RealTime' | 'Batch', payload: string): Promise<EnvelopeResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (options.requireHttps && !/^https:\/\//i.test(options.url)) throw new TransportPolicyError(options.url, 'the endpoint is not https:// (credentials travel over TLS only)');
  const payloadId = options.payloadId ?? randomUUID();
  const sentAt = new Date();
  const form = new FormData();
  form.append('PayloadType', payloadType);
  form.append('ProcessingMode', processingMode);
  form.append('PayloadID', payloadId);
  form.append('TimeStamp', sentAt.toISOString());
  form.append('SenderID', options.senderId);
  form.append('ReceiverID', options.receiverId);
  form.append('CORERuleVersion', CORE_RULE_VERSION);
  form.append('UserName', options.username);
  form.append('Password', options.password);
  form.append('Payload', payload);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let contentType: string;
  let body: Buffer;
  try {
    // A redirect is not followed: it would carry the credentials to wherever the partner (or
    // someone between) points.
    const response = await fetch(options.url, { method: 'POST', body: form, signal: controller.signal, redirect: 'manual' });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    if (status >= 300 && status < 400) {
      await response.body?.cancel();
      throw new TransportPolicyError(options.url, `HTTP ${status} redirect not followed; configure the partner's final endpoint`);
    }
    body = await readCapped(response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, options.url);
  } catch (error) {
    if (error instanceof TransportPolicyError) throw error;
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
  return {
    payloadId,
    sentAt,
    receivedAt,
    httpStatus: status,
    responsePayloadType: fields.PayloadType ?? null,
    errorCode,
    errorMessage,
    payload: fields.Payload || null,
    rawResponse: fields,
  };
}
