// Batch-mode trading partners (CAQH CORE ProcessingMode=Batch) end to end over real HTTP against
// the sandbox partner: the run submits, the partner acknowledges, members wait SUBMITTED and the
// run RUNNING; 271s arrive by polling (eligibility/poll-batch-results via the cron's dispatcher)
// or pushed to POST /eligibility/responses; the deadline fails the unanswered; a cancel while
// awaiting leaves SUBMITTED members to resolve; crashes neither lose nor duplicate anything.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { pollBatchResults } from '../../server/eligibility/batch-results.ts';
import { runSweep } from '../../server/eligibility/run-sweep.ts';
import { logger } from '../../server/log.ts';
import { asTenantUser, membersByNumber, scenarioTenant, waitFor, waitForRun, type ScenarioMember } from './support.ts';

let db: TestDatabase;
let service: TestService;
/** Results ready 300 ms after a submission: the poller finds them. */
let quick: SandboxPartner;
/** Results ready only after 10 minutes: nothing but a push or the deadline settles them. */
let late: SandboxPartner;
const log = logger('sweep');

const MEMBERS: ScenarioMember[] = [
  { number: 'B01', subscriberId: 'ACT000000001' },
  { number: 'B02', subscriberId: 'NF0000000002' },
  { number: 'B03', subscriberId: 'REJ999000003' },
];

beforeAll(async () => {
  db = await createTestDatabase();
  quick = await startSandboxPartner({ port: 0, latencyMs: 5, batchDelayMs: 300 });
  late = await startSandboxPartner({ port: 0, latencyMs: 5, batchDelayMs: 600_000 });
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await quick?.close();
  await late?.close();
  await db?.drop();
});

async function batchTenant(slug: string, partner: SandboxPartner, members = MEMBERS): Promise<string> {
  const tenantId = await scenarioTenant(db, slug, partner.url, members);
  await db.owner.query("update core.trading_partner set mode = 'batch' where tenant_id = $1", [tenantId]);
  return tenantId;
}

async function startSweep(tenantId: string): Promise<string> {
  return asTenantUser(db, tenantId, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id')).rows[0].id);
}

/** The run job has sent everything: every member SUBMITTED and marked as awaiting its batch answers. */
async function waitAwaiting(runId: string, count: number): Promise<void> {
  await waitFor(async () => (await db.owner.query(
    "select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'SUBMITTED' and awaiting_batch_since is not null", [runId])).rows[0].n === count,
  20_000, 'members awaiting batch answers');
}

async function inquiries(runId: string): Promise<{ trace_number: string; payload_id: string; outcome: string; processing_mode: string; batch_acknowledged_at: Date | null }[]> {
  return (await db.owner.query('select * from eligibility.eligibility_inquiry where sweep_run_id = $1 order by trace_number', [runId])).rows;
}

async function runStatus(runId: string): Promise<string> {
  return (await db.owner.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0].status;
}

test('a sweep against a batch partner submits, waits RUNNING with members SUBMITTED, and completes once polling brings the 271s', async () => {
  const tenantId = await scenarioTenant(db, 'poll', quick.url, MEMBERS);
  // An admin switches the partner to batch mode through GraphQL; a bad deadline is refused.
  const admin = await service.token(tenantId, ['admin']);
  const partnerId = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [tenantId])).rows[0].id;
  const update = 'mutation($id: UUID!, $patch: TradingPartnerPatch!) { updateTradingPartner(input: {rowId: $id, patch: $patch}) { tradingPartner { mode batchResponseHours } } }';
  const bad = await service.graphql(admin, update, { id: partnerId, patch: { batchResponseHours: 0 } });
  expect(bad.errors?.[0].extensions?.code).toBe('23514');
  const switched = await service.graphql(admin, update, { id: partnerId, patch: { mode: 'batch', batchResponseHours: 24 } });
  expect(switched.data).toEqual({ updateTradingPartner: { tradingPartner: { mode: 'batch', batchResponseHours: 24 } } });
  const before = quick.stats();
  const runId = await startSweep(tenantId);
  await waitAwaiting(runId, 3);
  expect(await runStatus(runId)).toBe('RUNNING');
  const sent = await inquiries(runId);
  expect(sent).toHaveLength(3);
  for (const inquiry of sent) expect(inquiry).toMatchObject({ outcome: 'PENDING', processing_mode: 'Batch', batch_acknowledged_at: expect.any(Date) });
  expect(quick.stats().batchSubmissions - before.batchSubmissions).toBe(3);

  // A re-fired run job (a worker crash, or an operator's refire) sends nothing again.
  await runSweep(db.owner, runId, { log });
  expect(quick.stats().batchSubmissions - before.batchSubmissions).toBe(3);
  expect(await runStatus(runId)).toBe('RUNNING');

  await new Promise((resolve) => setTimeout(resolve, 350));
  // What the cron line does each minute: one poll job per tenant with batch 270s awaiting answers.
  expect((await db.owner.query('select eligibility_private.fn_dispatch_batch_polls() as n')).rows[0].n).toBeGreaterThanOrEqual(1);
  const run = await waitForRun(db, runId);
  expect(run).toMatchObject({ status: 'COMPLETED', received_count: 1, failed_count: 2 });
  const members = await membersByNumber(db, runId);
  expect(members.B01).toMatchObject({ status: 'RECEIVED', failure_reason: null });
  expect(members.B02).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^AAA 75 Subscriber\/Insured Not Found/) });
  expect(members.B03).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^999 rejected: IK3 NM1/) });
  const answered = await inquiries(runId);
  expect(answered.map((i) => i.outcome).sort()).toEqual(['MEMBER_PROBLEM', 'PERMANENT', 'RECEIVED']);
  // Nothing left to poll: no job for this tenant.
  expect((await db.owner.query("select count(*)::int as n from graphile_worker.jobs where key = 'batch-poll:' || $1", [tenantId])).rows[0].n).toBe(0);
});

