// The unmatched-claims queue of 835s (issue 15): CLPs of posted 835s that matched none of our
// claims, worked like the other queues. Each route validates its input, then calls one SQL function
// as the caller (RLS and claims.read / claims.write decide):
//   GET  /remittances/unmatched                    billing.fn_unmatched_remittance_queue (grouped by payer)
//   POST /remittances/unmatched/:id/assign {assignee?}                                   fn_assign_unmatched_remittance_claim
//   POST /remittances/unmatched/:id/match {patientControlNumber | payerClaimControlNumber, note?}  fn_match_unmatched_remittance_claim
//   POST /remittances/unmatched/:id/resolve {resolution: NOT_OURS | SENT_BACK, note}     fn_resolve_unmatched_remittance_claim
// Mounted before GET /remittances/:id, which would take "unmatched" for a remittance id.
import express, { type Request, type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { bodyText, isUuid } from './params.ts';

const RESOLUTIONS = ['NOT_OURS', 'SENT_BACK'];

interface UnmatchedRow {
  id: string; remittance_id: string; patient_control_number: string | null; status: string; resolution: string | null;
  assigned_to: string | null; resolved_claim_id: string | null; claim_payment_id: string | null; resolution_note: string | null;
}

const itemJson = (row: UnmatchedRow) => ({
  unmatchedId: row.id, remittanceId: row.remittance_id, patientControlNumber: row.patient_control_number, status: row.status,
  resolution: row.resolution, assignedTo: row.assigned_to, claimId: row.resolved_claim_id, claimPaymentId: row.claim_payment_id, note: row.resolution_note,
});

function idParam(req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `unmatched claim id must be a UUID, got "${id}"`, { field: 'id' });
  return id;
}


export function unmatchedRemittanceRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.get('/remittances/unmatched', async (req, res) => {
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_unmatched_remittance_queue() as q')).rows);
    res.json(rows[0].q);
  });

  router.post('/remittances/unmatched/:id/assign', async (req, res) => {
    const id = idParam(req);
    const assignee = bodyText(req.body, 'assignee', 200)?.trim() || null;
    const row = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<UnmatchedRow>('select * from billing.fn_assign_unmatched_remittance_claim($1, $2)', [id, assignee])).rows[0]);
    res.json(itemJson(row));
  });

  router.post('/remittances/unmatched/:id/match', async (req, res) => {
    const id = idParam(req);
    const pcn = bodyText(req.body, 'patientControlNumber', 38)?.trim() || null;
    const icn = bodyText(req.body, 'payerClaimControlNumber', 50)?.trim() || null;
    if ((pcn === null) === (icn === null)) {
      throw new HttpError(400, 'invalid_parameter', 'name the claim by patientControlNumber or by payerClaimControlNumber (one of them)', { field: pcn === null ? 'patientControlNumber' : 'payerClaimControlNumber' });
    }
    const note = bodyText(req.body, 'note', 500)?.trim() || null;
    const row = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<UnmatchedRow>('select * from billing.fn_match_unmatched_remittance_claim($1, $2, $3, $4)', [id, pcn, icn, note])).rows[0]);
    res.json(itemJson(row));
  });

  router.post('/remittances/unmatched/:id/resolve', async (req, res) => {
    const id = idParam(req);
    const resolution = (bodyText(req.body, 'resolution', 20)?.trim() || null)?.toUpperCase() ?? '';
    if (!RESOLUTIONS.includes(resolution)) {
      throw new HttpError(400, 'invalid_parameter', `resolution must be one of ${RESOLUTIONS.join(', ')} (to post it to one of our claims, POST .../match)`, { field: 'resolution' });
    }
    const note = bodyText(req.body, 'note', 500)?.trim() || null;
    if (!note) throw new HttpError(400, 'invalid_parameter', 'note is required: say what was done (who was told, what the payer said)', { field: 'note' });
    const row = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<UnmatchedRow>('select * from billing.fn_resolve_unmatched_remittance_claim($1, $2, $3)', [id, resolution, note])).rows[0]);
    res.json(itemJson(row));
  });
  return router;
}
