// Money comes back from the claims trading partner: submit -> the worker sends the 837P -> 999 and
// 277CA polled (ACCEPTED) -> the sandbox payer adjudicates -> remittances/poll-remittances
// retrieves its 835 over CORE batch and posts it through billing.fn_post_remittance -> GET
// /claims/:id shows what the payer paid, adjusted and denied. Then the denial actions that go out
// through the claims-out path: a replacement (frequency 7 + REF*F8) that the payer answers with a
// reversal and a correction, a void (frequency 8) it answers with a reversal, and a claim to the
// secondary coverage (SBR01 S). Real Postgres, real worker, real HTTP sandbox; every 837P pyx12-valid.
import { parseCrontab } from 'graphile-worker';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { readCrontab } from '../../server/worker/crontab.ts';
import { pyx12Validate } from '../../x12/test-support/pyx12.ts';
import { parseX12 } from '../../x12/parse.ts';
import type { Transaction837 } from '../../x12/types-claims.ts';
import { activeMembers } from '../claims/fixtures.ts';
import { waitFor } from '../eligibility/support.ts';
import { builtClaims, readyTenant } from '../claims-out/fixtures.ts';

let db: TestDatabase;
let service: TestService;
let partner: SandboxPartner;
let tenantId: string;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 100, ack277DelayMs: 100, remittanceDelayMs: 200 });
  tenantId = await readyTenant(db, 'remitpoll');
  await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [tenantId, partner.url]);
  // The refresh a poll requests after posting waits out this interval since the last refresh.
  await db.owner.query(`alter database ${db.name} set rcm.view_refresh_min_interval = '1 second'`);
  service = await startTestService(db, { jobs: true });
  token = await service.token(tenantId, ['claims.read', 'claims.write']);
});
afterAll(async () => {
  await service?.stop();
  await partner?.close();
  await db?.drop();
});

/** What the two cron lines do every minute, here as often as the test needs. */
async function pollUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  await waitFor(async () => {
    await db.owner.query('select billing_private.fn_dispatch_acknowledgment_polls(), billing_private.fn_dispatch_remittance_polls()');
    return check();
  }, 40_000, what);
}

const claim = async (id: string) => (await service.rest('GET', `/claims/${id}`, { token })).body;

async function submit(claimIds: string[]): Promise<string[]> {
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds } });
  expect(submitted.status).toBe(200);
  return submitted.body.submissions.map((s: { submissionId: string }) => s.submissionId);
}

async function sentFile(submissionId: string): Promise<string> {
  await waitFor(async () => (await db.owner.query("select status from billing.claim_submission where id = $1", [submissionId])).rows[0].status !== 'CREATED', 20_000, 'the submission sent');
  return (await db.owner.query('select x12 from billing.claim_submission where id = $1', [submissionId])).rows[0].x12;
}

// Claims by the last two digits of their patient control number (sandbox-partner/README.md "835 remittances").
const PCNS = { paid: 'RFPAID00', contractual: 'RFCO20', deductible: 'RFDED45', denied: 'RFDEN70', interest: 'RFINT88', unknown: 'RFUNK93', unbalanced: 'RFUNB97' };
const ids: Record<keyof typeof PCNS, string> = {} as Record<keyof typeof PCNS, string>;

test('the crontab dispatches remittance polls every minute by default', () => {
  const items = parseCrontab(readCrontab({})).filter((item) => item.task === 'remittances/dispatch-remittance-polls');
  expect(items.map((item) => item.options.jobKey)).toEqual(['remittances-dispatch-remittance-polls']);
  expect(readCrontab({ REMITTANCE_POLL_CRON: '*/5 * * * *' })).toContain('*/5 * * * * remittances/dispatch-remittance-polls');
});

