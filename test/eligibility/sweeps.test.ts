// The manual page "Batch eligibility sweeps", end to end through GraphQL, psql functions and the
// real worker, against the sandbox trading partner over HTTP: schedules and their countdown, the
// cron fire creating a run, every failure reason, exceptions, anomalies, the intake queue, cache
// reuse, re-fire, re-run failed, pause, windows, credentials, bad input and tenant isolation.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { build270 } from '../../x12/build-270.ts';
import { sendRealTime } from '../../x12/transport/core-client.ts';
import { asTenantUser, membersByNumber, scenarioTenant, sqlError, waitFor, waitForRun, type ScenarioMember } from './support.ts';

let db: TestDatabase;
let service: TestService;
let sandbox: SandboxPartner;
let alpha: string;
let beta: string;
let tokenA: string;
let tokenB: string;
let scheduleId: string;
let cronRunId: string;
let aetnaId: string;

const SCENARIOS: ScenarioMember[] = [
  { number: 'A01', subscriberId: 'ACT000000001' },
  { number: 'A02', subscriberId: 'INA000000002' },
  { number: 'A03', subscriberId: 'TERM00000003' },
  { number: 'A04', subscriberId: 'NF0000000004' },
  { number: 'A05', subscriberId: 'BADID0000005' },
  { number: 'A06', subscriberId: 'DEP000000006', relationship: '19' },
  { number: 'A07', subscriberId: 'BUSY00000007' },
  { number: 'A08', subscriberId: 'REJ999000008' },
  { number: 'A09', subscriberId: 'ERR500000009' },
  { number: 'A10', subscriberId: 'OTHER0000010' },
  { number: 'A11', subscriberId: 'ACT000000011', noCoverage: true },
  { number: 'A12', subscriberId: 'ACT000000012', secondary: { subscriberId: 'ACT000000112', payer: 'UHC' } },
  { number: 'A13', subscriberId: 'ACT000000013', status: 'CANCELLED' },
  { number: 'A14', subscriberId: 'ACT000000014', day: -5, status: 'COMPLETED' },
  { number: 'A15', subscriberId: 'SLOW00000015' },
  { number: 'A16', subscriberId: 'ACT000000016', day: 2, coverageStatus: 'TERMINATED', effectiveTo: '2024-06-30' },
];

beforeAll(async () => {
  process.env.ELIGIBILITY_RETRY_BASE_MS = '20';
  process.env.ELIGIBILITY_MAX_ATTEMPTS = '3';
  process.env.ELIGIBILITY_BREAKER_FAILURES = '50';
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 5, slowMs: 5_000 });
  const url = `${sandbox.url}/core/realtime`.replace('/core/realtime/core/realtime', '/core/realtime');
  alpha = await scenarioTenant(db, 'alpha', url, SCENARIOS);
  beta = await scenarioTenant(db, 'beta', url, [{ number: 'B01', subscriberId: 'ACT000000901' }]);
  await db.owner.query('update core.trading_partner set timeout_ms = 500 where tenant_id = $1', [alpha]);
  aetnaId = (await db.owner.query("select id from core.payer where tenant_id = $1 and code = 'AETNA'", [alpha])).rows[0].id;
  service = await startTestService(db, { jobs: true });
  tokenA = await service.token(alpha, ['eligibility.read', 'eligibility.update']);
  tokenB = await service.token(beta, ['eligibility.read', 'eligibility.update']);
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await db?.drop();
});

async function gql<T = Record<string, any>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await service.graphql<T>(token, query, variables);
  if (res.errors) throw new Error(res.errors.map((e) => e.message).join('; '));
  return res.data;
}

async function gqlError(token: string, query: string, variables?: Record<string, unknown>): Promise<{ message: string; code?: string }> {
  const res = await service.graphql(token, query, variables);
  expect(res.errors).toBeDefined();
  return { message: res.errors![0].message, code: res.errors![0].extensions?.code };
}

const CREATE = `mutation($input: CreateSweepScheduleInput!) { createSweepSchedule(input: $input) { result { rowId nextFireAt secondsUntilNextFire paused } } }`;
const ADHOC = `mutation($f: UUID, $from: Int!, $to: Int!, $p: [UUID]) { startAdhocSweep(input: { facilityId: $f, windowFrom: $from, windowTo: $to, payerIds: $p }) { result } }`;

async function payerId(tenantId: string, code: string): Promise<string> {
  return (await db.owner.query('select id from core.payer where tenant_id = $1 and code = $2', [tenantId, code])).rows[0].id;
}

async function runCount(tenantId: string): Promise<number> {
  return Number((await db.owner.query('select count(*) from eligibility.eligibility_sweep_run where tenant_id = $1', [tenantId])).rows[0].count);
}

async function jobDone(runId: string): Promise<void> {
  await waitFor(async () => !(await db.owner.query("select 1 from graphile_worker.jobs where key = 'sweep-run:' || $1", [runId])).rowCount, 20_000, 'the run job to finish');
}

