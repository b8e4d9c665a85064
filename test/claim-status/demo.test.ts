// "Done when: a stale claim has a 277 answer" — the demo tenant as `npm start` seeds it: its stale
// SUBMITTED claims are flagged by the seed's stale-claim detection, which enqueues
// claims/ask-claim-status; the worker sends the 276s to the sandbox partner and the 277 answers
// appear in the claims' history.
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { waitFor } from '../eligibility/support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let runner: Runner | undefined;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0 });
  tenantId = await seedTestTenant(db, 'claim-status-demo', { members: 120, events: 400, sandboxUrl: sandbox.url });
});
afterAll(async () => {
  await runner?.stop();
  await sandbox?.close();
  await db?.drop();
});

test('after seeding, the worker asks about the demo tenant\'s stale claims and their history shows the 277', async () => {
  const stale = Number((await db.owner.query('select count(*) as n from billing.stale_claim_status where tenant_id = $1', [tenantId])).rows[0].n);
  expect(stale).toBeGreaterThan(0);
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 2, cron: false, pollInterval: 200 });
  const notes = async () => (await db.owner.query(
    "select h.reason from billing.claim_status_history h where h.tenant_id = $1 and h.reason like '277 claim status:%'", [tenantId])).rows.map((r) => r.reason as string);
  await waitFor(async () => (await notes()).length === stale, 60_000, 'a 277 answer for every stale demo claim');
  expect((await notes()).every((n) => /^277 claim status: (P1:20|F1:1|A4:35) /.test(n))).toBe(true);
  expect(Object.keys(sandbox.stats().byScenario).filter((k) => k.startsWith('276_')).length).toBeGreaterThan(0);
});
