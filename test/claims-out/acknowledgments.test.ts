// Acknowledgments come back by polling: submit -> the worker sends the 837P (SENT) -> the cron's
// dispatch hands out claims/poll-acknowledgments jobs -> the real worker retrieves the sandbox's 999
// (ACKNOWLEDGED, or the submission and its claims REJECTED) and then its 277CA (each claim ACCEPTED
// with the payer's claim number, or REJECTED with a readable reason). Real Postgres, real HTTP.
import { parseCrontab } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { readCrontab } from '../../server/worker/crontab.ts';
import { activeMembers } from '../claims/fixtures.ts';
import { builtClaims, pollAcknowledgmentsUntil, readyTenant } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let partner: SandboxPartner;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 200, ack277DelayMs: 200 });
  tenantId = await readyTenant(db, 'acks');
  await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [tenantId, partner.url]);
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await partner?.close();
  await db?.drop();
});

async function claimStatus(token: string, claimId: string) {
  return (await service.rest('GET', `/claims/${claimId}`, { token })).body;
}

test('the crontab dispatches acknowledgment polls every minute by default', () => {
  const items = parseCrontab(readCrontab({})).filter((item) => item.task === 'claims/dispatch-acknowledgment-polls');
  expect(items.map((item) => [item.match.toString().length > 0, item.options.jobKey, item.options.maxAttempts])).toEqual([[true, 'claims-dispatch-acknowledgment-polls', 1]]);
  expect(readCrontab({ CLAIM_ACK_POLL_CRON: '*/5 * * * *' })).toContain('*/5 * * * * claims/dispatch-acknowledgment-polls');
});

test('submit -> SENT -> 999 -> 277CA: accepted with the payer claim number, invalid NPI and invalid subscriber rejected', async () => {
  const members = await activeMembers(db, tenantId);
  const badSubscriber = members[1];
  await db.owner.query("update member.coverage_policy set subscriber_id = 'BADSUB' || subscriber_id where id = $1", [badSubscriber.coverage_id]);
  const built = await builtClaims(db, tenantId, [
    { number: 'ACK-OK', member: members[0].member_number, amount: 125 },
    { number: 'ACK-NPI', member: members[2].member_number, billingNpi: '1999900008', amount: 80 },
    { number: 'ACK-SUB', member: badSubscriber.member_number, amount: 60 },
  ]);
  // Claims in charge-amount order: 125 accepted, 80 invalid NPI, 60 invalid subscriber.
  const [accepted, badNpi, badSub] = (await db.owner.query('select id from billing.claim where id = any($1) order by total_amount desc', [built])).rows.map((r) => r.id as string);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds: built } });
  expect(submitted.status).toBe(200);
  const submissionIds = submitted.body.submissions.map((s: { submissionId: string }) => s.submissionId);

  await pollAcknowledgmentsUntil(db, async () => (await Promise.all([accepted, badNpi, badSub].map((id) => claimStatus(token, id))))
    .every((c) => c.status === 'ACCEPTED' || c.status === 'REJECTED'), 'every claim answered by a 277CA');

  const ok = await claimStatus(token, accepted);
  expect(ok.status).toBe('ACCEPTED');
  expect(ok.history.map((h: { status: string }) => h.status)).toEqual(['BUILT', 'SUBMITTED', 'ACCEPTED']);
  const payerClaim = (await db.owner.query('select payer_claim_control_number from billing.claim where id = $1', [accepted])).rows[0].payer_claim_control_number;
  expect(payerClaim).toMatch(/^SBX\d+/);
  const npi = await claimStatus(token, badNpi);
  expect(npi.status).toBe('REJECTED');
  expect(npi.rejectionReason).toMatch(/^A7:562:85 .*National Provider Identifier.*Billing Provider/);
  const sub = await claimStatus(token, badSub);
  expect(sub.status).toBe('REJECTED');
  expect(sub.rejectionReason).toMatch(/^A3:33:IL .*[Ss]ubscriber/);
  for (const id of submissionIds) expect((await service.rest('GET', `/claims/submissions/${id}`, { token })).body.status).toBe('ACKNOWLEDGED');

  // Each file kept once (our 837 asks for a TA1, ISA14 = 1: the sandbox puts a TA1 A in the 999's
  // interchange); polling again retrieves nothing new and applies nothing twice.
  const files = (await db.owner.query("select kind, source from billing.acknowledgment_file where tenant_id = $1 order by kind", [tenantId])).rows;
  expect(files.filter((f) => f.source === 'POLL').map((f) => f.kind).sort()).toEqual([...submissionIds.map(() => '277CA'), ...submissionIds.map(() => '999'), ...submissionIds.map(() => 'TA1')].sort());
  expect(Number((await db.owner.query('select billing_private.fn_dispatch_acknowledgment_polls() as n')).rows[0].n)).toBe(0);
});

test('a subscriber id the 999 rejects: the whole submission and its claims REJECTED with the IK3/IK4 reason', async () => {
  const members = await activeMembers(db, tenantId);
  const member = members[3];
  await db.owner.query("update member.coverage_policy set subscriber_id = 'REJ999' || subscriber_id where id = $1", [member.coverage_id]);
  const [claimId] = await builtClaims(db, tenantId, [{ number: 'ACK-999', member: member.member_number, amount: 45 }]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds: [claimId] } });
  const { submissionId } = submitted.body.submissions[0];
  await pollAcknowledgmentsUntil(db, async () => (await claimStatus(token, claimId)).status === 'REJECTED', 'the 999 rejection');
  const claim = await claimStatus(token, claimId);
  expect(claim.rejectionReason).toMatch(/NM1/);
  const submission = (await service.rest('GET', `/claims/submissions/${submissionId}`, { token })).body;
  expect(submission.rejectionReason).toMatch(/^999 rejected transaction set 0001: segment NM1 .*NM109: Invalid character in data element \(value "REJ999/);
  expect(submission.status).toBe('REJECTED');
  expect(partner.stats().byClaimScenario.reject_999).toBe(1);
});
