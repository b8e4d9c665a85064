// GET /me (who the token is), GET /facilities, GET /facilities/:id, GET /payers.
import express, { type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid } from './params.ts';

export function referenceDataRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.get('/me', async (req, res) => {
    const claims = claimsOf(req);
    const tenant = await asTenantUser(apiPool, claims, async (client) => (await client.query('select id, slug, name from core.current_tenant()')).rows[0]);
    res.json({ sub: claims.sub, tenant, permissions: claims.permissions });
  });

  router.get('/facilities', async (req, res) => {
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select id, code, name, npi, time_zone as "timeZone", active from core.facility order by code')).rows);
    res.json({ facilities: rows });
  });

  router.get('/facilities/:id', async (req, res) => {
    const id = req.params.id;
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `facility id must be a UUID, got "${id}"`);
    const row = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select id, code, name, npi, time_zone as "timeZone", active from core.facility where id = $1', [id])).rows[0]);
    if (!row) throw new HttpError(404, 'not_found', `no facility ${id}`);
    res.json(row);
  });

  router.get('/payers', async (req, res) => {
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query(`select id, code, name, payer_identifier as "payerIdentifier", kind, timely_filing_days as "timelyFilingDays",
         stale_claim_days as "staleClaimDays", daily_270_cap as "daily270Cap", max_in_flight as "maxInFlight" from core.payer order by code`)).rows);
    res.json({ payers: rows });
  });

  return router;
}
