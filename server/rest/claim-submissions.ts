// Claims leaving (issue 14): POST /claims/submit, submissions and their files, a claim's detail
// with history and acknowledgments, the rejection queue and resubmission. Each route validates
// its input, then makes one SQL function call as the caller (RLS and permissions decide).
import express, { type Router } from 'express';
import { claimsOf, requireAuth } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { rawX12Body, x12MaxSegments, x12SourceOf } from '../http/x12-body.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { bodyText, isUuid, optionalQuery } from './params.ts';
import type { AcknowledgmentInput } from '../claims/acknowledgment-input.ts';
import { readX12, X12ReadersBusyError } from '../x12-readers/pool.ts';

/** Most claims one POST /claims/submit names (leave claimIds out to submit every BUILT claim). */
export const MAX_CLAIMS_PER_SUBMIT = 50_000;

interface SubmitOutcomeRow {
  submission_id: string | null;
  trading_partner_id: string | null;
  claim_count: number | null;
  interchange_control_number: string | null;
  claim_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

export function claimSubmissionRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.post('/claims/submit', async (req, res) => {
    const claimIds = parseClaimIds((req.body as { claimIds?: unknown } | undefined)?.claimIds);
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query<SubmitOutcomeRow>('select * from billing.fn_submit_claims($1::uuid[])', [claimIds])).rows);
    const errors = rows.filter((row) => row.error_code !== null).map((row) => ({ claimId: row.claim_id, code: row.error_code, message: row.error_message }));
    if (claimIds !== null && errors.length > 0) {
      const claimCount = new Set(errors.map((e) => e.claimId)).size;
      res.status(400).json({
        error: { code: 'claims_not_submittable', message: `${claimCount} of ${new Set(claimIds).size} claims cannot be submitted; nothing was submitted. Fix each claim listed in errors and re-call.`, details: null },
        errors,
      });
      return;
    }
    res.json({
      submissions: rows.filter((row) => row.submission_id !== null).map((row) => ({
        submissionId: row.submission_id, tradingPartnerId: row.trading_partner_id, claimCount: row.claim_count, interchangeControlNumber: Number(row.interchange_control_number),
      })),
      // Submitting every BUILT claim skips those that cannot go yet, with why.
      skipped: errors,
    });
  });

  router.get('/claims/submissions', async (req, res) => {
    const status = optionalQuery(req.query.status, 'status')?.toUpperCase();
    if (status !== undefined && !['CREATED', 'SENT', 'ACKNOWLEDGED', 'REJECTED'].includes(status)) {
      throw new HttpError(400, 'invalid_parameter', `status must be one of CREATED, SENT, ACKNOWLEDGED, REJECTED, got "${status}"`, { field: 'status' });
    }
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select billing.fn_list_claim_submissions($1) as submissions', [status ?? null])).rows);
    res.json({ submissions: rows[0].submissions });
  });

  router.get('/claims/submissions/:id', async (req, res) => {
    const id = uuidParam(req.params.id, 'id');
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_get_claim_submission($1) as s', [id])).rows);
    res.json(rows[0].s);
  });

  router.get('/claims/submissions/:id/x12', async (req, res) => {
    const id = uuidParam(req.params.id, 'id');
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_get_claim_submission_file($1) as x12', [id])).rows);
    res.type('application/edi-x12').send(Buffer.from(rows[0].x12 as string, 'utf8'));
  });

  router.get('/claims/rejections', async (req, res) => {
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_claim_rejection_queue() as q')).rows);
    res.json(rows[0].q);
  });

  router.post('/claims/rejections/:id/assign', async (req, res) => {
    const id = uuidParam(req.params.id, 'id');
    const assignee = bodyText(req.body, 'assignee', 200)?.trim() || undefined;
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select id, status, assigned_to from billing.fn_assign_claim_rejection($1, $2)', [id, assignee ?? null])).rows);
    res.json({ rejectionId: rows[0].id, status: rows[0].status, assignedTo: rows[0].assigned_to });
  });

  router.post('/claims/rejections/:id/resolve', async (req, res) => {
    const id = uuidParam(req.params.id, 'id');
    const note = bodyText(req.body, 'note', 2000)?.trim() || undefined;
    if (!note) throw new HttpError(400, 'invalid_parameter', 'note is required: say what was fixed or why the rejection is closed', { field: 'note' });
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select id, status, resolution_note from billing.fn_resolve_claim_rejection($1, $2)', [id, note])).rows);
    res.json({ rejectionId: rows[0].id, status: rows[0].status, note: rows[0].resolution_note });
  });

  router.post('/claims/:claimId/resubmit', async (req, res) => {
    const id = uuidParam(req.params.claimId, 'claimId');
    const note = bodyText(req.body, 'note', 2000)?.trim() || undefined;
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      await client.query('select billing.fn_resubmit_claim($1, $2)', [id, note ?? null]);
      return (await client.query('select billing.fn_get_claim($1) as c', [id])).rows;
    });
    res.json(rows[0].c);
  });

  router.get('/claims', async (req, res) => {
    const pcn = optionalQuery(req.query.patientControlNumber, 'patientControlNumber');
    if (!pcn) throw new HttpError(400, 'invalid_parameter', 'patientControlNumber is required: GET /claims?patientControlNumber=C0000000001', { field: 'patientControlNumber' });
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_find_claims($1) as claims', [pcn])).rows);
    res.json({ claims: rows[0].claims });
  });

  router.get('/claims/:claimId', async (req, res, next) => {
    // Other claims routers own fixed paths (e.g. /claims/timely-filing) mounted before this one.
    if (!isUuid(req.params.claimId)) return next();
    const rows = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select billing.fn_get_claim($1) as c', [req.params.claimId])).rows);
    res.json(rows[0].c);
  });

  return router;
}

