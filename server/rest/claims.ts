// POST /claims/build (manual "Batch claim building") and GET /claims/timely-filing (manual 7.2).
// Each route validates its input, then makes one SQL function call as the caller.
import express, { type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid, optionalQuery } from './params.ts';

/** Most charges one POST /claims/build takes (psql and the nightly pass take up to 100,000). */
export const MAX_CHARGES_PER_BUILD = 10_000;
const ALERT_LEVELS = ['WARNING', 'ALERT', 'EXPIRED', 'CONFIG'];

interface BuildOutcomeRow {
  charge_id: string;
  claim_id: string | null;
  claim_total_amount: string | null;
  error_code: string | null;
  error_message: string | null;
  validation_errors: unknown[] | null;
}

export function claimsRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.post('/claims/build', async (req, res) => {
    const chargeIds = parseChargeIds((req.body as { chargeIds?: unknown } | undefined)?.chargeIds);
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<BuildOutcomeRow>('select * from billing.fn_build_claims($1::uuid[])', [chargeIds])).rows);
    const failed = rows.filter((row) => row.error_code !== null);
    if (failed.length > 0) {
      res.status(400).json({
        error: { code: 'charges_not_billable', message: `${failed.length} of ${new Set(chargeIds).size} charges cannot be billed; nothing was built. Fix each charge listed in errors and re-call.`, details: null },
        errors: failed.map((row) => ({
          chargeId: row.charge_id,
          code: row.error_code,
          message: row.error_message,
          ...(row.validation_errors ? { validationErrors: row.validation_errors } : {}),
        })),
      });
      return;
    }
    const claims = new Map<string, { claimId: string; chargeIds: string[]; totalAmount: string }>();
    for (const row of rows) {
      const claimId = row.claim_id!;
      const claim = claims.get(claimId) ?? { claimId, chargeIds: [], totalAmount: row.claim_total_amount! };
      claim.chargeIds.push(row.charge_id);
      claims.set(claimId, claim);
    }
    res.json({ claimIds: [...claims.keys()], claims: [...claims.values()] });
  });

  router.get('/claims/timely-filing', async (req, res) => {
    const alertLevel = optionalQuery(req.query.alertLevel, 'alertLevel');
    const payerId = optionalQuery(req.query.payerId, 'payerId');
    const facilityId = optionalQuery(req.query.facilityId, 'facilityId');
    if (alertLevel !== undefined && !ALERT_LEVELS.includes(alertLevel.toUpperCase())) {
      throw new HttpError(400, 'invalid_parameter', `alertLevel must be one of ${ALERT_LEVELS.join(', ')}, got "${alertLevel}"`, { field: 'alertLevel' });
    }
    for (const [field, value] of [['payerId', payerId], ['facilityId', facilityId]] as const) {
      if (value !== undefined && !isUuid(value)) throw new HttpError(400, 'invalid_parameter', `${field} must be a UUID, got "${value}"`, { field });
    }
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query(
        `select alert_id as "alertId", subject_kind as "subjectKind", claim_id as "claimId", charge_id as "chargeId", charge_number as "chargeNumber",
                payer_id as "payerId", payer_code as "payerCode", facility_id as "facilityId", facility_code as "facilityCode", level,
                earliest_service_date::text as "earliestServiceDate", timely_filing_days as "timelyFilingDays", deadline::text as deadline,
                days_elapsed as "daysElapsed", days_remaining as "daysRemaining", percent_used::float8 as "percentUsed",
                amount, affected_count as "affectedCount", raised_at as "raisedAt", message
         from billing.fn_timely_filing_alerts($1, $2, $3)`,
        [alertLevel?.toUpperCase() ?? null, payerId ?? null, facilityId ?? null],
      )).rows);
    res.json({ alerts: rows });
  });

  return router;
}

function parseChargeIds(value: unknown): string[] {
  if (value === undefined) throw new HttpError(400, 'invalid_parameter', 'chargeIds is required: {"chargeIds": ["<charge id>", ...]}', { field: 'chargeIds' });
  if (!Array.isArray(value)) throw new HttpError(400, 'invalid_parameter', 'chargeIds must be an array of charge ids (UUIDs)', { field: 'chargeIds' });
  if (value.length === 0) throw new HttpError(400, 'invalid_parameter', 'chargeIds must not be empty', { field: 'chargeIds' });
  if (value.length > MAX_CHARGES_PER_BUILD) {
    throw new HttpError(400, 'invalid_parameter', `chargeIds has ${value.length} ids; at most ${MAX_CHARGES_PER_BUILD} per call (split the request)`, { field: 'chargeIds' });
  }
  const bad = value.findIndex((id) => !isUuid(id));
  if (bad >= 0) throw new HttpError(400, 'invalid_parameter', `chargeIds[${bad}] must be a UUID, got ${JSON.stringify(value[bad])}`, { field: `chargeIds[${bad}]` });
  return value as string[];
}

