// The nightly job runner: crontab lines, dispatch per tenant on tenant queues, one cycle row and
// ONE jobRunner heartbeat line per cycle, schedules and last cycles in GraphQL.
import { pino } from 'pino';
import { parseCrontab } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { activeMembers, baseTenant, insertCharges } from './fixtures.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { clientsOfPool } from '../../server/db/pooled-client.ts';
import { runTenantCycle } from '../../server/claims/job-cycle.ts';
import { runRefreshCycle } from '../../server/claims/refresh-cycle.ts';
import { nightlySchedules } from '../../server/claims/job-schedule.ts';
import { readCrontab } from '../../server/worker/crontab.ts';

let db: TestDatabase;
let alpha: string;
let beta: string;

function capturingLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ base: { app: 'rcm-core' } }, { write: (line: string) => lines.push(JSON.parse(line)) }).child({ component: 'jobRunner' });
  return { log, lines };
}

beforeAll(async () => {
  db = await createTestDatabase();
  alpha = await baseTenant(db, 'jr-alpha');
  beta = await baseTenant(db, 'jr-beta');
});
afterAll(async () => db.drop());

test('the crontab has the nightly lines, graphile-worker parses them, and times come from the environment', () => {
  const defaults = nightlySchedules(readCrontab({}), new Date('2026-03-01T12:00:00Z'));
  expect(defaults.map((s) => [s.task, s.cron, s.nextFireAt])).toEqual([
    ['claims/dispatch-claims-build', '0 2 * * *', '2026-03-02T02:00:00.000Z'],
    ['claims/dispatch-timely-filing', '30 2 * * *', '2026-03-02T02:30:00.000Z'],
    ['claims/dispatch-stale-claims', '45 2 * * *', '2026-03-02T02:45:00.000Z'],
    ['claims/refresh-views', '0 3 * * *', '2026-03-02T03:00:00.000Z'],
  ]);
  const custom = readCrontab({ NIGHTLY_CLAIMS_BUILD_CRON: '15 */6 * * *' });
  expect(nightlySchedules(custom, new Date('2026-03-01T12:00:00Z'))[0]).toMatchObject({ cron: '15 */6 * * *', nextFireAt: '2026-03-01T12:15:00.000Z' });
  const parsed = parseCrontab(custom).map((item) => item.task);
  expect(parsed).toEqual(expect.arrayContaining(['claims/dispatch-claims-build', 'claims/dispatch-timely-filing', 'claims/dispatch-stale-claims', 'claims/refresh-views']));
});

test('a cycle writes its row and logs ONE structured heartbeat line with component jobRunner', async () => {
  const { log, lines } = capturingLogger();
  const client = await db.owner.connect();
  try {
    const counts = await runTenantCycle(client, { task: 'claims/check-timely-filing', tenantId: alpha, log }, async (tx) =>
      (await tx.query('select billing_private.check_timely_filing(array[$1::uuid]) as c', [alpha])).rows[0].c);
    expect(counts).toMatchObject({ warningRaised: 0 });
  } finally {
    client.release();
  }
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 30, app: 'rcm-core', component: 'jobRunner', msg: 'heartbeat', task: 'claims/check-timely-filing', tenantId: alpha, status: 'SUCCEEDED', counts: { warningRaised: 0, resolved: 0 } });
  expect(JSON.stringify(lines[0])).toContain('jobRunner'); // what `journalctl -u rcm-core | grep jobRunner` matches
  const { rows } = await db.owner.query('select task, status, finished_at is not null as finished, counts, errors from ops.job_runner_cycle where id = $1', [lines[0].cycleId]);
  expect(rows).toEqual([{ task: 'claims/check-timely-filing', status: 'SUCCEEDED', finished: true, counts: expect.objectContaining({ warningRaised: 0 }), errors: [] }]);
});

