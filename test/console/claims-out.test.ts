// End to end in headless Chromium against the real service and database: claims built, submitted
// (the real 837P writer), then a 999 and a 277CA applied through the same SQL as received files;
// the console shows the submission's outcome and file, a claim's detail and resubmission, and
// the rejection queue grouped by reason with assign and resolve.
import fs from 'node:fs';
import { startConsoleHarness, waitUntil, type ConsoleHarness } from './console-harness.ts';
import { builtClaims, submit } from '../claims-out/fixtures.ts';
import { activeMembers, asTenant } from '../claims/fixtures.ts';
import { render837 } from '../../server/claims/send-submission.ts';

let harness: ConsoleHarness;

/** Six claims in one submission: the 277CA accepts two and rejects four for three different reasons. */
async function submittedAndAcknowledged(): Promise<void> {
  const { db, tenantId } = harness;
  // Six members of one payer: one claim each, all to the same trading partner.
  const members = await activeMembers(db, tenantId);
  const payer = members.map((m) => m.payer_code).find((code) => members.filter((m) => m.payer_code === code).length >= 6);
  const chosen = members.filter((m) => m.payer_code === payer).slice(0, 6);
  const claimIds = await builtClaims(db, tenantId, chosen.map((m, i) => ({ number: `E2E-CO-${i}`, member: m.member_number })));
  if (claimIds.length !== 6) throw new Error(`expected 6 claims, built ${claimIds.length}`);
  const outcome = await submit(db, tenantId, claimIds);
  const [s] = outcome;
  if (s.error_code) throw new Error(s.error_message ?? s.error_code);
  const client = await db.owner.connect();
  try {
    const x12 = await render837(client, tenantId, s.submission_id!);
    await client.query('select billing_private.fn_store_submission_file($1, $2, $3)', [tenantId, s.submission_id, x12]);
    await client.query(`select billing_private.fn_mark_submission_sent($1, $2, '{"httpStatus": 200}')`, [tenantId, s.submission_id]);
  } finally {
    client.release();
  }
  const pcns = (await db.owner.query<{ pcn: string }>('select patient_control_number as pcn from billing.claim where id = any($1) order by id', [claimIds])).rows.map((r) => r.pcn);
  const receive = (kind: string, isa13: number, parsed: object) =>
    asTenant(db, tenantId, 'claims.write', 'select billing.fn_receive_claim_acknowledgment($1, $2, $3, $4) as result', [kind, 'ISA*...~', isa13, JSON.stringify({ interchangeSender: 'SANDBOXCH', ...parsed })]);
  await receive('999', 910001, { acknowledgedInterchange: Number(s.interchange_control_number), sets: [{ controlNumber: '0001', status: 'A', errors: [] }] });
  const statuses = [
    { category: 'A2', code: '20', entity: 'PR' }, { category: 'A7', code: '562', entity: '85' }, { category: 'A7', code: '33', entity: 'IL' },
    { category: 'A7', code: '33', entity: 'IL' }, { category: 'A6', code: '255', entity: null }, { category: 'A2', code: '20', entity: 'PR' },
  ];
  await receive('277CA', 910002, { claims: pcns.map((pcn, i) => ({ patientControlNumber: pcn, payerClaimControlNumber: statuses[i].category === 'A2' ? `PY${i}` : null, statuses: [statuses[i]] })) });
}

beforeAll(async () => {
  harness = await startConsoleHarness({ slug: 'e2e-claims-out' });
  await submittedAndAcknowledged();
});
afterAll(async () => {
  await harness?.stop();
});

const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await harness.db.owner.query<T>(sql, [harness.tenantId, ...params])).rows;

