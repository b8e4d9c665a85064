// Denials worked through the claims-out path (issue 15), each route one SQL function as the caller:
//   POST /denials/:id/actions {action, followUpBy?, amount?, reason?, note?}  billing.fn_record_denial_action
//   POST /claims/:id/correct {note?}         billing.fn_correct_claim   (replacement, frequency 7 + REF*F8)
//   POST /claims/:id/void {note?}            billing.fn_void_claim      (void, frequency 8 + REF*F8)
//   POST /claims/:id/bill-secondary {note?}  billing.fn_bill_secondary  (a claim to the next coverage)
// The claims wait BUILT and go out in the next submission (POST /claims/submit or the nightly cycle).
import express, { type Request, type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { bodyText, isUuid } from './params.ts';

const ACTIONS = ['APPEAL', 'CORRECTED_CLAIM', 'VOID', 'WRITE_OFF', 'BILL_SECONDARY'];

function idParam(req: Request, what: string): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `${what} id must be a UUID, got "${id}"`, { field: 'id' });
  return id;
}


interface ClaimRow { id: string; patient_control_number: string; status: string; frequency_code: string; payer_claim_control_number: string | null; primary_claim_id: string | null; total_amount: string }

const claimJson = (c: ClaimRow) => ({
  claimId: c.id, patientControlNumber: c.patient_control_number, status: c.status, frequencyCode: c.frequency_code,
  payerClaimControlNumber: c.payer_claim_control_number, primaryClaimId: c.primary_claim_id, chargeAmount: c.total_amount,
});

export function denialActionRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.post('/denials/:id/actions', async (req, res) => {
    const id = idParam(req, 'denial work item');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const action = typeof body.action === 'string' ? body.action.trim().toUpperCase() : '';
    if (!ACTIONS.includes(action)) throw new HttpError(400, 'invalid_parameter', `action must be one of ${ACTIONS.join(', ')}`, { field: 'action' });
    const followUpBy = bodyText(body, 'followUpBy', 10);
    if (followUpBy !== null && !isCalendarDate(followUpBy)) throw new HttpError(400, 'invalid_parameter', 'followUpBy must be a calendar date YYYY-MM-DD', { field: 'followUpBy' });
    // A number or its text; String() of a list ([12.5]) would read as 12.5.
    if (body.amount !== undefined && body.amount !== null && typeof body.amount !== 'number' && typeof body.amount !== 'string') {
      throw new HttpError(400, 'invalid_parameter', 'amount must be a positive decimal like 12.50', { field: 'amount' });
    }
    const amount = body.amount === undefined || body.amount === null ? null : String(body.amount);
    if (amount !== null && !/^\d{1,12}(\.\d{1,2})?$/.test(amount)) throw new HttpError(400, 'invalid_parameter', 'amount must be a positive decimal like 12.50', { field: 'amount' });
    const row = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query(
      'select * from billing.fn_record_denial_action($1, $2, $3::date, $4::numeric, $5, $6)',
      [id, action, followUpBy, amount, bodyText(body, 'reason', 500), bodyText(body, 'note', 500)])).rows[0]);
    res.json({
      denialActionId: row.id, denialWorkItemId: row.denial_work_item_id, claimId: row.claim_id, action: row.action,
      actionDate: row.action_date, followUpBy: row.follow_up_by, amount: row.amount, reason: row.reason, note: row.note,
    });
  });

  const claimAction = (path: string, fn: string) => router.post(`/claims/:id/${path}`, async (req, res) => {
    const id = idParam(req, 'claim');
    const note = bodyText(req.body, 'note', 500);
    const claim = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<ClaimRow>(`select * from billing.${fn}($1, $2)`, [id, note])).rows[0]);
    res.json(claimJson(claim));
  });
  claimAction('correct', 'fn_correct_claim');
  claimAction('void', 'fn_void_claim');
  claimAction('bill-secondary', 'fn_bill_secondary');
  return router;
}

/** YYYY-MM-DD naming a day of the calendar (2026-02-30 is not). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}
