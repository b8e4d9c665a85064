// Kindness to payers and operator control under load, against the sandbox partner with latency:
// per-payer max_in_flight and daily caps (sandbox stats prove it), cancel mid-run (the manual's
// three bullets), and the per-payer circuit breaker that lets a run resume by itself.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { addScenarioMembers, membersByNumber, scenarioTenant, waitFor, waitForRun, type ScenarioMember } from './support.ts';

let db: TestDatabase;
let service: TestService;
let sandbox: SandboxPartner;
let tenant: string;
let token: string;

const members = (prefix: string, payer: string, count: number, from = 1, subscriberPrefix = 'ACT'): ScenarioMember[] =>
  Array.from({ length: count }, (_, i) => ({ number: `${prefix}${String(from + i).padStart(3, '0')}`, subscriberId: `${subscriberPrefix}${prefix}${String(from + i).padStart(6, '0')}`, payer }));

beforeAll(async () => {
  process.env.ELIGIBILITY_RETRY_BASE_MS = '20';
  process.env.ELIGIBILITY_MAX_ATTEMPTS = '2';
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 150 });
  tenant = await scenarioTenant(db, 'limits', sandbox.url, [...members('AE', 'AETNA', 24), ...members('CI', 'CIGNA', 8)]);
  await db.owner.query("update core.payer set max_in_flight = 3 where tenant_id = $1 and code = 'AETNA'", [tenant]);
  await db.owner.query("update core.payer set max_in_flight = 2, daily_270_cap = 5 where tenant_id = $1 and code = 'CIGNA'", [tenant]);
  service = await startTestService(db, { jobs: true });
  token = await service.token(tenant, ['eligibility.read', 'eligibility.update']);
});
afterAll(async () => {
  await service?.stop();
  await sandbox?.close();
  await db?.drop();
});

async function payerIds(...codes: string[]): Promise<string[]> {
  return (await db.owner.query('select id from core.payer where tenant_id = $1 and code = any($2) order by code', [tenant, codes])).rows.map((r) => r.id);
}

async function adhoc(payers: string[]): Promise<string> {
  const res = await service.graphql<{ startAdhocSweep: { result: string } }>(token,
    'mutation($p: [UUID]) { startAdhocSweep(input: { windowFrom: 0, windowTo: 3, payerIds: $p }) { result } }', { p: payers });
  expect(res.errors).toBeUndefined();
  return res.data.startAdhocSweep.result;
}

test('never more than a payer\'s max_in_flight at once, never more than its daily 270 cap', async () => {
  const runId = await adhoc(await payerIds('AETNA', 'CIGNA'));
  const run = await waitForRun(db, runId);
  expect(run.status).toBe('COMPLETED');
  const stats = sandbox.stats();
  expect(stats.maxInFlightByPayer['60054']).toBe(3); // AETNA: reached, never exceeded
  expect(stats.maxInFlightByPayer['62308']).toBeLessThanOrEqual(2); // CIGNA
  const byNumber = await membersByNumber(db, runId);
  const cigna = Object.entries(byNumber).filter(([n]) => n.startsWith('CI')).map(([, m]) => m);
  expect(cigna.filter((m) => m.status === 'RECEIVED')).toHaveLength(5);
  const capped = cigna.filter((m) => m.status === 'SKIPPED');
  expect(capped).toHaveLength(3);
  expect(capped[0].failure_reason).toBe('Daily 270 cap reached for payer CIGNA (5 a day); not sent today, re-run tomorrow');
  expect(Object.entries(byNumber).filter(([n]) => n.startsWith('AE')).every(([, m]) => m.status === 'RECEIVED')).toBe(true);
  // The cap counts the day's 270s across runs: a second run sends none to CIGNA.
  process.env.ELIGIBILITY_CACHE_HOURS = '0';
  try {
    const second = await adhoc(await payerIds('CIGNA'));
    await waitForRun(db, second);
    const again = Object.entries(await membersByNumber(db, second)).filter(([n]) => n.startsWith('CI')).map(([, m]) => m);
    expect(again).toHaveLength(8);
    expect(again.every((m) => m.status === 'SKIPPED' && /Daily 270 cap/.test(m.failure_reason ?? ''))).toBe(true);
  } finally {
    delete process.env.ELIGIBILITY_CACHE_HOURS;
  }
});