test('Submissions: each shows its partner, state and claims accepted/rejected as the acknowledgments said; the 837P downloads as sent', async () => {
  const [sub] = await rows<{ id: string; icn: string; partner: string; claim_count: number; x12: string; accepted: number; rejected: number }>(
    `select s.id, s.interchange_control_number::text as icn, p.name as partner, s.claim_count, s.x12,
            (select count(*)::int from billing.claim_acknowledgment a where a.submission_id = s.id and a.kind = '277CA' and a.status = 'ACCEPTED') as accepted,
            (select count(*)::int from billing.claim_acknowledgment a where a.submission_id = s.id and a.kind = '277CA' and a.status = 'REJECTED') as rejected
     from billing.claim_submission s join core.trading_partner p on p.tenant_id = s.tenant_id and p.id = s.trading_partner_id
     where s.tenant_id = $1 and s.status = 'ACKNOWLEDGED'
       and exists (select 1 from billing.claim_acknowledgment a where a.submission_id = s.id and a.kind = '277CA' and a.status = 'REJECTED')
     order by s.created_at limit 1`);
  expect(sub).toBeDefined();
  expect(sub.accepted).toBeGreaterThan(0);
  const page = await harness.open(['claims.read']);
  await page.goto(`${harness.service.url}/claims?tab=submissions`);
  const row = page.getByTestId(`submission-${sub.icn}`);
  await row.waitFor();
  const text = await row.innerText();
  expect(text).toContain(sub.partner);
  expect(text).toContain('ACKNOWLEDGED');
  expect(text).toContain(`${sub.accepted} accepted · ${sub.rejected} rejected`);
  expect(await row.getByLabel(/accepted, .* rejected, .* waiting/).getAttribute('aria-label')).toBe(`${sub.accepted} accepted, ${sub.rejected} rejected, ${sub.claim_count - sub.accepted - sub.rejected} waiting`);

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Download 837P ${sub.icn}` }).click()]);
  expect(download.suggestedFilename()).toBe(`837P-${sub.icn}.x12`);
  const file = fs.readFileSync(await download.path(), 'utf8');
  expect(file).toBe(sub.x12);
  expect(file.startsWith('ISA*')).toBe(true);

  // The state filter keeps only what was asked for.
  await page.getByLabel('Submission state').getByText('REJECTED', { exact: true }).click();
  await waitUntil(() => page.getByTestId(`submission-${sub.icn}`).count(), (n) => n === 0, 'the acknowledged submission to leave the REJECTED view');
});

test('Claim detail: status, amounts, history, submissions and the 277CA codes; Resubmit sends it back to BUILT', async () => {
  const [claim] = await rows<{ id: string; pcn: string; total: string; reason: string; history: number }>(
    `select c.id, c.patient_control_number as pcn, c.total_amount::text as total, c.rejection_reason as reason,
            (select count(*)::int from billing.claim_status_history h where h.claim_id = c.id) as history
     from billing.claim c where c.tenant_id = $1 and c.status = 'REJECTED' and c.rejection_reason like 'A7:562:85%' order by c.id limit 1`);
  expect(claim).toBeDefined();
  const page = await harness.open(['claims.read', 'claims.write']);
  await page.goto(`${harness.service.url}/claims?tab=claims`);
  await page.getByLabel('Claim status').getByText('REJECTED', { exact: true }).click();
  await page.getByRole('link', { name: claim.pcn }).click();
  await page.waitForURL(new RegExp(`/claims/${claim.id}$`));
  await page.getByRole('heading', { name: `Claim ${claim.pcn}` }).waitFor();
  expect(await page.getByTestId('claim-status').innerText()).toBe('REJECTED');
  expect(await page.getByTestId('claim-rejection').innerText()).toBe(claim.reason);
  const total = Number(claim.total).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
  await page.getByLabel(`Total: ${total}`).waitFor();
  await expect(page.getByTestId('history-row').count()).resolves.toBe(claim.history);
  await expect(page.getByTestId('claim-submission').count()).resolves.toBeGreaterThan(0);
  const acks = await page.getByTestId('acknowledgment-row').allInnerTexts();
  expect(acks.some((a) => a.includes('277CA') && a.includes('REJECTED') && a.includes('A7:562:85'))).toBe(true);

  await page.getByRole('button', { name: `Resubmit ${claim.pcn}` }).click();
  await page.getByLabel('What was fixed').fill('billing NPI corrected in the facility record');
  await page.getByRole('dialog').getByRole('button', { name: 'Resubmit' }).click();
  await waitUntil(() => page.getByTestId('claim-status').innerText(), (s) => s === 'BUILT', 'the claim to show BUILT');
  const [after] = await rows<{ status: string; frequency_code: string }>('select status, frequency_code from billing.claim where tenant_id = $1 and id = $2', [claim.id]);
  expect(after).toEqual({ status: 'BUILT', frequency_code: '1' });
  await expect(page.getByTestId('history-row').count()).resolves.toBe(claim.history + 1);
});

test('Rejection queue: one group per reason with its count; Assign and Resolve with a note are saved; a reader cannot act', async () => {
  const groups = await rows<{ reason_group: string; claim_count: number }>(
    `select reason_group, count(*)::int as claim_count from billing.claim_rejection where tenant_id = $1 and status <> 'RESOLVED' group by reason_group order by 2 desc, 1`);
  expect(groups.length).toBeGreaterThan(1);
  const page = await harness.open(['claims.read', 'claims.write']);
  await page.goto(`${harness.service.url}/claims?tab=rejections`);
  await page.getByTestId('rejection-group').first().waitFor();
  await expect(page.getByTestId('rejection-group').count()).resolves.toBe(groups.length);
  const first = page.getByLabel(`Reason ${groups[0].reason_group}`);
  expect(await first.innerText()).toContain(`${groups[0].claim_count} claims`);

  const items = await rows<{ id: string; pcn: string }>(
    `select r.id, c.patient_control_number as pcn from billing.claim_rejection r join billing.claim c on c.tenant_id = r.tenant_id and c.id = r.claim_id
     where r.tenant_id = $1 and r.status = 'OPEN' order by r.reason_group, r.id limit 2`);
  expect(items).toHaveLength(2);
  await page.getByRole('button', { name: `Assign ${items[0].pcn}` }).click();
  await page.getByLabel('Assignee').fill('biller.kim');
  await page.getByRole('dialog').getByRole('button', { name: 'Assign' }).click();
  await waitUntil(() => page.getByTestId(`rejection-${items[0].pcn}`).innerText(), (t) => t.includes('biller.kim') && t.includes('ASSIGNED'), 'the item to show its assignee');
  expect(await rows('select status, assigned_to from billing.claim_rejection where tenant_id = $1 and id = $2', [items[0].id])).toEqual([{ status: 'ASSIGNED', assigned_to: 'biller.kim' }]);

  await page.getByRole('button', { name: `Resolve ${items[1].pcn}` }).click();
  await page.getByLabel('Resolution note').fill('payer confirmed a duplicate; the original was paid');
  await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
  await waitUntil(() => page.getByTestId(`rejection-${items[1].pcn}`).count(), (n) => n === 0, 'the resolved item to leave the queue');
  expect(await rows('select status, resolution_note from billing.claim_rejection where tenant_id = $1 and id = $2', [items[1].id]))
    .toEqual([{ status: 'RESOLVED', resolution_note: 'payer confirmed a duplicate; the original was paid' }]);

  const reader = await harness.open(['claims.read']);
  await reader.goto(`${harness.service.url}/claims?tab=rejections`);
  const assign = reader.getByRole('button', { name: `Assign ${items[0].pcn}` });
  await assign.waitFor();
  expect(await assign.getAttribute('aria-disabled')).toBe('true');
  await reader.getByText('Assigning a rejection needs the claims.write permission, which your token does not carry.').first().waitFor({ state: 'attached' });
});
