// The body reader of every route that receives X12 (POST /eligibility/responses, and the routes of
// claims acknowledgments and remittances): it refuses an anonymous caller before reading one byte,
// then reads at most `maxBytes` (a larger Content-Length is refused unread with 413, a stream that
// grows past it is cut off with 413) and leaves the interchange text on `req.x12`.
//
// Usage: router.post('/remittances', ...x12Body({ maxBytes: x12MaxBytes('REMITTANCE_X12_MAX_BYTES') }), async (req, res) => {
//   const text = x12Of(req); ... });
// Accepted bodies: Content-Type application/json {"x12": "ISA*..."} or the raw interchange as
// application/edi-x12, application/edi or text/plain. Anything else is a 415 before reading.
import express, { type Request, type RequestHandler } from 'express';
import { requireAuth } from '../auth/middleware.ts';
import { HttpError } from './errors.ts';

declare module 'express-serve-static-core' {
  interface Request {
    x12?: string;
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
    const body: unknown = req.body;
    const text = typeof body === 'string' ? body : (body as { x12?: unknown } | undefined)?.x12;
    if (typeof text !== 'string' || !text.trimStart().startsWith('ISA')) {
      return next(new HttpError(400, 'invalid_parameter', 'body must be an X12 interchange starting with ISA (raw, or JSON {"x12": "ISA..."})'));
    }
    req.x12 = text;
    next();
  };
  return [
    requireAuth,
    requireX12Type,
    refuseDeclaredOversize,
    express.json({ limit: maxBytes, strict: true }),
    express.text({ limit: maxBytes, type: RAW_TYPES }),
    extract,
  ];
}

/** The interchange read by x12Body (throws when the route forgot to mount it). */
export function x12Of(req: Request): string {
  if (req.x12 === undefined) throw new Error('x12Body() is not mounted on this route');
  return req.x12;
}