test('835s polled from the partner post: paid, CO-45, PR-1, a CO-16 denial, PLB interest, an unknown claim queued, an unbalanced remittance held', async () => {
  const members = await activeMembers(db, tenantId);
  const names = Object.keys(PCNS) as (keyof typeof PCNS)[];
  const built = await builtClaims(db, tenantId, names.map((name, i) => ({ number: `RF-${name}`, member: members[i].member_number, amount: 100 + i })));
  for (const id of built) {
    const amount = Number((await db.owner.query('select total_amount from billing.claim where id = $1', [id])).rows[0].total_amount);
    const name = names[amount - 100];
    ids[name] = id;
    await db.owner.query('update billing.claim set patient_control_number = $2 where id = $1', [id, PCNS[name]]);
  }
  await submit(built);
  await pollUntil(async () => (await Promise.all([ids.paid, ids.denied].map(claim))).every((c) => c.status === 'PAID' || c.status === 'DENIED'), 'the 835 posted');
  // A file's 835s post one after another as they are read: the unbalanced one may still be on its way.
  await pollUntil(async () => (await db.owner.query('select count(*)::int as n from billing.remittance where tenant_id = $1', [tenantId])).rows[0].n >= 2, 'both 835s stored');

  const paid = await claim(ids.paid);
  expect(paid).toMatchObject({ status: 'PAID', chargeAmount: '100.00', paidAmount: '100.00', patientResponsibility: '0.00', balance: '0.00', denialCategory: null });
  expect(paid.payments).toEqual([expect.objectContaining({ amount: '100.00', traceNumber: expect.stringMatching(/^SBX\d+/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/) })]);
  // The 835 may be retrieved before the 277CA is applied (separate queues): ACCEPTED is then skipped.
  expect(paid.history.map((h: { status: string }) => h.status).filter((s: string) => s !== 'ACCEPTED')).toEqual(['BUILT', 'SUBMITTED', 'PAID']);

  const contractual = await claim(ids.contractual);
  expect(contractual).toMatchObject({ status: 'PAID', chargeAmount: '101.00', paidAmount: '80.80', balance: '0.00' });
  expect(contractual.adjustments).toEqual([{ level: 'LINE', lineNumber: 1, group: 'CO', reason: '45', amount: '20.20', remarks: [] }]);

  const deductible = await claim(ids.deductible);
  expect(deductible).toMatchObject({ status: 'PAID', paidAmount: '31.60', patientResponsibility: '50.00', balance: '0.00' });
  expect(deductible.adjustments.map((a: { group: string; reason: string }) => `${a.group}-${a.reason}`)).toEqual(['CO-45', 'PR-1']);

  const denied = await claim(ids.denied);
  expect(denied).toMatchObject({ status: 'DENIED', paidAmount: '0.00', denialCategory: 'MISSING_INFORMATION', balance: '0.00' });
  expect(denied.adjustments).toEqual([{ level: 'LINE', lineNumber: 1, group: 'CO', reason: '16', amount: '103.00', remarks: ['M51'] }]);

  // The claim paid late carries PLB interest on its remittance; the unknown claim is queued, never guessed.
  const remittances = (await db.owner.query("select id, status, reason, source from billing.remittance where tenant_id = $1 order by status", [tenantId])).rows;
  expect(remittances.map((r) => [r.status, r.source])).toEqual([['HELD', 'PARTNER'], ['POSTED', 'PARTNER']]);
  expect(remittances[0].reason).toMatch(/^unbalanced, nothing posted: /);
  const posted = (await service.rest('GET', `/remittances/${remittances[1].id}`, { token })).body;
  expect(posted.providerAdjustments).toEqual([expect.objectContaining({ reason: 'L6', amount: '-2.37' })]);
  expect(posted.unmatched).toEqual([expect.objectContaining({ patientControlNumber: `X${PCNS.unknown}`, status: 'OPEN' })]);
  expect((await claim(ids.unknown)).status).toBe('ACCEPTED');
  expect((await claim(ids.unbalanced)).status).toBe('ACCEPTED');
  expect((await claim(ids.interest)).status).toBe('PAID');

  // The dashboards show the live 835s without waiting for the nightly: the poll requested the refresh.
  const postedTotal = (await db.owner.query("select sum(payment_amount)::text as amount from billing.remittance where tenant_id = $1 and status = 'POSTED'", [tenantId])).rows[0].amount;
  // (The nightly's path: its cycle row is written once both view groups are refreshed.)
  await waitFor(async () => (await db.owner.query('select sum(payment_amount)::text as amount from reporting.mv_payment_by_payer_day where tenant_id = $1', [tenantId])).rows[0].amount === postedTotal
    && (await db.owner.query("select count(*)::int as n from ops.job_runner_cycle where tenant_id = $1 and task = 'claims/refresh-views'", [tenantId])).rows[0].n > 0,
    20_000, 'the payments dashboard refreshed after the poll');

  // Polling again: the cursor is past the file, nothing is posted twice.
  const cursor = Number((await db.owner.query('select billing_private.fn_remittance_cursor($1, id) as c from core.trading_partner where tenant_id = $1', [tenantId])).rows[0].c);
  expect(cursor).toBeGreaterThan(0);
  expect(partner.stats().remittanceFiles).toBe(1);
});

