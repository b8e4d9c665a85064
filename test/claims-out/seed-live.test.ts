// After `npm start`, the demo tenant's submissions left for the worker go to the sandbox partner and
// its real 999 and 277CA come back through the acknowledgment polls: the REJ999 subscribers' set is
// rejected by the 999, the other submissions' claims (a secondary claim with its COB loops among them)
// are answered by the 277CA.
import type { Runner } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startWorker } from '../../server/worker/runner.ts';
import { waitFor } from '../eligibility/support.ts';
import { pollAcknowledgmentsUntil } from './fixtures.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
let runner: Runner | undefined;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, ack999DelayMs: 100, ack277DelayMs: 100, remittanceDelayMs: 100 });
  tenantId = await seedTestTenant(db, 'claims-live-seed', { members: 120, events: 400, sandboxUrl: sandbox.url });
});
afterAll(async () => {
  await runner?.stop();
  await sandbox?.close();
  await db?.drop();
});

test('the seeded submissions waiting for the worker are sent and answered by the sandbox', async () => {
  const waiting = (await db.owner.query("select id from billing.claim_submission where tenant_id = $1 and status = 'CREATED'", [tenantId])).rows.map((r) => r.id);
  expect(waiting.length).toBeGreaterThan(0);
  runner = await startWorker({ ownerUrl: db.location.ownerUrl, concurrency: 1, cron: false, pollInterval: 200 });
  const open = async () => Number((await db.owner.query(
    'select count(*) as n from billing.claim_submission_claim where submission_id = any($1) and closed_at is null', [waiting])).rows[0].n);
  await pollAcknowledgmentsUntil(db, async () => (await open()) === 0, 'every live claim answered', 60_000);
  const files = (await db.owner.query("select kind from billing.acknowledgment_file where tenant_id = $1 and x12 like 'ISA%'", [tenantId])).rows.map((r) => r.kind);
  expect(files).toContain('999');
  expect(files).toContain('277CA');
  const statuses = (await db.owner.query(
    'select distinct c.status from billing.claim c join billing.claim_submission_claim sc on sc.claim_id = c.id where sc.submission_id = any($1)', [waiting])).rows.map((r) => r.status);
  expect(statuses).toContain('ACCEPTED');
  expect(sandbox.stats().byClaimScenario.accepted).toBeGreaterThan(0);
  // The claim the seed billed to a secondary coverage went with its COB loops and the 277CA accepted it.
  const secondary = (await db.owner.query(
    `select c.status, s.x12 from billing.claim c join billing.claim_submission_claim sc on sc.claim_id = c.id join billing.claim_submission s on s.id = sc.submission_id
     where sc.submission_id = any($1) and c.primary_claim_id is not null`, [waiting])).rows;
  expect(secondary.map((c) => c.status)).toEqual([expect.stringMatching(/^(ACCEPTED|PAID|DENIED)$/)]);
  expect(secondary[0].x12).toMatch(/~SVD\*/);
});

test('then the sandbox payer adjudicates them: its 835s come back through the remittance polls and the claims are PAID or DENIED', async () => {
  const live = (await db.owner.query(
    `select c.id from billing.claim c join billing.claim_submission_claim sc on sc.claim_id = c.id join billing.claim_submission s on s.id = sc.submission_id
     where c.tenant_id = $1 and s.created_by is distinct from null and c.payer_claim_control_number like 'SBX%'`, [tenantId])).rows.map((r) => r.id);
  expect(live.length).toBeGreaterThan(0);
  await waitFor(async () => {
    await db.owner.query('select billing_private.fn_dispatch_remittance_polls()');
    return sandbox.stats().remittanceFiles > 0 && Number((await db.owner.query("select count(*) as n from billing.remittance where tenant_id = $1 and trace_number like 'SBX%'", [tenantId])).rows[0].n) > 0;
  }, 60_000, 'the live 835 posted');
  const statuses = (await db.owner.query('select distinct status from billing.claim where id = any($1)', [live])).rows.map((r) => r.status);
  expect(statuses.some((s) => s === 'PAID' || s === 'DENIED')).toBe(true);
});
