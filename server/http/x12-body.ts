// The body reader of every route that receives X12 (POST /eligibility/responses, and the routes of
// claims acknowledgments and remittances): it refuses an anonymous caller before reading one byte,
// then reads at most `maxBytes` (a larger Content-Length is refused unread with 413, a stream that
// grows past it is cut off with 413) and leaves the interchange on `req.x12` (an X12Source: the raw
// bytes, which a reader thread takes by transfer, or the text sent inside JSON).
//
// Usage: router.post('/remittances', ...x12Body({ maxBytes: x12MaxBytes('REMITTANCE_X12_MAX_BYTES') }), async (req, res) => {
//   const x12 = x12Of(req); await readRemittanceFile({ x12 }); ... x12.text ... });
// Accepted bodies: Content-Type application/json {"x12": "ISA*..."} or the raw interchange as
// application/edi-x12, application/edi or text/plain. Anything else is a 415 before reading.
import express, { type Request, type RequestHandler } from 'express';
import { requireAuth } from '../auth/middleware.ts';
import { HttpError } from './errors.ts';
import { requestHasBody } from './json-body.ts';
import { X12Source } from '../x12-readers/x12-source.ts';

declare module 'express-serve-static-core' {
  interface Request {
    x12?: X12Source;
  }
}

export interface X12BodyOptions {
  /** Largest body accepted, in bytes (JSON envelope included). */
  maxBytes: number;
}

const RAW_TYPES = ['application/edi-x12', 'application/edi', 'text/plain'];

/** Default X12 body cap: X12_BODY_MAX_BYTES or 5 MB; a route may name its own variable. */
export function x12MaxBytes(variable = 'X12_BODY_MAX_BYTES', fallback = 5 * 1024 * 1024): number {
  return positiveInt(variable, process.env[variable] ?? process.env.X12_BODY_MAX_BYTES, fallback);
}

/**
 * Most segments a route maps (parseX12(text, { maxSegments })): mapping costs ~25 µs a segment,
 * so a body that fits the byte cap still cannot hold the event loop for long. Env `variable` or fallback.
 */
export function x12MaxSegments(variable: string, fallback: number): number {
  return positiveInt(variable, process.env[variable], fallback);
}

function positiveInt(variable: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable} must be a positive whole number, got "${raw}"`);
  return value;
}

export function x12Body({ maxBytes }: X12BodyOptions): RequestHandler[] {
  const requireX12Type: RequestHandler = (req, _res, next) => {
    if (!requestHasBody(req)) return next(new HttpError(400, 'invalid_parameter', 'the body is empty: send the X12 interchange (application/edi-x12) or {"x12": "ISA..."}', { field: 'body' }));
    if (req.is(['application/json', ...RAW_TYPES])) return next();
    next(new HttpError(415, 'unsupported_media_type', `X12 is sent as application/json {"x12": "ISA..."} or as ${RAW_TYPES.join(', ')}; got ${req.headers['content-type'] ?? 'none'}`));
  };
  const refuseDeclaredOversize: RequestHandler = (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      res.set('Connection', 'close'); // the unread body is not drained
      return next(new HttpError(413, 'body_too_large', `the X12 body (${declared} bytes) is larger than this route's limit of ${maxBytes} bytes`));
    }
    next();
  };
  const extract: RequestHandler = (req, _res, next) => {
    const x12 = x12SourceOf(req.body);
    if (!x12?.startsWithIsa()) {
      return next(new HttpError(400, 'invalid_parameter', 'body must be an X12 interchange starting with ISA (raw, or JSON {"x12": "ISA..."})'));
    }
    req.x12 = x12;
    next();
  };
  return [
    requireAuth,
    requireX12Type,
    refuseDeclaredOversize,
    express.json({ limit: maxBytes, strict: true }),
    ...rawX12Body({ limit: maxBytes, type: RAW_TYPES }),
    extract,
  ];
}

/**
 * The raw body of the given types as bytes (express.raw): a reader thread decodes them. A body in
 * another charset than UTF-8 (or its ASCII subset) is decoded here, as express.text would have.
 */
export function rawX12Body(options: { limit: number; type: string | string[] }): RequestHandler[] {
  const decodeOtherCharset: RequestHandler = (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) return next();
    const charset = (/;\s*charset="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1] ?? 'utf-8').toLowerCase();
    if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return next();
    try {
      req.body = new TextDecoder(charset).decode(req.body);
    } catch {
      return next(new HttpError(415, 'unsupported_charset', `unsupported charset "${charset}"`));
    }
    next();
  };
  return [express.raw(options), decodeOtherCharset];
}

/** The interchange of a parsed body: raw bytes, decoded text, or JSON {"x12": "..."}; null when none. */
export function x12SourceOf(body: unknown): X12Source | null {
  if (Buffer.isBuffer(body) || typeof body === 'string') return new X12Source(body);
  const x12 = (body as { x12?: unknown } | undefined)?.x12;
  return typeof x12 === 'string' ? new X12Source(x12) : null;
}

/** The interchange read by x12Body (throws when the route forgot to mount it). */
export function x12Of(req: Request): X12Source {
  if (req.x12 === undefined) throw new Error('x12Body() is not mounted on this route');
  return req.x12;
}