test('a denial corrected (frequency 7 + REF*F8) goes out in a pyx12-valid 837P; the payer reverses the denial and pays the correction', async () => {
  const item = (await db.owner.query("select id from billing.denial_work_item where tenant_id = $1 and claim_id = $2 and status = 'OPEN'", [tenantId, ids.denied])).rows[0];
  expect(item).toBeDefined();
  const bad = await service.rest('POST', `/denials/${item.id}/actions`, { token, body: { action: 'RESUBMIT' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual({ field: 'action' });
  // A day that is not on the calendar, and an amount sent as a list, are refused naming the field.
  const notADay = await service.rest('POST', `/denials/${item.id}/actions`, { token, body: { action: 'APPEAL', followUpBy: '2026-02-30', note: 'appeal sent' } });
  expect({ status: notADay.status, details: notADay.body.error.details }).toEqual({ status: 400, details: { field: 'followUpBy' } });
  const listAmount = await service.rest('POST', `/denials/${item.id}/actions`, { token, body: { action: 'WRITE_OFF', amount: [12.5], reason: 'small balance' } });
  expect({ status: listAmount.status, details: listAmount.body.error.details }).toEqual({ status: 400, details: { field: 'amount' } });
  expect((await db.owner.query('select count(*)::int as n from billing.denial_action where denial_work_item_id = $1', [item.id])).rows[0].n).toBe(0);
  const payerClaim = (await claim(ids.denied)).payerClaimControlNumber;
  const action = await service.rest('POST', `/denials/${item.id}/actions`, { token, body: { action: 'CORRECTED_CLAIM', note: 'referring provider added' } });
  expect(action.status).toBe(200);
  const rebuilt = await claim(ids.denied);
  expect(rebuilt).toMatchObject({ status: 'BUILT', frequencyCode: '7', payerClaimControlNumber: payerClaim });
  expect(rebuilt.history.at(-1)).toMatchObject({ status: 'BUILT', reason: expect.stringMatching(new RegExp(`^replacement claim \\(frequency 7, REF\\*F8 ${payerClaim}\\)`)) });

  const [submissionId] = await submit([ids.denied]);
  const x12 = await sentFile(submissionId);
  expect(x12).toMatch(new RegExp(`CLM\\*${PCNS.denied}\\*[0-9.]+\\*\\*\\*11:B:7\\*`));
  expect(x12).toContain(`REF*F8*${payerClaim}~`);
  expect(pyx12Validate(x12, 'corrected.837')).toMatchObject({ ok: true });

  await pollUntil(async () => (await claim(ids.denied)).status === 'PAID', 'the correction paid');
  const corrected = await claim(ids.denied);
  expect(corrected).toMatchObject({ paidAmount: '82.40', denialCategory: null, balance: '0.00' });
  expect(corrected.payments.map((p: { amount: string; claimStatusCode: string; reversed: boolean }) => [p.amount, p.claimStatusCode, p.reversed])).toEqual([
    ['0.00', '4', true], ['0.00', '22', false], ['82.40', '1', false],
  ]);
  // The 835 may be retrieved before a 277CA (separate queues), the original's as well as the
  // replacement's (as in the first test): a 277CA's ACCEPTED is optional, nothing else is.
  const statuses = corrected.history.filter((h: { status: string; reason: string | null }) => !(h.status === 'ACCEPTED' && (h.reason ?? '').startsWith('277CA'))).map((h: { status: string }) => h.status);
  expect(statuses).toEqual(['BUILT', 'SUBMITTED', 'DENIED', 'DENIED', 'BUILT', 'SUBMITTED', 'PAID']);
});

test('a void (frequency 8) goes out pyx12-valid and the payer reversal makes the claim VOIDED', async () => {
  const refused = await service.rest('POST', `/claims/${ids.unknown}/void`, { token, body: {} });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toMatch(/is ACCEPTED; only a claim the payer adjudicated/);

  // GraphQL voidClaim is the same function.
  const viaGraphql = await service.graphql(token, 'mutation($id: UUID!) { voidClaim(input: { claimId: $id }) { result { rowId } } }', { id: ids.unknown });
  expect(viaGraphql.errors?.[0]?.message).toMatch(/is ACCEPTED; only a claim the payer adjudicated/);

  const voided = await service.rest('POST', `/claims/${ids.contractual}/void`, { token, body: { note: 'billed in error' } });
  expect(voided.status).toBe(200);
  expect(voided.body).toMatchObject({ status: 'BUILT', frequencyCode: '8' });
  const voidPayerClaim = voided.body.payerClaimControlNumber;
  expect((await claim(ids.contractual)).history.at(-1)).toMatchObject({ status: 'BUILT', reason: `void (frequency 8, REF*F8 ${voidPayerClaim}): billed in error` });
  const [submissionId] = await submit([ids.contractual]);
  const x12 = await sentFile(submissionId);
  expect(x12).toMatch(/:B:8\*/);
  expect(pyx12Validate(x12, 'void.837')).toMatchObject({ ok: true });
  await pollUntil(async () => (await claim(ids.contractual)).status === 'VOIDED', 'the void reversed');
  const after = await claim(ids.contractual);
  expect(after.paidAmount).toBe('0.00');
  expect(after.balance).toBe('0.00');
  expect(after.payments.map((p: { amount: string }) => p.amount)).toEqual(['80.80', '-80.80']);
});

test('bill the secondary coverage: a new claim to the priority 2 payer, SBR01 S, pyx12-valid; only once', async () => {
  const primary = (await db.owner.query('select member_id, coverage_policy_id, payer_id from billing.claim where id = $1', [ids.deductible])).rows[0];
  const other = (await db.owner.query('select id from core.payer where tenant_id = $1 and id <> $2 order by code limit 1', [tenantId, primary.payer_id])).rows[0];
  await db.owner.query(
    `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, effective_from, priority)
     values ($1, $2, $3, 'SEC0001', 'G2', 'Secondary plan', date '2020-01-01', 2)`, [tenantId, primary.member_id, other.id]);
  const billed = await service.rest('POST', `/claims/${ids.deductible}/bill-secondary`, { token, body: {} });
  expect(billed.status).toBe(200);
  expect(billed.body).toMatchObject({ status: 'BUILT', frequencyCode: '1', primaryClaimId: ids.deductible, chargeAmount: '102.00' });
  const again = await service.rest('POST', `/claims/${ids.deductible}/bill-secondary`, { token, body: {} });
  expect(again.status).toBe(409);

  const [submissionId] = await submit([billed.body.claimId]);
  const x12 = await sentFile(submissionId);
  expect(x12).toMatch(/SBR\*S\*18\*G2\*/);
  expect(pyx12Validate(x12, 'secondary.837')).toMatchObject({ ok: true });
  // The COB loops carry what the sandbox payer's 835 said about the primary claim.
  const primaryClaim = await claim(ids.deductible);
  const [cob] = (parseX12(x12).transactions[0] as Transaction837).claims[0]!.otherPayers;
  expect(cob).toMatchObject({ payerResponsibility: 'P', paidAmount: primaryClaim.paidAmount, remainingPatientLiability: primaryClaim.patientResponsibility });
  expect(cob!.paidAmount).not.toBe('0.00');
  // The sandbox partner takes it: its 277CA accepts the secondary claim.
  await pollUntil(async () => ['ACCEPTED', 'PAID', 'DENIED'].includes((await claim(billed.body.claimId)).status), 'the secondary claim accepted');
  const secondary = await claim(billed.body.claimId);
  expect(secondary.primaryClaimId).toBe(ids.deductible);
});

test('another tenant sees none of it: its token gets 404 for these claims and the denial items', async () => {
  const otherTenant = await readyTenant(db, 'remitpoll-other');
  const otherToken = await service.token(otherTenant, ['claims.read', 'claims.write']);
  expect((await service.rest('GET', `/claims/${ids.paid}`, { token: otherToken })).status).toBe(404);
  expect((await service.rest('POST', `/claims/${ids.paid}/void`, { token: otherToken, body: {} })).status).toBe(404);
  const item = (await db.owner.query('select id from billing.denial_work_item where tenant_id = $1 limit 1', [tenantId])).rows[0];
  expect((await service.rest('POST', `/denials/${item.id}/actions`, { token: otherToken, body: { action: 'WRITE_OFF', amount: '1.00', reason: 'x' } })).status).toBe(404);
});