test('two polls racing (a crashed poll job re-run beside a new one) store each answer once', async () => {
  const tenantId = await batchTenant('race', quick);
  const runId = await startSweep(tenantId);
  await waitAwaiting(runId, 3);
  await new Promise((resolve) => setTimeout(resolve, 350));
  const [a, b] = await Promise.all([pollBatchResults(db.owner, tenantId, log), pollBatchResults(db.owner, tenantId, log)]);
  expect(a.answered + b.answered).toBe(3);
  expect(a.answered + a.alreadyAnswered + b.answered + b.alreadyAnswered + a.notReady + b.notReady).toBe(a.polled + b.polled);
  expect((await waitForRun(db, runId)).status).toBe('COMPLETED');
  expect((await inquiries(runId)).filter((i) => i.outcome === 'PENDING')).toEqual([]);
  expect((await db.owner.query('select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1', [runId])).rows[0].n).toBe(3);
  // A poll after the fact finds nothing to do.
  expect(await pollBatchResults(db.owner, tenantId, log)).toMatchObject({ polled: 0, answered: 0 });
});

test('a partner that pushes its 271s to POST /eligibility/responses: matched by trace number, the run completes; other tenants cannot', async () => {
  const tenantId = await batchTenant('push', late, [MEMBERS[0]]);
  const other = await batchTenant('push-other', late, [{ number: 'X01', subscriberId: 'ACT000000901' }]);
  const runId = await startSweep(tenantId);
  await waitAwaiting(runId, 1);
  const [inquiry] = await inquiries(runId);
  const x12 = late.batchResults(inquiry.payload_id)!;
  expect(x12).toMatch(/^ISA/);

  // Polling now finds nothing ready: the member stays SUBMITTED.
  expect(await pollBatchResults(db.owner, tenantId, log)).toMatchObject({ polled: 1, notReady: 1, answered: 0 });
  expect((await membersByNumber(db, runId)).B01.status).toBe('SUBMITTED');

  const foreign = await service.rest('POST', '/eligibility/responses', { token: await service.token(other, ['eligibility.update']), body: { x12 } });
  expect(foreign.body.results).toEqual([{ traceNumber: inquiry.trace_number, error: `no eligibility inquiry with trace number ${inquiry.trace_number}` }]);
  expect((await membersByNumber(db, runId)).B01.status).toBe('SUBMITTED');

  const token = await service.token(tenantId, ['eligibility.update']);
  // An empty body, whatever its Content-Type, is a 400 saying so (it was a 415 naming the type it had).
  const empty = await service.rest('POST', '/eligibility/responses', { token, rawBody: '', contentType: 'application/edi-x12' });
  expect({ status: empty.status, message: empty.body.error.message }).toEqual({ status: 400, message: expect.stringMatching(/^the body is empty/) });
  const cut = await service.rest('POST', '/eligibility/responses', { token, body: { x12: x12.slice(0, x12.indexOf('SE*')) } });
  expect({ status: cut.status, message: cut.body.error?.message }).toEqual({ status: 400, message: expect.stringContaining('did not arrive whole') });
  expect((await membersByNumber(db, runId)).B01.status).toBe('SUBMITTED');
  const pushed = await service.rest('POST', '/eligibility/responses', { token, body: { x12 } });
  expect(pushed.status).toBe(200);
  expect(pushed.body.results).toEqual([{ traceNumber: inquiry.trace_number, memberStatus: 'RECEIVED' }]);
  expect(await waitForRun(db, runId)).toMatchObject({ status: 'COMPLETED', received_count: 1 });
  const again = await service.rest('POST', '/eligibility/responses', { token, body: { x12 } });
  expect(again.body.results[0].error).toMatch(/already has its answer \(RECEIVED\)/);
});

