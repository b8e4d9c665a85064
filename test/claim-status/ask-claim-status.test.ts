// Claim status follow-up of stale claims (issue 15, 276/277): askClaimStatus against the real
// sandbox partner over CORE real-time and a real Postgres. It asks about the right claims only,
// records the 277's STC with the code tables' texts in the claim's history, respects the partner
// flag, the interval between asks, the payer's in-flight limit, and records 5xx and timeouts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { askClaimStatus, build276For } from '../../server/claims/claim-status.ts';
import { clientsOfPool, dbOf } from '../../server/db/pooled-client.ts';
import { logger } from '../../server/log.ts';
import { partnerCredentialKey } from '../../server/partners/credential-key.ts';
import { PAYLOAD_TYPE_276, sendRealTime } from '../../x12/transport/core-client.ts';
import { claimStatusTenant, detectStale, expectedNote, statusNotes, submittedClaims } from './fixtures.ts';

let db: TestDatabase;
let partner: SandboxPartner;
const log = logger('claims');
const ask = (tenantId: string) => askClaimStatus(dbOf(clientsOfPool(db.owner)), tenantId, log);
const inquiries = async (claimId: string) => (await db.owner.query(
  'select status, http_status, error, statuses, paid_amount, note from billing.claim_status_inquiry where claim_id = $1 order by requested_at', [claimId])).rows;
const asked276 = () => Object.entries(partner.stats().byScenario).filter(([k]) => k.startsWith('276_')).reduce((n, [, v]) => n + v, 0);

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0, latencyMs: 40, slowMs: 5_000 });
});
afterAll(async () => {
  await partner?.close();
  await db?.drop();
});

test('a 276 goes for stale claims only; the 277 STC and its meaning land in the claim history; not asked again within the interval', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-right', partner.url);
  const stale = await submittedClaims(db, tenantId, 4, { daysAgo: 60, prefix: 'OLD' });
  const recent = await submittedClaims(db, tenantId, 1, { daysAgo: 3, prefix: 'NEW', skip: 4 });
  expect(await detectStale(db, tenantId)).toEqual({ flagged: 4, open: 4 });
  // A stale claim the payer has since accepted (its flag resolved by the 277CA path) is not asked about.
  await db.owner.query("update billing.stale_claim_flag set resolved_at = now(), resolution = 'payer responded: ACCEPTED' where claim_id = $1", [stale[3].claimId]);

  const before = asked276();
  const run = await ask(tenantId);
  expect(run).toMatchObject({ due: 3, answered: 3, failed: 0, waiting: 0 });
  expect(asked276() - before).toBe(3);
  for (const claim of stale.slice(0, 3)) {
    const charge = (await db.owner.query('select total_amount from billing.claim where id = $1', [claim.claimId])).rows[0].total_amount;
    expect(await statusNotes(db, claim.claimId)).toEqual([expectedNote(claim.pcn, charge)]);
    expect(await inquiries(claim.claimId)).toMatchObject([{ status: 'ANSWERED', http_status: 200, statuses: [{ category: expect.stringMatching(/^(P1|F1)$/), entity: null }] }]);
    // The claim stays SUBMITTED (the 835 moves it) and shows the note in GET /claims/:id's history.
    const { rows } = await db.owner.query("select c.status, (select h.to_status from billing.claim_status_history h where h.claim_id = c.id order by h.seq desc limit 1) as last from billing.claim c where c.id = $1", [claim.claimId]);
    expect(rows[0]).toEqual({ status: 'SUBMITTED', last: 'SUBMITTED' });
  }
  for (const claim of [stale[3], ...recent]) expect(await inquiries(claim.claimId)).toEqual([]);

  // Asked again only after the partner's claim_status_interval_days (14 by default).
  expect(await ask(tenantId)).toMatchObject({ due: 0 });
  await db.owner.query("update billing.claim_status_inquiry set finished_at = now() - interval '15 days', requested_at = now() - interval '15 days' where claim_id = $1", [stale[0].claimId]);
  expect(await ask(tenantId)).toMatchObject({ due: 1, answered: 1 });
  expect(await statusNotes(db, stale[0].claimId)).toHaveLength(2);
});

