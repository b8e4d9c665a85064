// claims/send-submission {tenantId, submissionId}: writes (once) and sends a submission's 837P to
// its trading partner (server/claims/send-submission.ts). Enqueued by billing.fn_submit_claims in
// the same transaction; a re-fired job re-sends the same stored file.
import type { Task } from 'graphile-worker';
import { sendSubmission } from '../../server/claims/send-submission.ts';
import { logger } from '../../server/log.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertPayload(payload: unknown): asserts payload is { tenantId: string; submissionId: string } {
  const p = payload as { tenantId?: unknown; submissionId?: unknown } | null;
  if (typeof p?.tenantId !== 'string' || !UUID.test(p.tenantId) || typeof p.submissionId !== 'string' || !UUID.test(p.submissionId)) {
    throw new Error(`claims/send-submission needs {"tenantId": "<uuid>", "submissionId": "<uuid>"}, got ${JSON.stringify(payload)}`);
  }
}

const task: Task = async (payload, helpers) => {
  assertPayload(payload);
  await sendSubmission((work) => helpers.withPgClient(work), payload.tenantId, payload.submissionId, logger('claims').child({ jobId: helpers.job.id }));
};

export default task;