test('a schedule shows its next fire time and counts down; presets and the preview come from SQL', async () => {
  const presets = await gql(tokenA, '{ cronPresets { nodes { label cronExpression timeZone } } }');
  expect(presets.cronPresets.nodes).toContainEqual({ label: 'Nightly 2 AM UTC', cronExpression: '0 2 * * *', timeZone: 'UTC' });
  const preview = await gql(tokenA, '{ cronPreviewList(expr: "0 2 * * *", tz: "UTC", count: 3) }');
  expect(preview.cronPreviewList).toHaveLength(3);
  expect(new Date(preview.cronPreviewList[0]).getUTCHours()).toBe(2);

  const created = await gql(tokenA, CREATE, { input: { name: 'Nightly outpatient pre-check', cronExpression: '0 2 * * *', windowFromDays: 0, windowToDays: 3 } });
  const schedule = created.createSweepSchedule.result;
  scheduleId = schedule.rowId;
  const expected = (await db.owner.query("select eligibility.fn_cron_next_fire('0 2 * * *', now(), 'UTC') as t")).rows[0].t as Date;
  expect(new Date(schedule.nextFireAt).toISOString()).toBe(expected.toISOString());
  expect(schedule.secondsUntilNextFire).toBeGreaterThan(0);
  expect(schedule.secondsUntilNextFire).toBeLessThanOrEqual(86_400);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const later = await gql(tokenA, 'query($id: UUID!) { sweepSchedule(rowId: $id) { secondsUntilNextFire } }', { id: scheduleId });
  expect(later.sweepSchedule.secondsUntilNextFire).toBeLessThan(schedule.secondsUntilNextFire);
});

test('the cron firing creates an eligibility_sweep_run row and dispatches the job to the tenant queue', async () => {
  await db.owner.query("update eligibility.sweep_schedule set next_fire_at = now() - interval '1 minute' where id = $1", [scheduleId]);
  const fired = (await db.owner.query('select eligibility_private.fn_fire_due_schedules() as n')).rows[0].n;
  expect(fired).toBe(1);
  const run = (await db.owner.query('select * from eligibility.eligibility_sweep_run where schedule_id = $1', [scheduleId])).rows[0];
  cronRunId = run.id;
  expect(run).toMatchObject({ trigger: 'CRON', name: 'Nightly outpatient pre-check', window_from_days: 0, window_to_days: 3 });
  const today = (await db.owner.query("select (now() at time zone 'UTC')::date as d")).rows[0].d;
  expect(run.window_start).toEqual(today);
  const schedule = (await db.owner.query('select next_fire_at, last_fired_at from eligibility.sweep_schedule where id = $1', [scheduleId])).rows[0];
  expect(schedule.next_fire_at.getTime()).toBeGreaterThan(Date.now());
  expect(schedule.last_fired_at).not.toBeNull();
  const jobs = await db.owner.query("select queue_name from graphile_worker.jobs where key = 'sweep-run:' || $1", [cronRunId]);
  expect(jobs.rows.map((j) => j.queue_name)).toEqual([`tenant:${alpha}:sweeps`]);
  await waitForRun(db, cronRunId);
});

test('each roster member ends RECEIVED, FAILED with the upstream reason verbatim, or SKIPPED', async () => {
  const members = await membersByNumber(db, cronRunId);
  expect(Object.keys(members).sort()).toEqual(['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09', 'A10', 'A11', 'A12', 'A15', 'A16']);
  for (const n of ['A01', 'A02', 'A03', 'A06', 'A07', 'A10', 'A12']) expect([n, members[n].status]).toEqual([n, 'RECEIVED']);
  expect(members.A04).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^AAA 75 Subscriber\/Insured Not Found .* at 2100C$/) });
  expect(members.A05).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^AAA 72 /) });
  expect(members.A08).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^999 rejected: IK3 NM1 .*IK4 element 9/) });
  expect(members.A09).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^HTTP 500 from trading partner .*gave up after 3 attempts$/) });
  expect(members.A15).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^Timeout after 500 ms calling .*gave up after 3 attempts$/) });
  expect(members.A11).toEqual({ status: 'SKIPPED', failure_reason: 'No active coverage on the service date', cache_reused: false, attempts: 0 });
  expect(members.A16).toMatchObject({ status: 'SKIPPED', failure_reason: 'No active coverage on the service date' });

  const run = (await db.owner.query('select * from eligibility.eligibility_sweep_run where id = $1', [cronRunId])).rows[0];
  expect(run).toMatchObject({ status: 'COMPLETED', total_members: 14, received_count: 7, failed_count: 5, skipped_count: 2, queued_count: 0, submitted_count: 0 });
  expect(run.completed_at).not.toBeNull();

  // One 270 per qualifying coverage, about the visit date; the dependent loop for a dependent; answers stored.
  const inquiries = (await db.owner.query(
    `select mm.member_number, i.* from eligibility.eligibility_inquiry i join member.member mm on mm.id = i.member_id where i.sweep_run_id = $1 order by i.created_at`, [cronRunId])).rows;
  const of = (n: string) => inquiries.filter((i) => i.member_number === n);
  expect(of('A12')).toHaveLength(2);
  expect(of('A12').every((i) => i.outcome === 'RECEIVED' && i.response_type === '271')).toBe(true);
  const visit = (await db.owner.query("select to_char(current_date + 1, 'YYYYMMDD') as d")).rows[0].d;
  expect(of('A01')[0].request_x12).toContain(`DTP*291*D8*${visit}`);
  expect(of('A01')[0]).toMatchObject({ payload_id: of('A01')[0].id, coverage_status: 'active', outcome: 'RECEIVED' });
  expect(of('A01')[0].response_x12).toMatch(/^ISA/);
  expect(of('A01')[0].response_json.type).toBe('271');
  expect(of('A01')[0].response_ms).toBeGreaterThanOrEqual(0);
  expect(of('A06')[0].request_x12).toContain('NM1*03*1*DoeA06*Pat');
  expect(of('A06')[0].request_x12).toContain('HL*4*3*23*0');
  // AAA 42 retried with backoff, then answered.
  expect(of('A07').map((i) => i.outcome)).toEqual(['RETRY', 'RECEIVED']);
  // Permanent faults are not retried; transient ones a bounded number of times.
  expect(of('A04')).toHaveLength(1);
  expect(of('A08')).toHaveLength(1);
  expect(of('A09')).toHaveLength(3);
  // Control numbers are unique per trading partner.
  const icns = inquiries.map((i) => i.interchange_control_number);
  expect(new Set(icns).size).toBe(icns.length);
});