test('members with no 271 after the partner\'s batch_response_hours become FAILED with a reason that says so', async () => {
  const tenantId = await batchTenant('deadline', late, [MEMBERS[0], { number: 'B04', subscriberId: 'ACT000000004' }]);
  const runId = await startSweep(tenantId);
  await waitAwaiting(runId, 2);
  const first = (await db.owner.query(
    `select i.trace_number, i.payload_id from eligibility.eligibility_inquiry i join member.member mm on mm.tenant_id = i.tenant_id and mm.id = i.member_id
     where i.sweep_run_id = $1 and mm.member_number = 'B01'`, [runId])).rows[0];
  // One 270 was submitted 25 hours ago (the default deadline is 24), the other just now.
  await db.owner.query("update eligibility.eligibility_inquiry set sent_at = sent_at - interval '25 hours' where trace_number = $1", [first.trace_number]);
  await db.owner.query('select eligibility_private.fn_dispatch_batch_polls()');
  await waitFor(async () => (await db.owner.query("select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'FAILED'", [runId])).rows[0].n === 1,
    20_000, 'the expired member to fail');
  expect((await membersByNumber(db, runId)).B01.failure_reason).toBe(`No 271 received from Sandbox clearinghouse within 24 hours of the batch submission (PayloadID ${first.payload_id})`);
  expect(await runStatus(runId)).toBe('RUNNING');

  // A shorter deadline on the partner applies to what is still waiting.
  await db.owner.query("update core.trading_partner set batch_response_hours = 1 where tenant_id = $1", [tenantId]);
  await db.owner.query("update eligibility.eligibility_inquiry set sent_at = sent_at - interval '2 hours' where sweep_run_id = $1 and outcome = 'PENDING'", [runId]);
  await db.owner.query('select eligibility_private.fn_dispatch_batch_polls()');
  expect(await waitForRun(db, runId)).toMatchObject({ status: 'COMPLETED', failed_count: 2, received_count: 0 });
  expect((await membersByNumber(db, runId)).B04.failure_reason).toMatch(/^No 271 received from Sandbox clearinghouse within 1 hour of the batch submission/);
});

test('cancel while awaiting: the run is CANCELLED, SUBMITTED members still become RECEIVED when their 271s land', async () => {
  const tenantId = await batchTenant('cancel', late, [MEMBERS[0], { number: 'B05', subscriberId: 'ACT000000005' }]);
  const runId = await startSweep(tenantId);
  await waitAwaiting(runId, 2);
  const token = await service.token(tenantId, ['eligibility.read', 'eligibility.update']);
  const cancelled = await service.graphql(token, 'mutation($id: UUID!) { cancelSweepRun(input: { sweepRunId: $id }) { clientMutationId } }', { id: runId });
  expect(cancelled.errors).toBeUndefined();
  expect(await runStatus(runId)).toBe('CANCELLED');
  expect(Object.values(await membersByNumber(db, runId)).map((m) => m.status)).toEqual(['SUBMITTED', 'SUBMITTED']);

  for (const inquiry of await inquiries(runId)) {
    const pushed = await service.rest('POST', '/eligibility/responses', { token, body: { x12: late.batchResults(inquiry.payload_id) } });
    expect(pushed.body.results[0].memberStatus).toBe('RECEIVED');
  }
  const run = (await db.owner.query('select status, received_count, skipped_count from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
  expect(run).toEqual({ status: 'CANCELLED', received_count: 2, skipped_count: 0 });
});
