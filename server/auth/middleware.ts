// Reads the bearer token; routes that need a user call requireAuth.
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../http/errors.ts';
import { AuthError, configuredTokenPolicy, verifyToken, type AuthClaims, type TokenPolicy } from './jwt.ts';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthClaims;
  }
}

export function authenticate(jwtSecret: string, policy: TokenPolicy = configuredTokenPolicy()): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new HttpError(401, 'unauthenticated', 'Authorization header must be "Bearer <token>"'));
    try {
      req.auth = await verifyToken(jwtSecret, match[1], policy);
      // A token that grants nothing is a mistake or a probe: refuse it before any route runs.
      if (req.auth.permissions.length === 0) return next(new HttpError(403, 'forbidden', 'the token carries no permission'));
      next();
    } catch (error) {
      next(error instanceof AuthError ? new HttpError(401, 'unauthenticated', error.message) : error);
    }
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.auth) return next(new HttpError(401, 'unauthenticated', 'a bearer token is required (npm run -s token -- --tenant demo --permissions all)'));
  next();
};

export function claimsOf(req: Request): AuthClaims {
  if (!req.auth) throw new HttpError(401, 'unauthenticated', 'a bearer token is required');
  return req.auth;
}

/**
 * Refuses a request that carries a body but no token, before anything reads the body: an anonymous
 * caller can make the service parse nothing (issue 13). Routes without a body keep their own answer
 * (404 for an unknown path, 401 from requireAuth).
 */
export const requireAuthForBody: RequestHandler = (req, res, next) => {
  if (req.auth) return next();
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return next();
  res.set('Connection', 'close'); // the unread body is not drained
  next(new HttpError(401, 'unauthenticated', 'a bearer token is required before a request body is read'));
};