test('the Exceptions tab surfaces only FAILED and SKIPPED rows with their failure_reason; All members has every row', async () => {
  const data = await gql(tokenA, `query($id: UUID!) { eligibilitySweepRun(rowId: $id) {
      status totalMembers progressPercent
      exceptions(first: 50, orderBy: [MEMBER_NUMBER_ASC]) { totalCount nodes { memberNumber status failureReason } }
      members(first: 50) { totalCount nodes { status } } } }`, { id: cronRunId });
  const run = data.eligibilitySweepRun;
  expect(run.members.totalCount).toBe(14);
  expect(run.exceptions.totalCount).toBe(7);
  expect(run.exceptions.nodes.map((n: { memberNumber: string }) => n.memberNumber)).toEqual(['A04', 'A05', 'A08', 'A09', 'A11', 'A15', 'A16']);
  expect(run.exceptions.nodes.every((n: { status: string; failureReason: string }) => ['FAILED', 'SKIPPED'].includes(n.status) && n.failureReason)).toBe(true);
  expect(Number(run.progressPercent)).toBe(100);
  const page = await gql(tokenA, `query($id: UUID!) { sweepExceptions(first: 2, condition: { sweepRunId: $id, status: "FAILED" }) { totalCount pageInfo { hasNextPage } nodes { status } } }`, { id: cronRunId });
  expect(page.sweepExceptions).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
  const runs = await gql(tokenA, `query($s: UUID!) { eligibilitySweepRuns(condition: { scheduleId: $s, status: "COMPLETED" }) { nodes { rowId trigger } } }`, { s: scheduleId });
  expect(runs.eligibilitySweepRuns.nodes).toEqual([{ rowId: cronRunId, trigger: 'CRON' }]);
  const byDate = await gql(tokenA, `query($after: Datetime!) { eligibilitySweepRuns(filter: { firedAt: { greaterThan: $after } }, orderBy: [FIRED_AT_DESC]) { nodes { rowId } } }`,
    { after: new Date(Date.now() - 3_600_000).toISOString() });
  expect(byDate.eligibilitySweepRuns.nodes.map((n: { rowId: string }) => n.rowId)).toContain(cronRunId);
  const none = await gql(tokenA, `query($after: Datetime!) { eligibilitySweepRuns(filter: { firedAt: { greaterThan: $after } }) { totalCount } }`,
    { after: new Date(Date.now() + 3_600_000).toISOString() });
  expect(none.eligibilitySweepRuns.totalCount).toBe(0);
});

test('coverage anomalies: inactive, not found, ended before the visit, other payer primary; they feed the intake queue once', async () => {
  const anomalies = (await db.owner.query(
    `select mm.member_number, a.kind from eligibility.coverage_anomaly a join member.member mm on mm.id = a.member_id where a.tenant_id = $1 order by 1, 2`, [alpha])).rows;
  expect(anomalies).toEqual([
    { member_number: 'A02', kind: 'INACTIVE' },
    { member_number: 'A03', kind: 'COVERAGE_ENDS_BEFORE_SERVICE' },
    { member_number: 'A04', kind: 'SUBSCRIBER_NOT_FOUND' },
    { member_number: 'A05', kind: 'MEMBER_ID_REJECTED' },
    { member_number: 'A10', kind: 'OTHER_PAYER_PRIMARY' },
  ]);
  const gqlAnomalies = await gql(tokenA, '{ coverageAnomalies { totalCount } }');
  expect(gqlAnomalies.coverageAnomalies.totalCount).toBe(5);
  const items = await gql(tokenA, '{ intakeWorkItems { totalCount nodes { rowId source kind status seenCount } } }');
  // 7 exceptions (cancellations excluded) + 5 anomalies (A04, A05 appear as both).
  expect(items.intakeWorkItems.totalCount).toBe(12);
  expect(new Set(items.intakeWorkItems.nodes.map((n: { source: string }) => n.source))).toEqual(new Set(['SWEEP_EXCEPTION', 'COVERAGE_ANOMALY']));
});