test('a partner that does not answer 276s is not asked; a claim the payer cannot find gets A4:35 in its history', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-flag', partner.url);
  const [notFound, other] = await submittedClaims(db, tenantId, 2, { prefix: 'F' });
  await db.owner.query("update member.coverage_policy set subscriber_id = 'NF' || subscriber_id where id = $1", [notFound.coverageId]);
  // The second claim's payer sends its claims through a partner without 276 support.
  const { rows } = await db.owner.query(
    `insert into core.trading_partner (tenant_id, name, endpoint_url, sender_id, receiver_id, supports_276)
     values ($1, 'No 276 clearinghouse', $2, 'RCMNO276', 'NO276', false) returning id`, [tenantId, partner.url]);
  await db.owner.query('select core_private.fn_store_trading_partner_credentials($1, $2, $3, $4, $5)', [tenantId, rows[0].id, 'sandbox', 'sandbox-secret', partnerCredentialKey()]);
  await db.owner.query('update core.payer set claims_trading_partner_id = $2 where id = (select payer_id from billing.claim where id = $1)', [other.claimId, rows[0].id]);
  const sameGateway = (await db.owner.query('select payer_id from billing.claim where id = any($1)', [[notFound.claimId, other.claimId]])).rows;
  expect(new Set(sameGateway.map((r) => r.payer_id)).size).toBe(2);
  await detectStale(db, tenantId);

  expect(await ask(tenantId)).toMatchObject({ due: 1, answered: 1 });
  expect(await statusNotes(db, notFound.claimId)).toEqual([expect.stringMatching(/^277 claim status: A4:35 Acknowledgement\/Not Found: Claim\/encounter not found\.; charge /)]);
  expect(await inquiries(other.claimId)).toEqual([]);
  // Switching the partner's flag on makes the claim due.
  await db.owner.query('update core.trading_partner set supports_276 = true where id = $1', [rows[0].id]);
  expect(await ask(tenantId)).toMatchObject({ due: 1, answered: 1 });
  expect(await inquiries(other.claimId)).toMatchObject([{ status: 'ANSWERED' }]);
});

test('a 5xx and a timeout are recorded FAILED (no history note) and asked again; a request left SENDING by a dead worker expires', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-fail', partner.url);
  await db.owner.query('update core.trading_partner set timeout_ms = 500 where tenant_id = $1', [tenantId]);
  const [err500, slow, fine] = await submittedClaims(db, tenantId, 3, { prefix: 'E' });
  await db.owner.query("update member.coverage_policy set subscriber_id = 'ERR500' || subscriber_id where id = $1", [err500.coverageId]);
  await db.owner.query("update member.coverage_policy set subscriber_id = 'SLOW' || subscriber_id where id = $1", [slow.coverageId]);
  await detectStale(db, tenantId);

  const run = await ask(tenantId);
  expect(run).toMatchObject({ due: 3, answered: 1, failed: 2, transientFailures: 2 });
  expect(await inquiries(err500.claimId)).toMatchObject([{ status: 'FAILED', http_status: 500, error: expect.stringMatching(/500/) }]);
  expect(await inquiries(slow.claimId)).toMatchObject([{ status: 'FAILED', http_status: null, error: expect.stringMatching(/time/i) }]);
  expect(await statusNotes(db, err500.claimId)).toEqual([]);
  expect(await statusNotes(db, slow.claimId)).toEqual([]);
  expect(await inquiries(fine.claimId)).toMatchObject([{ status: 'ANSWERED' }]);

  // The retry asks the failed ones again (not the answered one).
  expect(await ask(tenantId)).toMatchObject({ due: 2, failed: 2 });

  // A worker died with a 276 out: the SENDING row expires after the partner's timeout + 60 s, and the claim is asked again.
  await db.owner.query("update core.trading_partner set timeout_ms = 5000 where tenant_id = $1", [tenantId]);
  await db.owner.query("update member.coverage_policy set subscriber_id = substr(subscriber_id, 7) where id = $1", [err500.coverageId]);
  await db.owner.query(
    `insert into billing.claim_status_inquiry (tenant_id, claim_id, trading_partner_id, interchange_control_number, trace_number, requested_at)
     select tenant_id, id, (select id from core.trading_partner where tenant_id = $1), 1, 'lost', now() - interval '2 minutes' from billing.claim where id = $2`, [tenantId, err500.claimId]);
  const third = await ask(tenantId);
  expect(third).toMatchObject({ expired: 1, answered: 1 });
  expect((await inquiries(err500.claimId)).map((i) => i.status)).toEqual(['FAILED', 'FAILED', 'FAILED', 'ANSWERED']);
});

test('276s to a payer never exceed its max_in_flight, even with many stale claims', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-pace', partner.url);
  await db.owner.query('update core.payer set max_in_flight = 2 where tenant_id = $1', [tenantId]);
  const claims = await submittedClaims(db, tenantId, 10, { prefix: 'P' });
  await detectStale(db, tenantId);
  const slowPartner = await startSandboxPartner({ port: 0, latencyMs: 250 });
  try {
    await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1', [tenantId, slowPartner.url]);
    const run = await ask(tenantId);
    expect(run).toMatchObject({ due: 10, answered: 10 });
    const byPayer = slowPartner.stats().maxInFlightByPayer;
    const perPayer = new Map<string, number>();
    for (const c of claims) perPayer.set(c.payerIdentifier, (perPayer.get(c.payerIdentifier) ?? 0) + 1);
    for (const [payer, n] of perPayer) expect(byPayer[payer]).toBe(Math.min(n, 2));
    expect([...perPayer.values()].some((n) => n > 2)).toBe(true);
  } finally {
    await slowPartner.close();
  }
});

