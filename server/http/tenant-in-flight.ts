// At most `max` requests of one tenant in flight at once; beyond: 429 with Retry-After: 1 (issue 13
// item 5). One tenant's burst then cannot take every pooled database connection from the others.
// Counted per process (each API process has its own pool).
import type { RequestHandler } from 'express';
import { HttpError, sendError } from './errors.ts';

export function tenantInFlightLimit(options: { max: () => number; what: string; setting: string }): RequestHandler {
  const inFlight = new Map<string, number>();
  return (req, res, next) => {
    const tenantId = req.auth?.tenantId;
    if (!tenantId) return next(); // anonymous requests reach no tenant data (and carry no body)
    const max = options.max();
    const count = inFlight.get(tenantId) ?? 0;
    if (count >= max) {
      res.set('Retry-After', '1');
      if (req.readable && !req.complete) res.set('Connection', 'close'); // an unread body is not drained
      return sendError(res, new HttpError(429, 'too_many_requests', `this tenant already has ${max} ${options.what} in flight (${options.setting}); retry after 1 s`));
    }
    inFlight.set(tenantId, count + 1);
    res.once('close', () => {
      const left = (inFlight.get(tenantId) ?? 1) - 1;
      if (left === 0) inFlight.delete(tenantId);
      else inFlight.set(tenantId, left);
    });
    next();
  };
}