test('the exchange log shows each partner\'s and payer\'s response times and AAA error rate', async () => {
  const stats = await gql(tokenA, '{ exchangeStats { nodes { payerId inquiriesSent responsesReceived responseMsP50 responseMsP90 within20sPercent aaaErrorPercent } } }');
  const aetna = stats.exchangeStats.nodes.find((n: { payerId: string }) => n.payerId === aetnaId);
  expect(aetna.inquiriesSent).toBeGreaterThan(10);
  expect(aetna.responseMsP50).toBeGreaterThanOrEqual(0);
  expect(Number(aetna.aaaErrorPercent)).toBeGreaterThan(0); // AAA 75 and 72 among its answers
  expect(Number(aetna.within20sPercent)).toBeGreaterThan(50);
  const log = await gql(tokenA, `query($id: UUID!) { eligibilityInquiries(condition: { sweepRunId: $id }, first: 100) { nodes { payloadId tradingPartnerId sentAt receivedAt responseMs outcome traceNumber } } }`, { id: cronRunId });
  expect(log.eligibilityInquiries.nodes.every((n: { payloadId: string; tradingPartnerId: string; traceNumber: string }) => n.payloadId && n.tradingPartnerId && n.traceNumber)).toBe(true);
});

test('a fresh 271 is reused instead of sending another 270, and the row says so', async () => {
  const before = sandbox.stats().byScenario;
  const runId = (await gql(tokenA, ADHOC, { from: 0, to: 3 })).startAdhocSweep.result;
  await waitForRun(db, runId);
  const members = await membersByNumber(db, runId);
  expect(members.A01).toMatchObject({ status: 'RECEIVED', cache_reused: true });
  expect(members.A12).toMatchObject({ status: 'RECEIVED', cache_reused: true });
  const after = sandbox.stats().byScenario;
  expect(after.active ?? 0).toBe(before.active ?? 0); // no ACT member asked again
  expect((after.not_found ?? 0) - (before.not_found ?? 0)).toBe(1); // failures are asked again
  const cached = (await db.owner.query(
    `select i.outcome, i.reused_inquiry_id, i.sent_at from eligibility.eligibility_inquiry i join member.member mm on mm.id = i.member_id
     where i.sweep_run_id = $1 and mm.member_number = 'A01'`, [runId])).rows;
  expect(cached).toEqual([{ outcome: 'CACHED', reused_inquiry_id: expect.any(String), sent_at: null }]);
  // The intake queue does not duplicate what the next sweep finds again.
  const items = (await db.owner.query("select count(*)::int as n, max(seen_count) as seen from eligibility.intake_work_item where tenant_id = $1 and status <> 'RESOLVED'", [alpha])).rows[0];
  expect(items).toEqual({ n: 12, seen: 2 });
});

test('intake items are assigned and resolved with a note through GraphQL', async () => {
  const item = (await db.owner.query("select id from eligibility.intake_work_item where tenant_id = $1 and kind = 'INACTIVE'", [alpha])).rows[0].id;
  const assigned = await gql(tokenA, 'mutation($id: UUID!) { assignIntakeWorkItem(input: { workItemId: $id, assignee: "jane.intake" }) { result { status assignedTo } } }', { id: item });
  expect(assigned.assignIntakeWorkItem.result).toEqual({ status: 'ASSIGNED', assignedTo: 'jane.intake' });
  const noNote = await gqlError(tokenA, 'mutation($id: UUID!) { resolveIntakeWorkItem(input: { workItemId: $id, note: " " }) { clientMutationId } }', { id: item });
  expect(noNote.message).toMatch(/note is required/);
  const resolved = await gql(tokenA, 'mutation($id: UUID!) { resolveIntakeWorkItem(input: { workItemId: $id, note: "Called patient; new policy added" }) { result { status resolutionNote resolvedBy } } }', { id: item });
  expect(resolved.resolveIntakeWorkItem.result).toEqual({ status: 'RESOLVED', resolutionNote: 'Called patient; new policy added', resolvedBy: 'test-user' });
  const again = await gqlError(tokenA, 'mutation($id: UUID!) { resolveIntakeWorkItem(input: { workItemId: $id, note: "twice" }) { clientMutationId } }', { id: item });
  expect(again.code).toBe('55000');
});

test('re-firing a finished run is safe: the job exits early and no rows are duplicated', async () => {
  const rowsBefore = (await db.owner.query('select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1', [cronRunId])).rows[0].n;
  const requestsBefore = sandbox.stats().requests;
  const res = await gql(tokenA, 'mutation($id: UUID!) { refireSweepRun(input: { sweepRunId: $id }) { result } }', { id: cronRunId });
  expect(res.refireSweepRun.result).toBe(cronRunId);
  await jobDone(cronRunId);
  expect((await db.owner.query('select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1', [cronRunId])).rows[0].n).toBe(rowsBefore);
  expect(sandbox.stats().requests).toBe(requestsBefore);
  // The unique index rejects a duplicate member row outright.
  const dup = await sqlError(db.owner.query(
    'insert into eligibility.sweep_run_member (tenant_id, sweep_run_id, member_id, service_date) select tenant_id, sweep_run_id, member_id, service_date from eligibility.sweep_run_member where sweep_run_id = $1 limit 1', [cronRunId]));
  expect(dup.code).toBe('23505');
  // Terminal runs are never touched again.
  const touch = await sqlError(db.owner.query("update eligibility.eligibility_sweep_run set status = 'RUNNING' where id = $1", [cronRunId]));
  expect(touch).toMatchObject({ code: '55000', message: expect.stringContaining('COMPLETED and can no longer change') });
});

