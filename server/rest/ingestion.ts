// Ingestion REST routes (manual "Batch data ingestion"): batches, their records and retry,
// artifacts, feeds. Each route checks its input, then calls one SQL function as the caller.
import { discardRestOfBody } from '../http/discard-rest-of-body.ts';
import express, { type Request, type Router } from 'express';
import { claimsOf, requireAuth } from '../auth/middleware.ts';
import { HttpError } from '../http/errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { asTenantUser } from './tenant-transaction.ts';
import type { RestDeps } from './deps.ts';
import { isUuid } from './params.ts';
import { ingestionConfig } from '../ingestion/config.ts';
import { noteBodyWithoutEscapes, parseBatchRequest, parseKeyFields, recordsJsonSlices } from '../ingestion/batch-request.ts';
import { artifactFormatOf, receiveArtifact } from '../ingestion/artifact-upload.ts';
import { receiveBatch } from '../ingestion/batch-receive.ts';

function uuidParam(req: Request, name: string, what: string): string {
  const value = req.params[name];
  if (!isUuid(value)) throw new HttpError(400, 'invalid_parameter', `${what} id must be a UUID, got "${value}"`);
  return value;
}

function intQuery(req: Request, name: string, fallback: number): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new HttpError(400, 'invalid_parameter', `${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function textQuery(req: Request, name: string): string | null {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') throw new HttpError(400, 'invalid_parameter', `${name} must be given once`);
  return raw;
}

/** Routes that read the request body themselves (mounted before the shared JSON parser). */
export function ingestionBodyRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.post('/batches', requireAuth, ...jsonBody(`${ingestionConfig.batchBodyLimitBytes}b`, noteBodyWithoutEscapes), async (req, res) => {
    const request = parseBatchRequest(req.body, ingestionConfig.maxRecordsPerCall);
    const slices = recordsJsonSlices(request, ingestionConfig.receiveSliceRecords, req);
    const batch = slices.count > 1
      ? await receiveBatch(apiPool, claimsOf(req), request, slices, { maxRecordsPerCall: ingestionConfig.maxRecordsPerCall, parallelism: ingestionConfig.receiveParallelism })
      : await asTenantUser(apiPool, claimsOf(req), async (client) => {
        await client.query("select set_config('ingestion.max_records_per_call', $1, true)", [String(ingestionConfig.maxRecordsPerCall)]);
        const { rows } = await client.query('select id from ingestion.fn_create_batch($1, $2::jsonb, $3::text[])', [
          request.artifactId, slices.text(0), request.idempotencyKeyFields,
        ]);
        // A second statement, so that the summary sees the records the first one wrote.
        return (await client.query('select ingestion.fn_get_batch($1) as batch', [rows[0].id])).rows[0].batch as Record<string, unknown>;
      });
    res.status(202).location(`/batches/${batch.id as string}`).json(batch);
  });

  router.post('/artifacts', requireAuth, async (req, res) => {
    const claims = claimsOf(req);
    const feed = textQuery(req, 'feed');
    if (!feed) throw new HttpError(400, 'invalid_parameter', 'feed is required: POST /artifacts?feed=<feed id or name>');
    const format = artifactFormatOf(req.headers['content-type']);
    if (!format) throw new HttpError(415, 'unsupported_media_type', `artifacts are CSV (Content-Type: text/csv) or JSON lines (application/x-ndjson), got ${req.headers['content-type'] ?? 'none'}`);
    const maxBytes = ingestionConfig.artifactMaxBytes();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) throw new HttpError(413, 'artifact_too_large', `the file (${declared} bytes) is larger than the artifact limit of ${maxBytes} bytes (INGEST_ARTIFACT_MAX_BYTES)`);
    const fileName = textQuery(req, 'fileName') ?? `upload-${new Date().toISOString().replace(/[:.]/g, '-')}.${format === 'csv' ? 'csv' : 'jsonl'}`;
    try {
      const artifact = await asTenantUser(apiPool, claims, (client) => receiveArtifact(client, req, {
        feed, fileName, contentType: req.headers['content-type'] ?? '', format, maxBytes, sliceRows: ingestionConfig.artifactSliceRows,
        maxRecordBytes: ingestionConfig.artifactMaxRecordBytes(),
      }));
      res.status(201).location(`/artifacts/${artifact.id as string}`).json(artifact);
    } finally {
      // A refused upload is discarded for a bounded while, so the client reads the answer.
      discardRestOfBody(req, res);
    }
  });

  return router;
}

export function ingestionRoutes({ apiPool }: RestDeps): Router {
  const router = express.Router();

  router.get('/batches', async (req, res) => {
    const feedId = textQuery(req, 'feedId');
    if (feedId !== null && !isUuid(feedId)) throw new HttpError(400, 'invalid_parameter', `feedId must be a UUID, got "${feedId}"`);
    const page = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select ingestion.fn_list_batches($1, $2, $3, $4) as page', [textQuery(req, 'status'), feedId, intQuery(req, 'limit', 50), intQuery(req, 'offset', 0)])).rows[0].page);
    res.json(page);
  });

  router.get('/batches/:id', async (req, res) => {
    const id = uuidParam(req, 'id', 'batch');
    const batch = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select ingestion.fn_get_batch($1) as batch', [id])).rows[0].batch);
    res.json(batch);
  });

  router.get('/batches/:id/records', async (req, res) => {
    const id = uuidParam(req, 'id', 'batch');
    const status = textQuery(req, 'status');
    const page = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select ingestion.fn_list_batch_records($1, $2, $3, $4) as page', [id, status?.toUpperCase() ?? null, intQuery(req, 'after', 0), intQuery(req, 'limit', 100)])).rows[0].page);
    res.json(page);
  });

  router.post('/batches/:id/retry', async (req, res) => {
    const id = uuidParam(req, 'id', 'batch');
    const result = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select ingestion.fn_retry_batch($1) as result', [id])).rows[0].result);
    res.status(result.requeued > 0 ? 202 : 200).json(result);
  });

  router.get('/artifacts/:id', async (req, res) => {
    const id = uuidParam(req, 'id', 'artifact');
    const artifact = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select ingestion.fn_get_artifact($1) as artifact', [id])).rows[0].artifact);
    res.json(artifact);
  });

  router.post('/artifacts/:id/batches', async (req, res) => {
    const id = uuidParam(req, 'id', 'artifact');
    const body: Record<string, unknown> = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
    const fields = parseKeyFields(body.idempotencyKeyFields);
    const allowDuplicate = body.allowDuplicate ?? req.query.allowDuplicate === 'true';
    if (typeof allowDuplicate !== 'boolean') throw new HttpError(400, 'invalid_parameter', 'allowDuplicate must be true or false');
    const batch = await asTenantUser(apiPool, claimsOf(req), async (client) => {
      // The worker applies the artifact's rows in ranges of this many (fixed per batch).
      await client.query("select set_config('ingestion.artifact_chunk_rows', $1, true)", [String(ingestionConfig.chunkSize)]);
      const { rows } = await client.query('select id from ingestion.fn_create_batch_from_artifact($1, $2::text[], $3)', [id, fields, allowDuplicate]);
      return (await client.query('select ingestion.fn_get_batch($1) as batch', [rows[0].id])).rows[0].batch;
    });
    res.status(202).location(`/batches/${batch.id}`).json(batch);
  });

  router.get('/feeds', async (req, res) => {
    const feeds = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select ingestion.fn_list_feeds() as feeds')).rows[0].feeds);
    res.json({ feeds });
  });

  router.get('/feeds/kinds', async (req, res) => {
    const kinds = await asTenantUser(apiPool, claimsOf(req), async (client) => (await client.query('select ingestion.fn_feed_kinds() as kinds')).rows[0].kinds);
    res.json(kinds);
  });

  router.patch('/feeds/:id', async (req, res) => {
    const id = uuidParam(req, 'id', 'feed');
    const body = req.body as { jobsDisabled?: unknown; reason?: unknown } | undefined;
    if (typeof body?.jobsDisabled !== 'boolean') throw new HttpError(400, 'invalid_parameter', 'jobsDisabled must be true or false');
    if (body.reason !== undefined && body.reason !== null && typeof body.reason !== 'string') throw new HttpError(400, 'invalid_parameter', 'reason must be a string');
    const feed = await asTenantUser(apiPool, claimsOf(req), async (client) =>
      (await client.query('select ingestion_private.feed_json(ingestion.fn_set_feed_jobs_disabled($1, $2, $3)) as feed', [id, body.jobsDisabled, body.reason ?? null])).rows[0].feed);
    res.json(feed);
  });

  return router;
}
