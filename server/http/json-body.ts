// JSON bodies for REST routes: right content type, size limit, parse errors as 400 (errors.ts).
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/** `verify` sees the raw body (after any Content-Encoding, before decoding) and its charset. */
export function jsonBody(limit: string, verify?: (req: object, res: object, body: Buffer, encoding: string | null) => void): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (requestHasBody(req) && !req.is('application/json')) {
      return next(new HttpError(415, 'unsupported_media_type', `expected Content-Type: application/json, got ${req.headers['content-type'] ?? 'none'}`));
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, ...(verify ? { verify } : {}) })];
}

/** Whether the request carries a body (express's req.is() is null without one, whatever Content-Type says). */
export function requestHasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}