test('re-run failed starts a new run over only the FAILED members', async () => {
  const res = await gql(tokenA, 'mutation($id: UUID!) { rerunFailedMembers(input: { sweepRunId: $id }) { result } }', { id: cronRunId });
  const runId = res.rerunFailedMembers.result;
  await waitForRun(db, runId);
  const members = await membersByNumber(db, runId);
  expect(Object.keys(members).sort()).toEqual(['A04', 'A05', 'A08', 'A09', 'A15']);
  const run = (await db.owner.query('select trigger, rerun_of_id, window_start from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
  expect(run).toMatchObject({ trigger: 'RERUN_FAILED', rerun_of_id: cronRunId });
});

test('a backward reconciliation window sweeps past visits of any status but cancelled', async () => {
  const runId = await asTenantUser(db, alpha, ['eligibility.update'], async (c) =>
    (await c.query('select eligibility.fn_start_adhoc_sweep(null, -14, 0, null) as id')).rows[0].id);
  await waitForRun(db, runId);
  const members = await membersByNumber(db, runId);
  expect(members.A14?.status).toBe('RECEIVED'); // completed visit 5 days ago
  expect(members.A13).toBeUndefined(); // cancelled visit
  expect(members.A01).toBeUndefined(); // tomorrow is outside -14..0
});

test('a payer filter narrows the sweep to those payers\' coverages', async () => {
  const uhc = await payerId(alpha, 'UHC');
  process.env.ELIGIBILITY_CACHE_HOURS = '0';
  try {
    const runId = (await gql(tokenA, ADHOC, { from: 0, to: 3, p: [uhc] })).startAdhocSweep.result;
    await waitForRun(db, runId);
    const members = await membersByNumber(db, runId);
    expect(members.A12).toMatchObject({ status: 'RECEIVED', cache_reused: false });
    expect(members.A01).toMatchObject({ status: 'SKIPPED', failure_reason: 'No active coverage on the service date' });
    const payers = (await db.owner.query('select distinct payer_id from eligibility.eligibility_inquiry where sweep_run_id = $1', [runId])).rows;
    expect(payers).toEqual([{ payer_id: uhc }]);
  } finally {
    delete process.env.ELIGIBILITY_CACHE_HOURS;
  }
});

test('wrong gateway credentials fail members with the partner\'s auth error verbatim; credentials are write-only', async () => {
  const admin = await service.token(alpha, ['admin']);
  const partner = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [alpha])).rows[0].id;
  const setCredentials = 'mutation($id: UUID!, $u: String!, $p: String!) { setTradingPartnerCredentials(input: { tradingPartnerId: $id, username: $u, password: $p }) { result { name credentialsUpdatedAt } } }';
  const denied = await gqlError(tokenA, setCredentials, { id: partner, u: 'sandbox', p: 'nope' });
  expect(denied).toMatchObject({ code: '42501', message: 'permission denied: admin required' });
  const set = await gql(admin, setCredentials, { id: partner, u: 'sandbox', p: 'wrong-password' });
  expect(set.setTradingPartnerCredentials.result.name).toBe('Sandbox clearinghouse');
  process.env.ELIGIBILITY_CACHE_HOURS = '0';
  try {
    const runId = (await gql(tokenA, ADHOC, { from: 0, to: 3, p: [await payerId(alpha, 'UHC')] })).startAdhocSweep.result;
    await waitForRun(db, runId);
    const members = await membersByNumber(db, runId);
    expect(members.A12).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^HTTP 401 from trading partner: UnAuthorized/) });
    expect((await db.owner.query('select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1', [runId])).rows[0].n).toBe(1);
  } finally {
    delete process.env.ELIGIBILITY_CACHE_HOURS;
    await gql(admin, setCredentials, { id: partner, u: 'sandbox', p: 'sandbox-secret' });
  }
  const fields = await gql(admin, '{ __type(name: "TradingPartner") { fields { name } } }');
  expect(fields.__type.fields.map((f: { name: string }) => f.name.toLowerCase()).filter((n: string) => /password|username|secret/.test(n))).toEqual([]);
});

test('test connection sends a 270 to the partner and reports ok or the error verbatim (admin only, own tenant only)', async () => {
  const admin = await service.token(alpha, ['admin']);
  const partner = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [alpha])).rows[0].id;
  const ok = await service.rest('POST', `/trading-partners/${partner}/test-connection`, { token: admin });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ ok: true, responseType: '271', httpStatus: 200, message: expect.stringMatching(/^Connected: the partner answered with a 271/) });
  await db.owner.query("select core_private.fn_store_trading_partner_credentials(tenant_id, trading_partner_id, username, 'stale', $2) from core_private.trading_partner_credential where tenant_id = $1", [alpha, process.env.PARTNER_CREDENTIAL_KEY]);
  try {
    const denied = await service.rest('POST', `/trading-partners/${partner}/test-connection`, { token: admin });
    expect(denied.body).toMatchObject({ ok: false, message: expect.stringMatching(/^HTTP 401 from trading partner: UnAuthorized/) });
  } finally {
    await db.owner.query("select core_private.fn_store_trading_partner_credentials(tenant_id, trading_partner_id, username, 'sandbox-secret', $2) from core_private.trading_partner_credential where tenant_id = $1", [alpha, process.env.PARTNER_CREDENTIAL_KEY]);
  }
  expect((await service.rest('POST', `/trading-partners/${partner}/test-connection`, { token: tokenA })).status).toBe(403);
  const betaAdmin = await service.token(beta, ['admin']);
  expect((await service.rest('POST', `/trading-partners/${partner}/test-connection`, { token: betaAdmin })).status).toBe(404);
  expect((await service.rest('POST', '/trading-partners/not-a-uuid/test-connection', { token: admin })).body.error.code).toBe('invalid_parameter');
});

