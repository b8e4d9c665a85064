// Killing the worker process with SIGKILL mid-run loses nothing and duplicates nothing: the run is
// re-fired, a fresh worker finishes it, no member row is duplicated and no member is sent twice in
// the run except those whose 270 was in flight at the kill.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { asTenantUser, scenarioTenant, waitFor, waitForRun, type ScenarioMember } from './support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let tenant: string;
let child: ChildProcess | undefined;
let runner: Runner | undefined;

const here = path.dirname(fileURLToPath(import.meta.url));
// K007's 270 is answered after SLOW_MS (the sandbox's SLOW scenario, within the partner's 2 s
// timeout): the kill lands while it is in flight, however loaded the machine.
const SLOW_MS = 1000;
const MEMBERS: ScenarioMember[] = Array.from({ length: 30 }, (_, i) => ({
  number: `K${String(i).padStart(3, '0')}`, subscriberId: `${i === 7 ? 'SLOW' : 'ACT'}K${String(i).padStart(8, '0')}`, payer: 'AETNA',
}));

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 200, slowMs: SLOW_MS });
  tenant = await scenarioTenant(db, 'crash', sandbox.url, MEMBERS);
  await db.owner.query("update core.payer set max_in_flight = 2 where tenant_id = $1 and code = 'AETNA'", [tenant]);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await runner?.stop();
  await sandbox?.close();
  await db?.drop();
});

const killedWorkerApp = `rcm-test-eligibility-worker-${process.pid}`;
function startWorkerProcess(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(here, 'fixtures', 'worker-process.ts'), db.location.ownerUrl], {
      env: { ...process.env, PGAPPNAME: killedWorkerApp, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    proc.once('error', reject);
    proc.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(proc);
    });
  });
}

const count = async (sql: string, params: unknown[]) => Number((await db.owner.query(sql, params)).rows[0].n);

test('re-firing a run after SIGKILL of its worker finishes it with no duplicate rows and no member sent twice except the one in flight', async () => {
  const runId = await asTenantUser(db, tenant, ['eligibility.update'], async (c) => (await c.query('select eligibility.fn_start_adhoc_sweep(null, 0, 3, null) as id')).rows[0].id);
  child = await startWorkerProcess();
  // Killed while a 270 is out: a member is SUBMITTED only with its 270 (a member waiting for a slot
  // is still QUEUED), so a kill between two exchanges would leave nothing in flight to test. A
  // 200 ms answer seen PENDING could land before the kill does; K007's has SLOW_MS to go.
  await waitFor(async () => (await count(
    `select count(*) as n from eligibility.eligibility_inquiry i join member.member m on m.id = i.member_id
     where i.sweep_run_id = $1 and i.outcome = 'PENDING' and m.member_number = 'K007'`, [runId])) > 0, 30_000, "K007's 270 in flight");
  child.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));
  child = undefined;
  // A killed client's backend finishes its running statement before it notices; wait for that.
  await waitFor(async () => (await count('select count(*) as n from pg_stat_activity where application_name = $1', [killedWorkerApp])) === 0, 30_000, "the killed worker's sessions ended");

  const atKill = (await db.owner.query("select id from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'SUBMITTED'", [runId])).rows.map((r) => r.id);
  const k007 = (await db.owner.query(
    "select m.id from eligibility.sweep_run_member m join member.member mm on mm.id = m.member_id where m.sweep_run_id = $1 and mm.member_number = 'K007'", [runId])).rows[0].id;
  expect(atKill).toContain(k007); // the kill landed mid-run, with K007's 270 in flight
  expect((await db.owner.query('select status from eligibility.eligibility_sweep_run where id = $1', [runId])).rows[0].status).toBe('RUNNING');

  // The run's heartbeat stops with its worker; re-fire it (psql, as an operator would) and let a fresh worker take it.
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  await asTenantUser(db, tenant, ['eligibility.update'], (c) => c.query('select eligibility.fn_refire_sweep_run($1, 2)', [runId]));
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 200 });
  const run = await waitForRun(db, runId, ['COMPLETED', 'CANCELLED', 'FAILED'], 40_000);
  expect(run).toMatchObject({ status: 'COMPLETED', total_members: 30, received_count: 30 });

  expect(await count('select count(*) as n from eligibility.sweep_run_member where sweep_run_id = $1', [runId])).toBe(30);
  const sends = (await db.owner.query(
    `select sweep_run_member_id, count(*)::int as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and sent_at is not null group by 1`, [runId])).rows;
  const twice = sends.filter((s) => s.n > 1).map((s) => s.sweep_run_member_id);
  expect(twice.every((id) => atKill.includes(id))).toBe(true);
  expect(sends.every((s) => s.n <= 2)).toBe(true);
  // The interrupted exchanges are on record, closed with the reason.
  const interrupted = await count("select count(*) as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and outcome_reason like 'No answer recorded: the worker stopped%'", [runId]);
  expect(interrupted).toBe(twice.length);
  expect(await count("select count(*) as n from eligibility.eligibility_inquiry where sweep_run_id = $1 and outcome = 'PENDING'", [runId])).toBe(0);
});
