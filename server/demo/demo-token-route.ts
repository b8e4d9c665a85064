// GET /dev/demo-token: the demo tenant's all-permission token for the console's "Use the demo token"
// button. Mounted by `npm start` only in demo mode outside production, and answered only to
// loopback clients; a production server never has this route.
import express, { type Router } from 'express';
import { HttpError } from '../http/errors.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function demoTokenRoute(token: string, tenantSlug: string): Router {
  const router = express.Router();
  router.get('/dev/demo-token', (req, res) => {
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) throw new HttpError(403, 'forbidden', 'the demo token is only handed to clients on this machine');
    res.set('cache-control', 'no-store').json({ token, tenant: tenantSlug });
  });
  return router;
}