test('cancel mid-run: queued members become SKIPPED "Cancelled by operator", the run CANCELLED with completed_at, submitted 270s still land', async () => {
  await db.owner.query("update core.payer set max_in_flight = 1 where tenant_id = $1 and code = 'AETNA'", [tenant]);
  process.env.ELIGIBILITY_CACHE_HOURS = '0';
  try {
    const runId = await adhoc(await payerIds('AETNA'));
    await waitFor(async () => (await db.owner.query("select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'RECEIVED'", [runId])).rows[0].n >= 3, 20_000, 'three members received');
    const res = await service.graphql<{ cancelSweepRun: { result: { status: string; completedAt: string; cancelledBy: string } } }>(token,
      'mutation($id: UUID!) { cancelSweepRun(input: { sweepRunId: $id }) { result { status completedAt cancelledBy } } }', { id: runId });
    expect(res.errors).toBeUndefined();
    const cancelledAt = Date.now();
    expect(res.data.cancelSweepRun.result).toMatchObject({ status: 'CANCELLED', cancelledBy: 'test-user' });
    expect(Math.abs(new Date(res.data.cancelSweepRun.result.completedAt).getTime() - cancelledAt)).toBeLessThan(5_000);
    const submitted = (await db.owner.query("select id from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'SUBMITTED'", [runId])).rows.map((r) => r.id);
    const skipped = (await db.owner.query("select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'SKIPPED' and failure_reason = 'Cancelled by operator'", [runId])).rows[0].n;
    expect(skipped).toBeGreaterThan(10);
    await waitFor(async () => !(await db.owner.query("select 1 from graphile_worker.jobs where key = 'sweep-run:' || $1", [runId])).rowCount, 20_000, 'the job to notice the cancel');
    const rows = (await db.owner.query('select id, status from eligibility.sweep_run_member where sweep_run_id = $1', [runId])).rows;
    expect(rows.filter((r) => r.status === 'QUEUED' || r.status === 'SUBMITTED')).toEqual([]);
    for (const id of submitted) expect(rows.find((r) => r.id === id)?.status).toBe('RECEIVED');
    const run = (await db.owner.query('select status, received_count, skipped_count, total_members from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0];
    expect(run.status).toBe('CANCELLED');
    expect(run.received_count + run.skipped_count).toBe(run.total_members);
    // Nothing else left for the payer after the cancel.
    const sent = (await db.owner.query('select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1', [runId])).rows[0].n;
    expect(sent).toBe(run.received_count);
  } finally {
    delete process.env.ELIGIBILITY_CACHE_HOURS;
  }
});

test('a payer whose gateway keeps failing trips its breaker: operators see it, its members wait QUEUED and the run resumes by itself', async () => {
  // Earliest visits go first: the failing members (tomorrow) before the healthy ones (in 2 days).
  // Three of them fill the lane (1 slot x lane factor 3), so the gateway sees fresh failures in a
  // row: a member's own retries do not count against the payer, and a success in between resets.
  await addScenarioMembers(db, tenant, [...members('MC', 'MCR', 3, 1, 'ERR500'), ...members('MD', 'MCR', 4, 1).map((m) => ({ ...m, day: 2 }))]);
  await db.owner.query("update core.payer set max_in_flight = 1 where tenant_id = $1 and code = 'MCR'", [tenant]);
  process.env.ELIGIBILITY_BREAKER_FAILURES = '2';
  process.env.ELIGIBILITY_BREAKER_COOLOFF_MS = '1500';
  process.env.ELIGIBILITY_RUN_CONCURRENCY = '4';
  try {
    const runId = await adhoc(await payerIds('MCR'));
    let breaker: { opened_at: Date; open_until: Date } | undefined;
    await waitFor(async () => {
      breaker = (await db.owner.query("select opened_at, open_until from eligibility.payer_circuit_breaker where tenant_id = $1 and state = 'OPEN'", [tenant])).rows[0];
      return breaker !== undefined;
    }, 20_000, 'the breaker to open');
    if (!breaker) throw new Error('unreachable: waitFor returned without an open breaker');
    const seen = await service.graphql<{ payerCircuitBreakers: { nodes: { state: string; lastFailureReason: string; openUntil: string }[] } }>(token, '{ payerCircuitBreakers { nodes { state lastFailureReason openUntil } } }');
    expect(seen.data.payerCircuitBreakers.nodes[0]).toMatchObject({ state: 'OPEN', lastFailureReason: expect.stringMatching(/^HTTP 500/) });
    const run = await waitForRun(db, runId);
    expect(run.status).toBe('COMPLETED');
    // Nothing went to the payer while its breaker was open. (A 270 already in flight when it opened
    // may still answer; that answer neither opens nor closes it.)
    const sentWhileOpen = await db.owner.query(
      'select count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and sent_at > $2 and sent_at < $3',
      [runId, breaker.opened_at, breaker.open_until]);
    expect(sentWhileOpen.rows[0].n).toBe(0);
    expect(new Date(breaker.open_until).getTime() - new Date(breaker.opened_at).getTime()).toBe(1500);
    const byNumber = await membersByNumber(db, runId);
    expect(Object.entries(byNumber).filter(([n]) => n.startsWith('MD')).map(([, m]) => m.status)).toEqual(['RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED']);
    expect(Object.entries(byNumber).filter(([n]) => n.startsWith('MC')).every(([, m]) => m.status === 'FAILED' && /^HTTP 500/.test(m.failure_reason ?? ''))).toBe(true);
  } finally {
    delete process.env.ELIGIBILITY_BREAKER_FAILURES;
    delete process.env.ELIGIBILITY_BREAKER_COOLOFF_MS;
  }
});

test('members held back while a breaker was open go on once it closes, even when the run\'s other 270s outlast its cool-off', async () => {
  // UHC's one failing member opens its breaker (one failure is enough here) and its retry waits the
  // cool-off out (a retry may probe only after two). Meanwhile BCBS's lane, one slot, reaches BD001,
  // whose second coverage is UHC: held back QUEUED. When the lanes end, the breaker is no longer
  // open: the run used to wait for it forever (Math.min of no open breaker: Infinity).
  await addScenarioMembers(db, tenant, [
    { number: 'UF001', subscriberId: 'ERR500UF0001', payer: 'UHC' },
    ...members('BA', 'BCBS', 4),
    { number: 'BD001', subscriberId: 'ACTBD0001', payer: 'BCBS', day: 2, secondary: { subscriberId: 'ACTBD0002', payer: 'UHC' } },
  ]);
  await db.owner.query("update core.payer set max_in_flight = 1 where tenant_id = $1 and code in ('UHC', 'BCBS')", [tenant]);
  process.env.ELIGIBILITY_BREAKER_FAILURES = '1';
  process.env.ELIGIBILITY_BREAKER_COOLOFF_MS = '3000';
  process.env.ELIGIBILITY_LANE_FACTOR = '1';
  try {
    const runId = await adhoc(await payerIds('UHC', 'BCBS'));
    const run = await waitForRun(db, runId, ['COMPLETED', 'CANCELLED', 'FAILED'], 30_000);
    expect(run).toMatchObject({ status: 'COMPLETED' });
    const byNumber = await membersByNumber(db, runId);
    expect(byNumber.BD001.status).toBe('RECEIVED');
    expect(byNumber.UF001).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(/^HTTP 500/) });
    // BD001's 270 to UHC waited for the breaker: it left after the cool-off.
    const uhc = (await db.owner.query(
      `select b.opened_at, b.open_until, (select min(i.sent_at) from eligibility.eligibility_inquiry i join member.member m on m.id = i.member_id
         where i.sweep_run_id = $2 and m.member_number = 'BD001' and i.payer_id = b.payer_id) as sent
       from eligibility.payer_circuit_breaker b join core.payer p on p.id = b.payer_id where b.tenant_id = $1 and p.code = 'UHC'`, [tenant, runId])).rows[0];
    expect(uhc.sent.getTime()).toBeGreaterThanOrEqual(uhc.open_until.getTime());
  } finally {
    delete process.env.ELIGIBILITY_BREAKER_FAILURES;
    delete process.env.ELIGIBILITY_BREAKER_COOLOFF_MS;
    delete process.env.ELIGIBILITY_LANE_FACTOR;
  }
});
