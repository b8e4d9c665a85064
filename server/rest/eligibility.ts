// POST /trading-partners/:id/test-connection (admin): sends a test 270 and reports ok or the error.
import express, { type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid } from './params.ts';
import { testTradingPartnerConnection } from '../eligibility/test-connection.ts';

export function eligibilityRoutes({ apiPool, ownerPool, log }: RestDeps): Router {
  const router = express.Router();

  router.post('/trading-partners/:id/test-connection', async (req, res) => {
    const id = req.params.id;
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `trading partner id must be a UUID, got "${id}"`);
    // Permission and visibility are decided as the caller (RLS): another tenant's partner is a 404.
    const partner = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      await client.query("select core.assert_permission('admin')");
      return (await client.query<{ tenant_id: string }>('select tenant_id from core.trading_partner where id = $1', [id])).rows[0];
    });
    if (!partner) throw new HttpError(404, 'not_found', `no trading partner ${id}`);
    const result = await testTradingPartnerConnection(ownerPool, partner.tenant_id, id);
    if (!result) throw new HttpError(404, 'not_found', `no trading partner ${id}`);
    log.info({ component: 'sweep', tradingPartnerId: id, ok: result.ok, responseMs: result.responseMs }, 'trading partner test connection');
    res.json(result);
  });

  return router;
}
