// POST /remittances (an 835 as application/edi-x12 or {"x12": "..."}, claims.write) and
// GET /remittances/:id (claims.read). Each 835 transaction of the file is posted by
// billing.fn_post_remittance_columns (billing.fn_post_remittance's posting, from columns the reader
// thread made; server/remittances/post-transaction.ts) in its own database transaction; several at
// once, in file order for those that name the same claim (postInFileOrder).
import express, { type Request, type Router } from 'express';
import { claimsOf, requireAuth } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { rawX12Body, x12MaxSegments, x12SourceOf } from '../http/x12-body.ts';
import type { X12Source } from '../x12-readers/x12-source.ts';
import { readRemittanceFile, X12ReadersBusyError, type RemittanceFile } from '../x12-readers/pool.ts';
import { remittanceJson } from '../remittances/remittance-json.ts';
import { postInFileOrder } from '../remittances/post-in-file-order.ts';
import { postTransaction, type PostedRow } from '../remittances/post-transaction.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid } from './params.ts';

/** Largest 835 file one POST takes (a payer's daily 835 for a large group is a few MB). */
const MAX_835_BYTES = 50 * 1024 * 1024;

function x12Of(req: Request): X12Source {
  const x12 = x12SourceOf(req.body);
  if (!x12 || (typeof req.body === 'object' && !Buffer.isBuffer(req.body) && x12.text.trim() === '')) {
    throw new HttpError(400, 'invalid_parameter', 'the 835 is required: send it as Content-Type: application/edi-x12, or as JSON {"x12": "ISA*..."}', { field: 'x12' });
  }
  return x12;
}

export function remittanceBodyRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();
  router.post('/remittances', requireAuth,
    ...rawX12Body({ type: ['application/edi-x12', 'text/plain'], limit: MAX_835_BYTES }),
    express.json({ limit: MAX_835_BYTES }),
    async (req, res) => {
      const x12 = x12Of(req);
      let file: RemittanceFile;
      try {
        file = await readRemittanceFile({ x12, maxSegments: x12MaxSegments('REMITTANCE_X12_MAX_SEGMENTS', 200_000) });
      } catch (error) {
        if (error instanceof X12ReadersBusyError) throw error;
        throw new HttpError(400, 'not_an_835', `not an 835: the X12 could not be read (${(error as Error).message})`);
      }
      if (file.count === 0) throw new HttpError(400, 'not_an_835', 'not an 835: the file has no 835 transaction set (ST*835)');
      const source = req.get('x-rcm-source') === 'console' ? 'CONSOLE' : 'API';
      // The file's 835s post as the reader thread hands them out, the first while the rest are read.
      const rows: PostedRow[] = await postInFileOrder(file.transactions, (transaction, index) => asTenantUser(apiPool, claimsOf(req), (client) =>
        postTransaction(client, transaction, { fileX12: () => x12.text, index, source })));
      res.json({ remittances: rows.map((row) => ({ remittanceId: row.id, status: row.status, claimsPosted: row.claims_posted, claimsUnmatched: row.claims_unmatched, reason: row.reason })) });
    });
  return router;
}

export function remittanceRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();
  router.get('/remittances/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', `remittance id must be a UUID, got "${id}"`, { field: 'id' });
    const remittance = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      await client.query("select core.assert_permission('claims.read')");
      return remittanceJson(client, id);
    });
    if (!remittance) throw new HttpError(404, 'not_found', `no remittance ${id}`);
    res.json(remittance);
  });
  return router;
}
