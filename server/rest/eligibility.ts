// POST /trading-partners/:id/test-connection (admin): sends a test 270 and reports ok or the error.
// POST /eligibility/responses (eligibility.update): late 271s matched to their inquiries by trace number.
import express, { type Router } from 'express';
import { claimsOf } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { x12Body, x12MaxBytes, x12MaxSegments, x12Of } from '../http/x12-body.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid } from './params.ts';
import { authorizeConnectionTest, testTradingPartnerConnection } from '../eligibility/test-connection.ts';
import { readX12 } from '../x12-readers/pool.ts';
import type { LateResponseRecord } from '../x12-readers/tasks.ts';
import { X12SyntaxError } from '../../x12/tokenize.ts';

export function eligibilityRoutes({ apiPool, ownerPool, log }: RestDeps): Router {
  const router = express.Router();

  router.post('/trading-partners/:id/test-connection', async (req, res) => {
    const id = req.params.id;
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `trading partner id must be a UUID, got "${id}"`);
    // Admin permission and tenant scoping are decided in SQL as the caller (P0002 becomes a 404).
    const tenantId = await asTenantUser(apiPool, claimsOf(req), (client) => authorizeConnectionTest((text, values) => client.query(text, values), id));
    const result = await testTradingPartnerConnection(ownerPool, tenantId, id);
    if (!result) throw new HttpError(404, 'not_found', `trading partner ${id} not found`);
    log.info({ component: 'sweep', tradingPartnerId: id, ok: result.ok, responseMs: result.responseMs }, 'trading partner test connection');
    res.json(result);
  });

  return router;
}

/** Routes that read their body themselves: the X12 is read only after the token is checked, capped. */
export function eligibilityBodyRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  // A 271 that arrives after the exchange (batch-mode partners): {"x12": "ISA*..."}; each 271 is
  // matched to its inquiry by our trace number (TRN*2).
  router.post('/eligibility/responses', ...x12Body({ maxBytes: x12MaxBytes('ELIGIBILITY_RESPONSES_MAX_BYTES', 1024 * 1024) }), async (req, res) => {
    const x12 = x12Of(req);
    let answers: LateResponseRecord[];
    try {
      answers = await readX12('lateResponses', { x12, maxSegments: x12MaxSegments('ELIGIBILITY_RESPONSES_MAX_SEGMENTS', 10_000) });
    } catch (error) {
      if (error instanceof X12SyntaxError) throw new HttpError(400, 'invalid_x12', error.message);
      throw error;
    }
    if (answers.length === 0) throw new HttpError(400, 'invalid_parameter', 'the interchange holds no 271 with a TRN*2 trace number');
    const results = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      const unknown = new Map((await client.query<{ trace_number: string; error: string }>(
        'select * from eligibility.fn_unknown_trace_numbers($1)', [answers.map((a) => a.traceNumber)])).rows.map((r) => [r.trace_number, r.error]));
      const out: { traceNumber: string; memberStatus?: string; error?: string }[] = [];
      for (const answer of answers) {
        const error = unknown.get(answer.traceNumber);
        if (error) {
          out.push({ traceNumber: answer.traceNumber, error });
          continue;
        }
        await client.query('savepoint late_response');
        try {
          const { rows } = await client.query<{ status: string }>(
            'select eligibility.fn_record_late_response($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) as status',
            [answer.traceNumber, '271', x12.text, answer.transactionJson, answer.outcome, answer.reason, answer.coverageStatus,
              answer.planName, answer.planEnd, answer.otherPayerPrimary, answer.rejectCodes]);
          await client.query('release savepoint late_response');
          out.push({ traceNumber: answer.traceNumber, memberStatus: rows[0].status });
        } catch (error) {
          await client.query('rollback to savepoint late_response');
          const code = (error as { code?: string }).code;
          if (code !== 'P0002' && code !== '55000') throw error;
          out.push({ traceNumber: answer.traceNumber, error: (error as Error).message });
        }
      }
      return out;
    });
    res.json({ results });
  });

  return router;
}
