// The whole path as an operator meets it: an admin marks the trading partner as answering 276s
// (GraphQL), stale-claim detection runs, the worker's claims/ask-claim-status job (queue
// tenant:<id>:claim-status) sends the 276 to the sandbox partner, and GET /claims/:id shows the
// 277 answer in the claim's history. A 5xx makes the job fail and graphile-worker retry it.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { waitFor } from '../eligibility/support.ts';
import { claimStatusTenant, detectStale, expectedNote, submittedClaims } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let partner: SandboxPartner;

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0 });
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await partner?.close();
  await db?.drop();
});

test('partner flag set in GraphQL, detection enqueues the job, the worker asks, the history shows the 277; a 5xx job is retried', async () => {
  const tenantId = await claimStatusTenant(db, 'csw', partner.url);
  const partnerId = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [tenantId])).rows[0].id;
  await db.owner.query('update core.trading_partner set supports_276 = false where id = $1', [partnerId]);
  const [claim, failing] = await submittedClaims(db, tenantId, 2, { prefix: 'W' });
  await db.owner.query("update member.coverage_policy set subscriber_id = 'ERR500' || subscriber_id where id = $1", [failing.coverageId]);

  // Without the flag, detection flags but enqueues nothing.
  expect(await detectStale(db, tenantId)).toEqual({ flagged: 2, open: 2 });
  const jobs = async () => (await db.owner.query("select queue_name, attempts from graphile_worker.jobs where task_identifier = 'claims/ask-claim-status'")).rows;
  expect(await jobs()).toEqual([]);

  const admin = await service.token(tenantId, ['admin']);
  const update = 'mutation($id: UUID!, $patch: TradingPartnerPatch!) { updateTradingPartner(input: {rowId: $id, patch: $patch}) { tradingPartner { supports276 claimStatusIntervalDays } } }';
  expect((await service.graphql(admin, update, { id: partnerId, patch: { claimStatusIntervalDays: 0 } })).errors?.[0].extensions?.code).toBe('23514');
  const set = await service.graphql(admin, update, { id: partnerId, patch: { supports276: true, claimStatusIntervalDays: 7 } });
  expect(set.data).toEqual({ updateTradingPartner: { tradingPartner: { supports276: true, claimStatusIntervalDays: 7 } } });

  await detectStale(db, tenantId);
  const token = await service.token(tenantId, ['claims.read']);
  const history = async () => (await service.rest('GET', `/claims/${claim.claimId}`, { token })).body.history as { status: string; reason: string | null }[];
  await waitFor(async () => (await history()).some((h) => h.reason?.startsWith('277 claim status:')), 20_000, 'the 277 note in the claim history');
  const charge = (await db.owner.query('select total_amount from billing.claim where id = $1', [claim.claimId])).rows[0].total_amount;
  expect((await history()).at(-1)).toMatchObject({ status: 'SUBMITTED', reason: expectedNote(claim.pcn, charge) });

  // The ERR500 claim failed: the job is left for a retry on the tenant's claim-status queue.
  await waitFor(async () => (await jobs()).some((j) => j.attempts >= 1), 20_000, 'the failed job to await its retry');
  expect(await jobs()).toEqual([{ queue_name: `tenant:${tenantId}:claim-status`, attempts: expect.any(Number) }]);
  const failed = (await db.owner.query('select status, http_status from billing.claim_status_inquiry where claim_id = $1', [failing.claimId])).rows;
  expect(failed[0]).toEqual({ status: 'FAILED', http_status: 500 });
});
