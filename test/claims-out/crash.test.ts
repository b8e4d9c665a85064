// SIGKILL of a worker process in the middle of claims/send-submission (the 837P is on its way to the
// partner, the send not yet recorded): after its locks are released and a fresh worker re-runs the
// job, every claim is in exactly one submission, the partner saw the same interchange (ISA13) at most
// twice (its duplicate check catches the copy), and every claim still reaches its 277CA answer.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { waitFor } from '../eligibility/support.ts';
import { builtClaims, pollAcknowledgmentsUntil, readyTenant, submit } from './fixtures.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let tenantId: string;
let child: ChildProcess | undefined;
let runner: Runner | undefined;

const here = path.dirname(fileURLToPath(import.meta.url));
const workerApp = `rcm-test-claims-worker-${process.pid}`;

beforeAll(async () => {
  db = await createTestDatabase();
  // The partner takes 1.5 s to confirm receipt: the kill lands while the 837P is in flight.
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 1_500, ack999DelayMs: 100, ack277DelayMs: 100 });
  tenantId = await readyTenant(db, 'crash');
  await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [tenantId, sandbox.url]);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await runner?.stop();
  await sandbox?.close();
  await db?.drop();
});

function startWorkerProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(here, '..', 'eligibility', 'fixtures', 'worker-process.ts'), db.location.ownerUrl], {
      env: { ...process.env, PGAPPNAME: workerApp, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    proc.once('error', reject);
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(proc);
    });
  });
}

const count = async (sql: string, params: unknown[]) => Number((await db.owner.query(sql, params)).rows[0].n);

test('SIGKILL during claims/send-submission: one submission per claim, at most one duplicate of the same ISA13, nothing lost', async () => {
  const claimIds = await builtClaims(db, tenantId, [{ number: 'K-1', amount: 100 }, { number: 'K-2', facility: 'OPC', amount: 50 }]);
  const outcome = await submit(db, tenantId, claimIds);
  const submissionId = outcome.find((o) => o.submission_id)!.submission_id!;

  child = await startWorkerProcess();
  // Killed once the partner holds the whole upload and before it answers (its 1.5 s latency): on a
  // loaded machine a kill at the first byte could cut the upload itself short.
  await waitFor(async () => sandbox.stats().requestsRead >= 1, 20_000, 'the 837P upload to arrive');
  child.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));
  child = undefined;
  await waitFor(async () => (await count('select count(*) as n from pg_stat_activity where application_name = $1', [workerApp])) === 0, 30_000, "the killed worker's sessions ended");
  // The partner got the interchange, we never recorded the send.
  await waitFor(async () => sandbox.stats().claimInterchanges === 1, 5_000, 'the partner to receive the interchange');
  expect((await db.owner.query('select status from billing.claim_submission where id = $1', [submissionId])).rows[0].status).toBe('CREATED');

  // As an operator (or graphile-worker after its lock timeout) would: release the dead worker's lock.
  const locked = (await db.owner.query("select distinct locked_by from graphile_worker.jobs where task_identifier = 'claims/send-submission' and locked_by is not null")).rows.map((r) => r.locked_by);
  expect(locked).toHaveLength(1);
  await db.owner.query('select graphile_worker.force_unlock_workers($1)', [locked]);
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 200 });
  await waitFor(async () => (await db.owner.query('select status from billing.claim_submission where id = $1', [submissionId])).rows[0].status === 'SENT', 30_000, 'the submission SENT');

  // One submission, each claim in it once, the same file; the partner saw one interchange and one copy of it.
  expect(await count('select count(*) as n from billing.claim_submission where tenant_id = $1', [tenantId])).toBe(1);
  expect((await db.owner.query('select claim_id, count(*)::int as n from billing.claim_submission_claim where tenant_id = $1 group by 1 order by 1', [tenantId])).rows)
    .toEqual([...claimIds].sort().map((id) => ({ claim_id: id, n: 1 })));
  expect(sandbox.stats()).toMatchObject({ claimInterchanges: 2, duplicateClaimInterchanges: 1 });

  // Nothing lost: the acknowledgments of the one interchange answer every claim.
  await pollAcknowledgmentsUntil(db, async () =>
    (await count("select count(*) as n from billing.claim where id = any($1) and status = 'ACCEPTED'", [claimIds])) === claimIds.length, 'every claim ACCEPTED');
});