/**
 * POST /claims/acknowledgments (claims.write): a TA1, 999 or 277CA pushed by a partner, the X12 as
 * the body. Each acknowledgment in it is applied for the caller's tenant; claims not ours are
 * reported in `unmatched`, never applied. Mounted before the shared JSON parser.
 */
export function claimAcknowledgmentBodyRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();
  // Who asks is known before a byte of the body is read: an anonymous caller gets 401, whatever it sends.
  router.post('/claims/acknowledgments', requireAuth, ...rawX12Body({ type: '*/*', limit: 50 * 1024 * 1024 }), async (req, res) => {
    const x12 = x12SourceOf(req.body ?? '')!;
    if (!x12.startsWithIsa()) throw new HttpError(400, 'invalid_parameter', 'the body must be an X12 interchange (TA1, 999 or 277CA) starting with ISA', { field: 'body' });
    let acks: AcknowledgmentInput[];
    try {
      acks = await readX12('acknowledgments', { x12, maxSegments: x12MaxSegments('CLAIM_ACKNOWLEDGMENT_X12_MAX_SEGMENTS', 200_000) });
    } catch (error) {
      if (error instanceof X12ReadersBusyError) throw error;
      throw new HttpError(400, 'invalid_x12', `the X12 could not be read: ${error instanceof Error ? error.message : String(error)}`, { field: 'body' });
    }
    if (acks.length === 0) throw new HttpError(400, 'invalid_parameter', 'the interchange holds no TA1, 999 or 277CA', { field: 'body' });
    const results = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      const out = [];
      for (const ack of acks) {
        out.push((await client.query('select billing.fn_receive_claim_acknowledgment($1, $2, $3, $4) as r',
          [ack.kind, x12.text, ack.interchangeControlNumber, JSON.stringify(ack.parsed)])).rows[0].r);
      }
      return out;
    });
    res.json({ acknowledgments: results });
  });
  return router;
}

function parseClaimIds(value: unknown): string[] | null {
  // Only a body without claimIds submits every BUILT claim: an explicit null is more likely a
  // caller's empty variable than that wish.
  if (value === undefined) return null;
  if (!Array.isArray(value)) throw new HttpError(400, 'invalid_parameter', 'claimIds must be an array of claim ids (UUIDs), or left out to submit every BUILT claim', { field: 'claimIds' });
  if (value.length === 0) throw new HttpError(400, 'invalid_parameter', 'claimIds must not be empty (leave it out to submit every BUILT claim)', { field: 'claimIds' });
  if (value.length > MAX_CLAIMS_PER_SUBMIT) {
    throw new HttpError(400, 'invalid_parameter', `claimIds has ${value.length} ids; at most ${MAX_CLAIMS_PER_SUBMIT} per call`, { field: 'claimIds' });
  }
  const bad = value.findIndex((id) => !isUuid(id));
  if (bad >= 0) throw new HttpError(400, 'invalid_parameter', `claimIds[${bad}] must be a UUID, got ${JSON.stringify(value[bad])}`, { field: `claimIds[${bad}]` });
  return value as string[];
}

function uuidParam(value: unknown, field: string): string {
  if (!isUuid(value)) throw new HttpError(400, 'invalid_parameter', `${field} must be a UUID, got "${String(value)}"`, { field });
  return value;
}