test('a failing cycle is recorded FAILED with its error, rolled back, and its heartbeat says so', async () => {
  const { log, lines } = capturingLogger();
  const client = await db.owner.connect();
  try {
    await expect(runTenantCycle(client, { task: 'claims/build-claims', tenantId: alpha, log }, async (tx) => {
      await tx.query("update core.payer set stale_claim_days = 99 where tenant_id = $1 and code = 'MCR'", [alpha]);
      await tx.query('select 1/0');
      return {};
    })).rejects.toThrow('division by zero');
  } finally {
    client.release();
  }
  expect(lines).toEqual([expect.objectContaining({ level: 50, component: 'jobRunner', msg: 'heartbeat', status: 'FAILED', error: 'division by zero' })]);
  const { rows } = await db.owner.query('select status, errors from ops.job_runner_cycle where id = $1', [lines[0].cycleId]);
  expect(rows).toEqual([{ status: 'FAILED', errors: [{ message: 'division by zero', code: '22012' }] }]);
  expect((await db.owner.query("select stale_claim_days from core.payer where tenant_id = $1 and code = 'MCR'", [alpha])).rows[0].stale_claim_days).not.toBe(99);
});

test('the refresh cycle refreshes once for all tenants, writes a cycle per tenant and logs one heartbeat', async () => {
  const { log, lines } = capturingLogger();
  const client = await db.owner.connect();
  try {
    await runRefreshCycle(client, log);
  } finally {
    client.release();
  }
  expect(lines).toEqual([expect.objectContaining({ component: 'jobRunner', msg: 'heartbeat', task: 'claims/refresh-views', tenants: 2, status: 'SUCCEEDED', counts: expect.objectContaining({ reconStatus: 'REFRESHED', reportingStatus: 'REFRESHED' }) })]);
  const { rows } = await db.owner.query("select tenant_id from ops.job_runner_cycle where task = 'claims/refresh-views' order by tenant_id");
  expect(rows.map((r) => r.tenant_id).sort()).toEqual([alpha, beta].sort());
});

test('the nightly build works slices side by side and never splits a visit: 4 visits of 3 charges, slices of 4, 2 lanes -> 4 claims of 3 lines', async () => {
  const members = (await activeMembers(db, beta)).slice(0, 4);
  expect(members).toHaveLength(4);
  const specs = members.flatMap((m, v) => [1, 2, 3].map((line) => ({ number: `SLICE-${v + 1}-${line}`, member: m.member_number, procedureCode: ['99213', '36415', '80053'][line - 1] })));
  const ids = await insertCharges(db, beta, specs);
  // The pass's plan: a visit's three charges share a slice, which validates them (NEW) before building them.
  const slices = (await db.owner.query<{ to_validate: string[]; to_build: string[] }>('select to_validate, to_build from billing_private.nightly_build_slices($1, 4)', [beta])).rows;
  for (let v = 1; v <= 4; v++) {
    const visit = [1, 2, 3].map((line) => ids[`SLICE-${v}-${line}`]);
    const holding = slices.filter((slice) => visit.some((id) => slice.to_build.includes(id)));
    expect(holding).toHaveLength(1);
    expect(holding[0].to_build).toEqual(expect.arrayContaining(visit));
    expect(holding[0].to_validate).toEqual(expect.arrayContaining(visit));
  }

  const { log, lines } = capturingLogger();
  const client = await db.owner.connect();
  try {
    const counts = await runTenantCycle(client, { task: 'claims/build-claims', tenantId: beta, log, transaction: false }, () =>
      runClaimsBuildPass(clientsOfPool(db.owner), beta, { sliceSize: 4, parallelism: 2 }));
    expect(counts).toEqual({ chargesValidated: 12, chargesInvalid: 0, claimsBuilt: 4, chargesBilled: 12, buildErrors: 0 });
  } finally {
    client.release();
  }
  expect(lines).toEqual([expect.objectContaining({ component: 'jobRunner', msg: 'heartbeat', task: 'claims/build-claims', status: 'SUCCEEDED' })]);
  const { rows } = await db.owner.query(
    `select m.member_number, count(*)::int as lines, array_agg(c.charge_number order by cl.line_number) as charges
     from billing.claim_line cl join billing.claim k on k.tenant_id = cl.tenant_id and k.id = cl.claim_id
     join member.member m on m.tenant_id = k.tenant_id and m.id = k.member_id
     join billing.charge c on c.tenant_id = cl.tenant_id and c.id = cl.charge_id
     where cl.charge_id = any($1) group by k.id, m.member_number order by m.member_number`, [Object.values(ids)]);
  expect(rows).toEqual(members.map((m, v) => ({ member_number: m.member_number, lines: 3, charges: [1, 2, 3].map((line) => `SLICE-${v + 1}-${line}`) })));
  const billed = (await db.owner.query("select count(*)::int as n from billing.charge where id = any($1) and status = 'BILLED'", [Object.values(ids)])).rows[0].n;
  expect(billed).toBe(12);
});

