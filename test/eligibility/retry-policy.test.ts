// The sweep's retry policy (eligibility_private.sweep_retry_after_ms): a retryable failure while
// the payer answers other 270s is the member's own and is retried after
// ELIGIBILITY_MEMBER_RETRY_BASE_MS (doubling); once failures pile up at the payer (or its breaker
// is open) the retry waits the full ELIGIBILITY_RETRY_BASE_MS backoff. Measured as a user would:
// the time between a 270's answer and the coverage's next 270, from the exchange log.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { addScenarioMembers, membersByNumber, scenarioTenant, waitForRun, type ScenarioMember } from './support.ts';

const FULL_BASE_MS = 1000;
const MEMBER_BASE_MS = 100;
const MAX_ATTEMPTS = 3;

let db: TestDatabase;
let service: TestService;
let healthy: SandboxPartner;
let failing: SandboxPartner;
let tenant: string;
let token: string;
const saved = { ...process.env };

const members = (prefix: string, payer: string, count: number, subscriberPrefix: string): ScenarioMember[] =>
  Array.from({ length: count }, (_, i) => ({ number: `${prefix}${i + 1}`, subscriberId: `${subscriberPrefix}${prefix}${String(i + 1).padStart(6, '0')}`, payer }));

beforeAll(async () => {
  Object.assign(process.env, {
    ELIGIBILITY_RETRY_BASE_MS: String(FULL_BASE_MS), ELIGIBILITY_MEMBER_RETRY_BASE_MS: String(MEMBER_BASE_MS),
    ELIGIBILITY_MAX_ATTEMPTS: String(MAX_ATTEMPTS), ELIGIBILITY_BREAKER_FAILURES: '50', ELIGIBILITY_CACHE_HOURS: '0',
  });
  db = await createTestDatabase();
  healthy = await startSandboxPartner({ port: 0, latencyMs: 50 });
  // A payer that is down: every 270 answered with a 503.
  failing = await startSandboxPartner({ port: 0, latencyMs: 50, failPercent: 100 });
  tenant = await scenarioTenant(db, 'retrypolicy', healthy.url, [
    ...members('ER', 'AETNA', 1, 'ERR500'), ...members('AC', 'AETNA', 8, 'ACT'),
  ]);
  await db.owner.query("update core.payer set max_in_flight = 2 where tenant_id = $1 and code in ('AETNA', 'MCR')", [tenant]);
  service = await startTestService(db, { jobs: true });
  token = await service.token(tenant, ['eligibility.read', 'eligibility.update']);
});
afterAll(async () => {
  await service?.stop();
  await healthy?.close();
  await failing?.close();
  await db?.drop();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function sweep(payerCode: string): Promise<string> {
  const payer = (await db.owner.query('select id from core.payer where tenant_id = $1 and code = $2', [tenant, payerCode])).rows[0].id;
  const res = await service.graphql<{ startAdhocSweep: { result: string } }>(token,
    'mutation($p: [UUID]) { startAdhocSweep(input: { windowFrom: 0, windowTo: 3, payerIds: $p }) { result } }', { p: [payer] });
  expect(res.errors).toBeUndefined();
  const runId = res.data.startAdhocSweep.result;
  expect(await waitForRun(db, runId)).toMatchObject({ status: 'COMPLETED' });
  return runId;
}

/** Per retried 270: its attempt and how long the coverage waited after its answer before the next 270 left. */
async function waits(runId: string): Promise<{ member: string; attempt: number; waitMs: number }[]> {
  const { rows } = await db.owner.query(
    `select mm.member_number as member, i.attempt,
            round(extract(epoch from (select n.sent_at from eligibility.eligibility_inquiry n
                                      where n.sweep_run_member_id = i.sweep_run_member_id and n.coverage_policy_id = i.coverage_policy_id and n.attempt = i.attempt + 1)
                                     - i.received_at) * 1000)::int as "waitMs"
     from eligibility.eligibility_inquiry i join member.member mm on mm.tenant_id = i.tenant_id and mm.id = i.member_id
     where i.sweep_run_id = $1 and i.outcome = 'RETRY' order by i.received_at`, [runId]);
  return rows;
}

test('a failure only the member has (the payer answers the others) is retried after the member backoff: 100, 200 ms, not 1, 2 s', async () => {
  const runId = await sweep('AETNA');
  const byNumber = await membersByNumber(db, runId);
  expect(byNumber.ER1).toMatchObject({ status: 'FAILED', failure_reason: expect.stringMatching(new RegExp(`^HTTP 500 .*gave up after ${MAX_ATTEMPTS} attempts$`)) });
  expect(Object.entries(byNumber).filter(([n]) => n.startsWith('AC')).every(([, m]) => m.status === 'RECEIVED')).toBe(true);
  const retried = await waits(runId);
  expect(retried.map((w) => [w.member, w.attempt])).toEqual([['ER1', 1], ['ER1', 2]]);
  for (const { attempt, waitMs } of retried) {
    expect(waitMs).toBeGreaterThanOrEqual(MEMBER_BASE_MS * 2 ** (attempt - 1));
    expect(waitMs).toBeLessThan(FULL_BASE_MS * 2 ** (attempt - 1));
  }
  // Still ELIGIBILITY_MAX_ATTEMPTS 270s for the coverage, as the partner counts them.
  expect(healthy.stats().byScenario.http_500).toBe(MAX_ATTEMPTS);
});

test('when the payer itself fails (every 270, breaker still closed) retries keep the full backoff once 3 first 270s in a row failed', async () => {
  await db.owner.query("update core.trading_partner set endpoint_url = $2 where tenant_id = $1", [tenant, failing.url]);
  await addScenarioMembers(db, tenant, members('MF', 'MCR', 5, 'ACT'));
  const runId = await sweep('MCR');
  const byNumber = await membersByNumber(db, runId);
  const failed = Object.entries(byNumber).filter(([n]) => n.startsWith('MF')).map(([, m]) => m);
  expect(failed).toHaveLength(5);
  expect(failed.every((m) => m.status === 'FAILED' && /^HTTP 503 .*gave up after 3 attempts$/.test(m.failure_reason ?? ''))).toBe(true);
  const retried = await waits(runId);
  expect(retried).toHaveLength(5 * (MAX_ATTEMPTS - 1));
  // Only the payer's first two failures (before 3 in a row) may look like the members' own.
  const sooner = retried.filter((w) => w.waitMs < FULL_BASE_MS * 2 ** (w.attempt - 1));
  expect(sooner.length).toBeLessThanOrEqual(2);
  expect(sooner.every((w) => w.attempt === 1)).toBe(true);
  // The breaker never opened: the full backoff came from the failures piling up, not the cool-off.
  const breaker = (await db.owner.query(
    "select b.state from eligibility.payer_circuit_breaker b join core.payer p on p.id = b.payer_id where b.tenant_id = $1 and p.code = 'MCR'", [tenant])).rows;
  expect(breaker.every((b) => b.state === 'CLOSED')).toBe(true);
});

test('the policy, as operators read it in SQL: whose failure it looks like, and the doubling backoff', async () => {
  const answering = async (state: string, failures: number) => {
    await db.owner.query(
      `insert into payer_gate.gateway (gateway_key, state, consecutive_failures, opened_at, open_until) values ('test-gw', $1, $2, now(), now() + interval '1 minute')
       on conflict (gateway_key) do update set state = excluded.state, consecutive_failures = excluded.consecutive_failures`, [state, failures]);
    return (await db.owner.query("select payer_gate.answering('test-gw') as a")).rows[0].a;
  };
  expect(await answering('CLOSED', 0)).toBe(true);
  expect(await answering('CLOSED', 2)).toBe(true);
  expect(await answering('CLOSED', 3)).toBe(false);
  expect(await answering('OPEN', 0)).toBe(false);
  expect(await answering('HALF_OPEN', 0)).toBe(false);
  expect((await db.owner.query("select payer_gate.answering('no-such-gateway') as a")).rows[0].a).toBe(false);
  const after = async (attempt: number, answers: boolean, base = 1000, memberBase = 250, max = 30_000) =>
    (await db.owner.query('select eligibility_private.sweep_retry_after_ms($1, $2, $3, $4, $5) as ms', [attempt, answers, base, memberBase, max])).rows[0].ms;
  expect([await after(1, true), await after(2, true), await after(3, true)]).toEqual([250, 500, 1000]);
  expect([await after(1, false), await after(2, false), await after(3, false)]).toEqual([1000, 2000, 4000]);
  expect(await after(6, false)).toBe(30_000);
  // The member's base is never above the full one (a test's or operator's short backoff stays short).
  expect(await after(1, true, 20, 250)).toBe(20);
});
