// What an operator reads at info: one short line per job (task, id, queue, duration, outcome),
// never the job's payload or a Postgres error's text (they can hold patient data); the full job
// row only at debug.
import { pino } from 'pino';
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startWorker } from '../../server/worker/runner.ts';

let db: TestDatabase;
let runner: Runner | undefined;
const lines: Record<string, unknown>[] = [];
const log = pino({ level: 'debug' }, { write: (line: string) => { lines.push(JSON.parse(line)); } }).child({ component: 'worker' });
const PHI = 'DOE^JANE 1980-02-03 SSN 123-45-6789';

beforeAll(async () => {
  db = await createTestDatabase();
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 100, log });
});
afterAll(async () => {
  await runner?.stop();
  await db.drop();
});

const waitForLine = async (jobId: string) => {
  for (let waited = 0; waited < 15000; waited += 50) {
    const line = lines.find((l) => l.jobId === jobId && l.outcome);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no log line for job ${jobId}`);
};
const INFO = 30;

test('a successful job: one info line with task, id, queue, duration and outcome; the payload only at debug', async () => {
  const { rows } = await db.owner.query(
    "select (graphile_worker.add_job('ingestion/resume-stalled', json_build_object('note', $1::text), queue_name => 'tenant:00000000-0000-4000-8000-000000000001:sweeps')).id::text as id",
    [PHI],
  );
  const line = await waitForLine(rows[0].id);
  expect(line).toMatchObject({
    level: INFO,
    component: 'worker',
    task: 'ingestion/resume-stalled',
    jobId: rows[0].id,
    queue: 'tenant:00000000-0000-4000-8000-000000000001:sweeps',
    durationMs: expect.any(Number),
    outcome: 'success',
    attempt: '1/25',
    msg: 'job success: ingestion/resume-stalled',
  });
  expect(JSON.stringify(line).length).toBeLessThan(400);
  const atInfo = lines.filter((l) => (l.level as number) >= INFO);
  expect(JSON.stringify(atInfo)).not.toContain('DOE^JANE');
  expect(atInfo.filter((l) => l.jobId === rows[0].id)).toHaveLength(1);
  // The developer's view: the whole row, at debug.
  expect(lines.some((l) => l.level === 20 && JSON.stringify(l).includes('DOE^JANE'))).toBe(true);
});

test('a failing job: one error line with its outcome and SQLSTATE or none, never the error text or the payload', async () => {
  const { rows } = await db.owner.query(
    "select (graphile_worker.add_job('ingestion/process-batch', json_build_object('tenantId', $1::text, 'batchId', 'x'), max_attempts => 1)).id::text as id",
    [PHI],
  );
  const line = await waitForLine(rows[0].id);
  expect(line).toMatchObject({ level: 50, task: 'ingestion/process-batch', jobId: rows[0].id, queue: null, outcome: 'failed', attempt: '1/1' });
  const atInfo = lines.filter((l) => (l.level as number) >= INFO);
  expect(JSON.stringify(atInfo)).not.toContain('DOE^JANE');
  expect(JSON.stringify(atInfo)).not.toContain('needs {tenantId, batchId}');
  expect(lines.some((l) => l.level === 20 && JSON.stringify(l).includes('needs {tenantId, batchId}'))).toBe(true);
});

test('a Postgres error: its SQLSTATE at error level, not its message', async () => {
  const { rows } = await db.owner.query(
    "select (graphile_worker.add_job('ingestion/process-batch', json_build_object('tenantId', '00000000-0000-4000-8000-000000000001', 'batchId', '00000000-0000-4000-8000-000000000002'), max_attempts => 2)).id::text as id",
  );
  const line = await waitForLine(rows[0].id);
  expect(line).toMatchObject({ level: 40, outcome: 'retry', attempt: '1/2', errorCode: expect.stringMatching(/^[0-9A-Z]{5}$/) });
  for (const key of ['job', 'payload', 'error', 'err', 'detail']) expect(line).not.toHaveProperty(key);
});