describe('with the service and its worker', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(db, { jobs: true });
  });
  afterAll(async () => service.stop());

  async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() - started > timeoutMs) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  test('the nightly claims build: the dispatcher enqueues one job per tenant on its queue; NEW charges end up validated and billed', async () => {
    const ids = await insertCharges(db, alpha, [{ number: 'NIGHT-1' }, { number: 'NIGHT-2' }, { number: 'NIGHT-BAD', placeOfService: '00' }]);
    const since = (await db.owner.query('select clock_timestamp() as t')).rows[0].t;
    await db.owner.query("select graphile_worker.add_job('claims/dispatch-claims-build')");
    const cycles = await waitFor(async () => {
      const { rows } = await db.owner.query("select tenant_id, status, counts from ops.job_runner_cycle where task = 'claims/build-claims' and finished_at is not null and started_at >= $1", [since]);
      return rows.length === 2 ? rows : undefined;
    });
    const mine = cycles.find((c) => c.tenant_id === alpha);
    expect(mine).toMatchObject({ status: 'SUCCEEDED', counts: { chargesValidated: 2, chargesInvalid: 1, claimsBuilt: 1, chargesBilled: 2, buildErrors: 0 } });
    expect(cycles.find((c) => c.tenant_id === beta)).toMatchObject({ status: 'SUCCEEDED', counts: { chargesValidated: 0, claimsBuilt: 0 } });
    const { rows } = await db.owner.query('select charge_number, status from billing.charge where id = any($1) order by charge_number', [Object.values(ids)]);
    expect(rows).toEqual([{ charge_number: 'NIGHT-1', status: 'BILLED' }, { charge_number: 'NIGHT-2', status: 'BILLED' }, { charge_number: 'NIGHT-BAD', status: 'INVALID' }]);
    // the per-tenant jobs ran on the tenants' own claims queues
    const queues = await db.owner.query('select queue_name from graphile_worker._private_job_queues order by 1');
    // (the build then enqueues the cycle's "submit what was built" step on the same queue)
    expect(queues.rows.map((r) => r.queue_name)).toEqual([`tenant:${alpha}:claims`, `tenant:${beta}:claims`].sort());
  });

  test('timely filing and stale-claim dispatchers run per tenant too', async () => {
    await db.owner.query("select graphile_worker.add_job('claims/dispatch-timely-filing'), graphile_worker.add_job('claims/dispatch-stale-claims')");
    const done = await waitFor(async () => {
      const { rows } = await db.owner.query(
        "select task, count(*)::int as n from ops.job_runner_cycle where task in ('claims/check-timely-filing', 'claims/detect-stale-claims') and status = 'SUCCEEDED' group by task order by task");
      return rows.length === 2 && rows.every((r) => r.n >= 2) ? rows : undefined;
    });
    expect(done.map((r) => r.task)).toEqual(['claims/check-timely-filing', 'claims/detect-stale-claims']);
  });

  test('GraphQL shows the schedules with next fire times and the last cycles, per tenant', async () => {
    const token = await service.token(alpha, ['claims.read']);
    const res = await service.graphql<{ jobRunnerStatuses: { nodes: { task: string; cron: string; nextFireAt: string; lastStatus: string | null; lastCounts: unknown }[] }; jobRunnerCycles: { nodes: { task: string; tenantId: string }[] } }>(
      token, '{ jobRunnerStatuses(orderBy: TASK_ASC) { nodes { task cron nextFireAt lastStatus lastCounts } } jobRunnerCycles(first: 50, orderBy: STARTED_AT_DESC) { nodes { task tenantId } } }');
    expect(res.errors).toBeUndefined();
    const statuses = res.data.jobRunnerStatuses.nodes;
    expect(statuses.map((s) => s.task)).toEqual(['claims/dispatch-claims-build', 'claims/dispatch-stale-claims', 'claims/dispatch-timely-filing', 'claims/refresh-views']);
    for (const s of statuses) expect(new Date(s.nextFireAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.data.jobRunnerCycles.nodes.length).toBeGreaterThan(0);
    expect(res.data.jobRunnerCycles.nodes.every((c) => c.tenantId === alpha)).toBe(true);
  });
});