test('our 276 and the sandbox 277 are kept for pyx12', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-x12', partner.url);
  const [claim] = await submittedClaims(db, tenantId, 1, { prefix: 'X' });
  const { rows } = await db.owner.query('select * from billing_private.fn_claim_status_due($1, 1)', [tenantId]);
  expect(rows).toEqual([]);
  await detectStale(db, tenantId);
  const due = (await db.owner.query('select * from billing_private.fn_claim_status_due($1, 1)', [tenantId])).rows[0];
  expect(due.claim_id).toBe(claim.claimId);
  const x12 = build276For(due, { id: 'p', name: 'p', mode: 'realtime', endpointUrl: partner.url, senderQualifier: 'ZZ', senderId: 'RCMTEST', receiverQualifier: 'ZZ', receiverId: 'SANDBOXCH', usage: 'T', timeoutMs: 5000, username: 'sandbox', password: 'sandbox-secret' }, 123, `${claim.pcn}-123`);
  expect(x12).toContain(`REF*EJ*${claim.pcn}~`);
  expect(x12).toContain('ST*276*0123*005010X212~');
  fs.writeFileSync(path.join(os.tmpdir(), 'rcm-claim-status-sample.276'), x12);
  const answer = await sendRealTime({ url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMTEST', receiverId: 'SANDBOXCH', timeoutMs: 5000 }, x12, PAYLOAD_TYPE_276);
  expect(answer.payload).toContain('ST*277*');
  fs.writeFileSync(path.join(os.tmpdir(), 'rcm-claim-status-sample.277'), answer.payload);
});

test('the note names each STC with the code tables\' texts, the entity when given, and an unknown code as such; an inquiry is answered once', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-note', partner.url);
  const [claim] = await submittedClaims(db, tenantId, 1, { prefix: 'N' });
  const partnerId = (await db.owner.query('select id from core.trading_partner where tenant_id = $1', [tenantId])).rows[0].id;
  const start = async () => (await db.owner.query<{ id: string }>('select billing_private.fn_start_claim_status_inquiry($1, $2, $3, 7, $4) as id', [tenantId, claim.claimId, partnerId, 'T-7'])).rows[0].id;
  const record = (id: string, answer: object) => db.owner.query<{ note: string | null }>('select billing_private.fn_record_claim_status_answer($1, $2, $3) as note', [tenantId, id, JSON.stringify(answer)]).then((r) => r.rows[0].note);
  const id = await start();
  const note = await record(id, { statuses: [{ category: 'A7', code: '562', entity: '85' }, { category: 'P1', code: '99999', entity: null }], chargeAmount: '100.00', paidAmount: '0.00', httpStatus: 200 });
  expect(note).toBe("277 claim status: A7:562:85 Acknowledgement/Rejected for Invalid Information: Entity's National Provider Identifier (NPI) (Billing Provider); "
    + 'P1:99999 Pending/In Process: status code 99999; charge 100.00, paid 0.00');
  expect(await record(id, { statuses: [{ category: 'P1', code: '20' }] })).toBeNull();
  expect(await statusNotes(db, claim.claimId)).toEqual([note]);
  await expect(record(await start(), { statuses: [] })).rejects.toThrow(/at least one status/);
});

test('a payer whose breaker is open (shared with the 270s) gets no 276: its claims wait, others are asked', async () => {
  const tenantId = await claimStatusTenant(db, 'cs-breaker', partner.url);
  const claims = await submittedClaims(db, tenantId, 6, { prefix: 'B' });
  const payers = [...new Set(claims.map((c) => c.payerIdentifier))];
  expect(payers.length).toBeGreaterThan(1);
  const blocked = claims.filter((c) => c.payerIdentifier === payers[0]);
  await db.owner.query(
    `insert into payer_gate.gateway (gateway_key, state, opened_at, open_until) values (payer_gate.gateway_key($1, $2), 'OPEN', now(), now() + interval '1 minute')
     on conflict (gateway_key) do update set state = 'OPEN', opened_at = now(), open_until = now() + interval '1 minute'`, [partner.url, payers[0]]);
  await detectStale(db, tenantId);
  const run = await ask(tenantId);
  expect(run).toMatchObject({ due: 6, waiting: blocked.length, answered: 6 - blocked.length });
  for (const c of blocked) expect(await inquiries(c.claimId)).toEqual([]);
  // Once the cool-off is over, the next run (the job's retry) asks them.
  await db.owner.query("update payer_gate.gateway set open_until = now() - interval '1 second' where gateway_key = payer_gate.gateway_key($1, $2)", [partner.url, payers[0]]);
  expect(await ask(tenantId)).toMatchObject({ due: blocked.length, answered: blocked.length, waiting: 0 });
});