test('a 271 that arrives later is matched by trace number and flips SUBMITTED to RECEIVED', async () => {
  const member = (await db.owner.query("select m.id, c.id as coverage_id, c.payer_id from member.member m join member.coverage_policy c on c.member_id = m.id where m.tenant_id = $1 and m.member_number = 'A01'", [alpha])).rows[0];
  const run = (await db.owner.query(
    `insert into eligibility.eligibility_sweep_run (tenant_id, name, trigger, status, started_at, window_from_days, window_to_days, window_start, window_end)
     values ($1, 'Batch partner run', 'ADHOC', 'RUNNING', now(), 0, 3, current_date, current_date + 3) returning id`, [alpha])).rows[0].id;
  const row = (await db.owner.query(
    `insert into eligibility.sweep_run_member (tenant_id, sweep_run_id, member_id, service_date, status, attempts, submitted_at)
     values ($1, $2, $3, current_date + 1, 'SUBMITTED', 1, now()) returning id`, [alpha, run, member.id])).rows[0].id;
  const trace = 'LATE0000000000000000000000000001';
  await db.owner.query(
    `insert into eligibility.eligibility_inquiry (tenant_id, sweep_run_id, sweep_run_member_id, member_id, coverage_policy_id, payer_id, service_date, trace_number, sent_at)
     values ($1, $2, $3, $4, $5, $6, current_date + 1, $7, now() - interval '1 minute')`, [alpha, run, row, member.id, member.coverage_id, member.payer_id, trace]);
  const x12 = build270({
    sender: { qualifier: 'ZZ', id: 'RCMALPHA' }, receiver: { qualifier: 'ZZ', id: 'SANDBOXCH' }, interchangeControlNumber: 900001, groupControlNumber: 900001,
    transactionControlNumber: 1, usage: 'T', payer: { name: 'AETNA', id: '60054' }, provider: { entityType: '2', name: 'CLINIC', npi: '1234567893' },
    subscriber: { memberId: 'ACT000000001', firstName: 'PAT', lastName: 'DOEA01', dob: '1980-05-17' }, trace: { number: trace, originatorId: '9RCMALPHA0' },
    serviceDate: new Date().toISOString().slice(0, 10),
  });
  const answer = await sendRealTime({ url: sandbox.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMALPHA', receiverId: 'SANDBOXCH' }, x12);
  const posted = await service.rest('POST', '/eligibility/responses', { token: tokenA, body: { x12: answer.payload } });
  expect(posted.status).toBe(200);
  expect(posted.body.results).toEqual([{ traceNumber: trace, memberStatus: 'RECEIVED' }]);
  expect((await db.owner.query('select status from eligibility.sweep_run_member where id = $1', [row])).rows[0].status).toBe('RECEIVED');
  expect((await db.owner.query('select outcome, coverage_status from eligibility.eligibility_inquiry where trace_number = $1', [trace])).rows[0]).toEqual({ outcome: 'RECEIVED', coverage_status: 'active' });
  expect((await db.owner.query('select status from eligibility.eligibility_sweep_run where id = $1', [run])).rows[0].status).toBe('COMPLETED');
  const again = await service.rest('POST', '/eligibility/responses', { token: tokenA, body: { x12: answer.payload } });
  expect(again.body.results[0].error).toMatch(/already has its answer/);
  const otherTenant = await service.rest('POST', '/eligibility/responses', { token: tokenB, body: { x12: answer.payload } });
  expect(otherTenant.body.results[0].error).toMatch(/no eligibility inquiry with trace number/);
  expect((await service.rest('POST', '/eligibility/responses', { token: tokenA, body: { x12: 'hello' } })).status).toBe(400);
});

test('pause keeps the configuration and stops new runs; resume brings the next fire back', async () => {
  const paused = await gql(tokenA, 'mutation($id: UUID!) { pauseSweepSchedule(input: { scheduleId: $id }) { result { paused nextFireAt secondsUntilNextFire cronExpression windowToDays } } }', { id: scheduleId });
  expect(paused.pauseSweepSchedule.result).toEqual({ paused: true, nextFireAt: null, secondsUntilNextFire: null, cronExpression: '0 2 * * *', windowToDays: 3 });
  const before = await runCount(alpha);
  await db.owner.query("select eligibility_private.fn_fire_due_schedules(now() + interval '30 days')");
  expect(await runCount(alpha)).toBe(before);
  const resumed = await gql(tokenA, 'mutation($id: UUID!) { resumeSweepSchedule(input: { scheduleId: $id }) { result { paused nextFireAt } } }', { id: scheduleId });
  expect(resumed.resumeSweepSchedule.result.paused).toBe(false);
  expect(new Date(resumed.resumeSweepSchedule.result.nextFireAt).getTime()).toBeGreaterThan(Date.now());
});

test('updating a schedule re-validates it and recomputes the next fire; null keeps a value', async () => {
  const update = 'mutation($id: UUID!, $cron: String, $tz: String, $from: Int, $to: Int) { updateSweepSchedule(input: { scheduleId: $id, cronExpression: $cron, timeZone: $tz, windowFromDays: $from, windowToDays: $to }) { result { cronExpression timeZone nextFireAt windowFromDays windowToDays name } } }';
  const res = await gql(tokenA, update, { id: scheduleId, cron: '30 3 * * *', tz: 'America/New_York' });
  const expected = (await db.owner.query("select eligibility.fn_cron_next_fire('30 3 * * *', now(), 'America/New_York') as t")).rows[0].t as Date;
  expect(res.updateSweepSchedule.result).toMatchObject({ cronExpression: '30 3 * * *', timeZone: 'America/New_York', windowFromDays: 0, windowToDays: 3, name: 'Nightly outpatient pre-check' });
  expect(new Date(res.updateSweepSchedule.result.nextFireAt).toISOString()).toBe(expected.toISOString());
  const bad = await gqlError(tokenA, update, { id: scheduleId, from: 5 });
  expect(bad).toMatchObject({ code: '22023', message: expect.stringContaining('window_from_days (5) must not be after window_to_days (3)') });
  await gql(tokenA, update, { id: scheduleId, cron: '0 2 * * *', tz: 'UTC' });
});

test('after downtime a missed schedule fires once, and two supervisors never fire it twice', async () => {
  const created = await asTenantUser(db, alpha, ['eligibility.update'], async (c) =>
    (await c.query("select (eligibility.fn_create_sweep_schedule('New Year', '0 0 1 1 *', 'UTC', null, 0, 0, null, false)).id")).rows[0].id);
  // Yearly: fired once, it is not due again while the test runs (an every-minute schedule was, when
  // a minute began between the fire and the checks below).
  const first = await db.owner.connect();
  try {
    // The downtime, in the same transaction as the first supervisor's tick: the service's own
    // supervisor hears of the change (NOTIFY) only at commit, so it cannot fire the schedule first.
    await first.query('begin');
    await first.query("update eligibility.sweep_schedule set next_fire_at = now() - interval '3 days' where id = $1", [created]);
    expect((await first.query('select eligibility_private.fn_fire_due_schedules() as n')).rows[0].n).toBeGreaterThanOrEqual(1);
    // A second supervisor while the first holds the row: skip locked, fires nothing of it.
    expect((await db.owner.query('select eligibility_private.fn_fire_due_schedules() as n')).rows[0].n).toBe(0);
    await first.query('commit');
  } finally {
    await first.query('rollback').catch(() => undefined); // after a failed expectation: release no open transaction
    first.release();
  }
  expect((await db.owner.query('select eligibility_private.fn_fire_due_schedules() as n')).rows[0].n).toBe(0);
  const runs = (await db.owner.query('select count(*)::int as n from eligibility.eligibility_sweep_run where schedule_id = $1', [created])).rows[0].n;
  expect(runs).toBe(1);
  await asTenantUser(db, alpha, ['eligibility.update'], (c) => c.query('select eligibility.fn_delete_sweep_schedule($1)', [created]));
  expect((await db.owner.query('select count(*)::int as n from eligibility.eligibility_sweep_run where schedule_id is null and name = $1', ['New Year'])).rows[0].n).toBe(1);
});

test('a new schedule is hot-loaded: the supervisor picks it up without a restart', async () => {
  const before = await runCount(alpha);
  // A schedule that is due at once: created with a past next fire through an update of the cron.
  const created = await gql(tokenA, CREATE, { input: { name: 'Hot-loaded', cronExpression: '* * * * *', windowFromDays: 5, windowToDays: 5 } });
  const id = created.createSweepSchedule.result.rowId;
  await db.owner.query("update eligibility.sweep_schedule set next_fire_at = now() - interval '1 second' where id = $1", [id]);
  await db.owner.query("update eligibility.sweep_schedule set time_zone = 'UTC' where id = $1", [id]); // notify
  await waitFor(async () => (await runCount(alpha)) > before, 10_000, 'the hot-loaded schedule to fire');
  await gql(tokenA, 'mutation($id: UUID!) { deleteSweepSchedule(input: { scheduleId: $id }) { result } }', { id });
});

test('bad input gets a clear 4xx-class error naming the field, and nothing is written', async () => {
  const schedulesBefore = Number((await db.owner.query('select count(*) from eligibility.sweep_schedule where tenant_id = $1', [alpha])).rows[0].count);
  const runsBefore = await runCount(alpha);
  const betaFacility = (await db.owner.query("select id from core.facility where tenant_id = $1 and code = 'MAIN'", [beta])).rows[0].id;
  const betaPayer = await payerId(beta, 'AETNA');
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ name: 'x1', cronExpression: '0 25 * * *' }, '22023', /^cron field "hour" value 25 is out of range 0-23$/],
    [{ name: 'x2', cronExpression: '0 2 * *' }, '22023', /must have 5 fields/],
    [{ name: 'x3', cronExpression: '0 2 * * *', timeZone: 'Mars/Olympus' }, '22023', /time zone "Mars\/Olympus" is not recognized/],
    [{ name: 'x4', cronExpression: '0 2 * * *', windowFromDays: 7, windowToDays: 0 }, '22023', /window_from_days \(7\) must not be after window_to_days \(0\)/],
    [{ name: 'x5', cronExpression: '0 2 * * *', facilityId: '00000000-0000-4000-8000-000000000001' }, 'P0002', /facility .* not found/],
    [{ name: 'x6', cronExpression: '0 2 * * *', facilityId: betaFacility }, 'P0002', /facility .* not found/],
    [{ name: 'x7', cronExpression: '0 2 * * *', payerIds: [betaPayer] }, 'P0002', new RegExp(`payer ids not found: ${betaPayer}`)],
    [{ name: 'Nightly outpatient pre-check', cronExpression: '0 2 * * *' }, '23505', /already exists/],
  ];
  for (const [input, code, message] of cases) {
    const error = await gqlError(tokenA, CREATE, { input });
    expect([input.name, error.code]).toEqual([input.name, code]);
    expect(error.message).toMatch(message);
  }
  const adhoc = await gqlError(tokenA, ADHOC, { from: 3, to: -1 });
  expect(adhoc).toMatchObject({ code: '22023', message: expect.stringContaining('window_from_days (3) must not be after window_to_days (-1)') });
  const adhocPayer = await gqlError(tokenA, ADHOC, { from: 0, to: 1, p: [betaPayer] });
  expect(adhocPayer.code).toBe('P0002');
  const psql = await sqlError(asTenantUser(db, alpha, ['eligibility.update'], (c) => c.query("select eligibility.fn_create_sweep_schedule('bad', '61 * * * *')")));
  expect(psql).toEqual({ code: '22023', message: 'cron field "minute" value 61 is out of range 0-59' });
  const readOnly = await service.token(alpha, ['eligibility.read']);
  const denied = await gqlError(readOnly, CREATE, { input: { name: 'ro', cronExpression: '0 2 * * *' } });
  expect(denied).toMatchObject({ code: '42501', message: 'permission denied: eligibility.update required' });
  expect(Number((await db.owner.query('select count(*) from eligibility.sweep_schedule where tenant_id = $1', [alpha])).rows[0].count)).toBe(schedulesBefore);
  expect(await runCount(alpha)).toBe(runsBefore);
  const cancelDone = await gqlError(tokenA, 'mutation($id: UUID!) { cancelSweepRun(input: { sweepRunId: $id }) { clientMutationId } }', { id: cronRunId });
  expect(cancelDone).toMatchObject({ code: '55000', message: expect.stringContaining('is COMPLETED and cannot be cancelled') });
});

test('tenant isolation: another tenant\'s schedules, runs and items are not found, through GraphQL and psql', async () => {
  const lists = await gql(tokenB, '{ eligibilitySweepRuns { totalCount } sweepSchedules { totalCount } sweepRunMembers { totalCount } sweepExceptions { totalCount } eligibilityInquiries { totalCount } intakeWorkItems { totalCount } coverageAnomalies { totalCount } }');
  expect(lists).toEqual({
    eligibilitySweepRuns: { totalCount: 0 }, sweepSchedules: { totalCount: 0 }, sweepRunMembers: { totalCount: 0 }, sweepExceptions: { totalCount: 0 },
    eligibilityInquiries: { totalCount: 0 }, intakeWorkItems: { totalCount: 0 }, coverageAnomalies: { totalCount: 0 },
  });
  const item = (await db.owner.query('select id from eligibility.intake_work_item where tenant_id = $1 and status = $2 limit 1', [alpha, 'OPEN'])).rows[0].id;
  const attempts: [string, Record<string, unknown>][] = [
    ['mutation($id: UUID!) { startSweep(input: { scheduleId: $id }) { result } }', { id: scheduleId }],
    ['mutation($id: UUID!) { cancelSweepRun(input: { sweepRunId: $id }) { clientMutationId } }', { id: cronRunId }],
    ['mutation($id: UUID!) { refireSweepRun(input: { sweepRunId: $id }) { result } }', { id: cronRunId }],
    ['mutation($id: UUID!) { rerunFailedMembers(input: { sweepRunId: $id }) { result } }', { id: cronRunId }],
    ['mutation($id: UUID!) { pauseSweepSchedule(input: { scheduleId: $id }) { clientMutationId } }', { id: scheduleId }],
    ['mutation($id: UUID!) { deleteSweepSchedule(input: { scheduleId: $id }) { result } }', { id: scheduleId }],
    ['mutation($id: UUID!) { resolveIntakeWorkItem(input: { workItemId: $id, note: "x" }) { clientMutationId } }', { id: item }],
  ];
  for (const [query, variables] of attempts) {
    const error = await gqlError(tokenB, query, variables);
    expect([query, error.code]).toEqual([query, 'P0002']);
    expect(error.message).toMatch(/not found/);
  }
  const alphaFacility = (await db.owner.query("select id from core.facility where tenant_id = $1 and code = 'MAIN'", [alpha])).rows[0].id;
  for (const sql of ['select eligibility.fn_start_sweep($1)', 'select eligibility.fn_cancel_sweep_run($1)', 'select eligibility.fn_rerun_failed($1)', 'select eligibility.fn_refire_sweep_run($1)',
    'select eligibility.fn_start_adhoc_sweep($1, 0, 1, null)']) {
    const id = sql.includes('fn_start_sweep') ? scheduleId : sql.includes('adhoc') ? alphaFacility : cronRunId;
    const error = await sqlError(asTenantUser(db, beta, ['eligibility.update'], (c) => c.query(sql, [id])));
    expect([sql, error.code]).toEqual([sql, 'P0002']);
  }
  const schedule = (await db.owner.query('select paused from eligibility.sweep_schedule where id = $1', [scheduleId])).rows[0];
  expect(schedule.paused).toBe(false);
  expect(await runCount(beta)).toBe(0);
});
