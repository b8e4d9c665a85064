// End to end in headless Chromium against the real service and database: an operator posts 835
// files in the console (the same route and SQL function partners use), reads a held remittance's
// failed equation, a claim's EOB, works the denial queue, and sees the dashboards from the posted data.
import type { Page } from 'playwright-core';
import { startConsoleHarness, waitUntil, type ConsoleHarness } from './console-harness.ts';
import { submittedClaim, type SubmittedClaim } from '../remittances/fixtures.ts';
import { build835, type Remittance835Input } from '../../x12/build-835.ts';
import { adjudicate, type Scenario835 } from '../../x12/sandbox-835-scenarios.ts';

let harness: ConsoleHarness;
const claims: Record<string, SubmittedClaim> = {};
let balancedFile = '';
let unbalancedFile = '';
const SCENARIOS: Scenario835[] = ['coinsurance', 'denied-authorization', 'denied-authorization', 'denied-missing-info'];

const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await harness.db.owner.query<T>(sql, [harness.tenantId, ...params])).rows;

/** One 835 file adjudicating our claims as `scenarios` say, plus a claim that is not ours and PLB interest. */
async function file835(trace: string, interchange: number, scenarios: Scenario835[], amount?: string): Promise<string> {
  const [payer] = await rows<{ name: string; payer_identifier: string | null }>(
    'select p.name, p.payer_identifier from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.tenant_id = $1 and c.id = $2', [claims.coinsurance.claimId]);
  const adjudicated = [];
  for (const [i, scenario] of scenarios.entries()) {
    const claim = claims[`${scenario}-${i}`] ?? claims[scenario];
    const lines = await rows<{ procedure_code: string; amount: string; service_date: string }>(
      "select procedure_code, amount::text, to_char(service_date, 'YYYY-MM-DD') as service_date from billing.claim_line where tenant_id = $1 and claim_id = $2 order by line_number", [claim.claimId]);
    adjudicated.push(adjudicate({
      patientControlNumber: claim.pcn, payerClaimControlNumber: `ICN-${claim.pcn}`,
      patient: { lastName: 'DOE', firstName: 'PAT', middleName: null, idQualifier: 'MI', id: 'M1' },
      lines: lines.map((l) => ({ procedure: l.procedure_code, chargeAmount: l.amount, serviceDate: l.service_date })),
    }, scenario));
  }
  adjudicated.push(adjudicate({ patientControlNumber: 'NOT-OURS-1', payerClaimControlNumber: 'ICN-X', patient: { lastName: 'ROE', firstName: 'RAY', middleName: null, idQualifier: 'MI', id: 'X1' }, lines: [{ procedure: '99213', chargeAmount: '40.00', serviceDate: '2026-11-20' }] }, 'paid'));
  const remittance: Remittance835Input = {
    controlNumber: 1,
    payment: { method: 'ACH', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1999999999', ...(amount ? { amount } : {}) },
    payer: { name: payer.name, id: payer.payer_identifier ?? undefined, address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    payee: { name: 'DEMO CLINIC', npi: '1234567893' },
    claims: adjudicated,
    providerAdjustments: [{ reason: 'L6', reference: 'INTEREST', amount: '-2.50' }],
  };
  return build835({ sender: { qualifier: 'ZZ', id: 'SANDBOXPAYER' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' }, interchangeControlNumber: interchange, groupControlNumber: interchange, usage: 'T', remittances: [remittance] });
}

beforeAll(async () => {
  harness = await startConsoleHarness({ slug: 'e2e-remittances' });
  // The demo seed works its own denials but may leave some open (its outcomes follow the generated
  // data): resolved here, so that the queue holds this file's denials only.
  await harness.db.owner.query(
    "update billing.denial_work_item set status = 'RESOLVED', resolved_at = now(), resolution_note = 'cleared for the e2e test', resolved_by = 'test' where tenant_id = $1 and status = 'OPEN'",
    [harness.tenantId]);
  claims.coinsurance = await submittedClaim(harness.db, harness.tenantId, [120, 80]);
  claims['denied-authorization-1'] = await submittedClaim(harness.db, harness.tenantId, [90]);
  claims['denied-authorization-2'] = await submittedClaim(harness.db, harness.tenantId, [60]);
  claims['denied-missing-info'] = await submittedClaim(harness.db, harness.tenantId, [45]);
  balancedFile = await file835('EFT-E2E-1', 7001, SCENARIOS);
  unbalancedFile = await file835('EFT-E2E-BAD', 7002, ['coinsurance'], '1.00');
});
afterAll(async () => {
  await harness?.stop();
});

async function upload(page: Page, name: string, x12: string): Promise<string> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/edi-x12', buffer: Buffer.from(x12) });
  await page.getByRole('button', { name: 'Post remittance' }).click();
  await Promise.race([page.getByTestId('upload-result').waitFor(), page.getByRole('alert').filter({ hasText: 'Not posted' }).waitFor()]);
  return (await page.getByTestId('upload-result').count()) ? page.getByTestId('upload-result').innerText() : page.getByRole('alert').filter({ hasText: 'Not posted' }).innerText();
}

test('Remittances: an uploaded 835 is posted (claims, unmatched, PLB); an unbalanced one is held with the failed equation; a second delivery is a duplicate; a non-835 is refused; a reader cannot post', async () => {
  const page = await harness.open(['claims.read', 'claims.write']);
  await page.goto(`${harness.service.url}/remittances`);
  const posted = await upload(page, 'era-1.835', balancedFile);
  expect(posted).toContain('POSTED');
  const [remit] = await rows<{ id: string; status: string; source: string; claims_posted: number; claims_unmatched: number; payment_amount: string }>(
    "select id, status, source, claims_posted, claims_unmatched, payment_amount::text from billing.remittance where tenant_id = $1 and trace_number = 'EFT-E2E-1'");
  expect(remit).toMatchObject({ status: 'POSTED', source: 'CONSOLE', claims_posted: 4, claims_unmatched: 1 });
  const row = page.getByTestId('remittance-EFT-E2E-1');
  await waitUntil(() => row.innerText(), (t) => t.includes('4 posted · 1 unmatched') && t.includes('POSTED'), 'the posted remittance in the list');

  // Its detail: each claim with what the 835 did, the PLB interest with its meaning, the unmatched claim.
  await row.getByRole('link', { name: 'EFT-E2E-1' }).click();
  await page.waitForURL(new RegExp(`/remittances/${remit.id}$`));
  expect(await page.getByTestId('remittance-status').innerText()).toBe('POSTED');
  expect(await page.getByTestId(`remittance-claim-${claims['denied-authorization-1'].pcn}`).innerText()).toContain('AUTHORIZATION (CARC 197)');
  const plb = await page.getByTestId('provider-adjustment').innerText();
  const [interest] = await rows<{ description: string }>("select description from x12_code.provider_adjustment_reason where code = 'L6' and $1::uuid is not null");
  expect(plb).toContain('L6');
  expect(plb).toContain(interest.description);
  expect(plb).toContain('-$2.50');
  expect(await page.getByTestId('unmatched-claim').innerText()).toContain('NOT-OURS-1');

  // Held whole: the failed equation is shown and nothing of it is posted.
  await page.goto(`${harness.service.url}/remittances`);
  const held = await upload(page, 'era-bad.835', unbalancedFile);
  expect(held).toContain('HELD');
  await page.getByTestId('upload-result').getByRole('link', { name: 'Open' }).click();
  const equation = await page.getByTestId('held-reason').innerText();
  expect(equation).toMatch(/payment: sum of CLP04 [\d.]+ - sum of PLB -2\.50 = [\d.]+, but BPR02 is 1\.00/);
  const [heldRow] = await rows<{ posted: number }>("select count(p.*)::int as posted from billing.remittance r left join billing.claim_payment p on p.tenant_id = r.tenant_id and p.remittance_id = r.id where r.tenant_id = $1 and r.trace_number = 'EFT-E2E-BAD'");
  expect(heldRow.posted).toBe(0);

  // The same 835 again: already posted, nothing posted twice.
  await page.goto(`${harness.service.url}/remittances`);
  expect(await upload(page, 'era-1-again.835', balancedFile)).toContain('DUPLICATE');
  expect((await rows<{ n: number }>("select count(*)::int as n from billing.claim_payment p join billing.remittance r on r.tenant_id = p.tenant_id and r.id = p.remittance_id where p.tenant_id = $1 and r.trace_number = 'EFT-E2E-1'"))[0].n).toBe(4);

  // Not an 835: refused, nothing written.
  const before = (await rows<{ n: number }>('select count(*)::int as n from billing.remittance where tenant_id = $1'))[0].n;
  await page.goto(`${harness.service.url}/remittances`);
  expect(await upload(page, 'notes.txt', 'hello, this is not X12')).toMatch(/not an 835/);
  expect((await rows<{ n: number }>('select count(*)::int as n from billing.remittance where tenant_id = $1'))[0].n).toBe(before);

  // The status filter keeps only what was asked for.
  await page.getByLabel('Remittance status').getByText('HELD', { exact: true }).click();
  await page.getByTestId('remittance-EFT-E2E-BAD').waitFor();
  await waitUntil(() => page.getByTestId('remittance-EFT-E2E-1').count(), (n) => n === 0, 'the posted remittance to leave the HELD view');

  const reader = await harness.open(['claims.read']);
  await reader.goto(`${harness.service.url}/remittances`);
  await reader.getByText('Posting an 835 needs the claims.write permission, which your token does not carry.').waitFor();
  expect(await reader.getByRole('button', { name: 'Post remittance' }).isDisabled()).toBe(true);
  await reader.goto(`${harness.service.url}/remittances/00000000-0000-4000-8000-000000000000`);
  await reader.getByText('No such remittance in this tenant.').waitFor();

  // A token without claims.read is told so, rather than shown an empty list.
  const reports = await harness.open(['reports.read']);
  await reports.goto(`${harness.service.url}/remittances`);
  expect(await reports.getByTestId('needs-permission').innerText()).toContain('Reading remittances needs the claims.read permission, which your token does not carry.');
  expect(await reports.getByRole('button', { name: 'Post remittance' }).count()).toBe(0);
  await reports.goto(`${harness.service.url}/claims?tab=denials`);
  expect(await reports.getByTestId('needs-permission').innerText()).toContain('Reading the denial queue needs the claims.read permission');
});

test('Claim detail: the 835 shows as an EOB per service line (billed, allowed, paid, CAS with the CARC text, RARC remarks, patient share) with totals', async () => {
  const claim = claims.coinsurance;
  const lines = await rows<{ charge: string; allowed: string; paid: string }>(
    `select s.charge_amount::text as charge, s.allowed_amount::text as allowed, s.paid_amount::text as paid from billing.claim_service_payment s
     join billing.claim_payment p on p.tenant_id = s.tenant_id and p.id = s.claim_payment_id where p.tenant_id = $1 and p.claim_id = $2 order by s.line_number`, [claim.claimId]);
  expect(lines).toHaveLength(2);
  const [payment] = await rows<{ paid: string; patient: string; charge: string }>('select paid_amount::text as paid, patient_responsibility::text as patient, charge_amount::text as charge from billing.claim_payment where tenant_id = $1 and claim_id = $2', [claim.claimId]);
  const texts = Object.fromEntries((await rows<{ code: string; description: string }>("select code, description from x12_code.carc where code in ('45', '2', '197') and $1::uuid is not null")).map((r) => [r.code, r.description]));
  const money = (v: string) => Number(v).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

  const page = await harness.open(['claims.read']);
  await page.goto(`${harness.service.url}/claims/${claim.claimId}`);
  await page.getByTestId('eob').waitFor();
  const eobLines = await page.getByTestId('eob-line').allInnerTexts();
  expect(eobLines).toHaveLength(2);
  for (const [i, l] of lines.entries()) {
    expect(eobLines[i]).toContain(money(l.charge));
    expect(eobLines[i]).toContain(money(l.allowed));
    expect(eobLines[i]).toContain(money(l.paid));
    expect(eobLines[i]).toContain('CO-45');
    expect(eobLines[i]).toContain(texts['45']);
    expect(eobLines[i]).toContain('PR-2');
    expect(eobLines[i]).toContain(texts['2']);
  }
  const totals = await page.getByTestId('eob-totals').innerText();
  expect(totals).toContain(money(payment.charge));
  expect(totals).toContain(money(payment.paid));
  expect(totals).toContain(money(payment.patient));
  expect(await page.getByTestId('claim-status').innerText()).toBe('PAID');

  // A denial: the CARC with its text and the RARC remark with its text.
  const [m51] = await rows<{ description: string }>("select description from x12_code.rarc where code = 'M51' and $1::uuid is not null");
  await page.goto(`${harness.service.url}/claims/${claims['denied-missing-info'].claimId}`);
  await page.getByTestId('eob').waitFor();
  const denied = await page.getByTestId('eob').innerText();
  expect(denied).toContain('Denied');
  expect(denied).toContain('CO-16');
  expect(await page.getByTestId('eob-remark').first().innerText()).toBe(`M51 ${m51.description}`);
  expect(await page.getByTestId('claim-status').innerText()).toBe('DENIED');
});

test('Denial queue: one group per category, payer and CARC; assign, appeal with a follow-up date, corrected claim (sent again as frequency 7), write-off and resolve are saved; a reader cannot act', async () => {
  const groups = await rows<{ denial_category: string; reason_code: string; open_count: number }>(
    "select denial_category, reason_code, open_count from billing.denial_queue where tenant_id = $1 order by denial_category, reason_code");
  expect(groups.map((g) => [g.denial_category, g.reason_code, g.open_count])).toEqual([['AUTHORIZATION', '197', 2], ['MISSING_INFORMATION', '16', 1]]);
  const item = async (claim: SubmittedClaim) => (await rows<{ id: string; status: string; assigned_to: string | null }>('select id, status, assigned_to from billing.denial_work_item where tenant_id = $1 and claim_id = $2', [claim.claimId]))[0];
  const a = claims['denied-authorization-1'];
  const b = claims['denied-authorization-2'];
  const c = claims['denied-missing-info'];

  const page = await harness.open(['claims.read', 'claims.write']);
  await page.goto(`${harness.service.url}/claims?tab=denials`);
  await page.getByTestId('denial-group').first().waitFor();
  await expect(page.getByTestId('denial-group').count()).resolves.toBe(2);
  expect(await page.getByTestId('denial-group').first().innerText()).toContain('2 open');

  await page.getByRole('button', { name: `Assign ${a.pcn}` }).click();
  await page.getByLabel('Assignee').fill('biller.kim');
  await page.getByRole('dialog').getByRole('button', { name: 'Assign' }).click();
  await waitUntil(() => page.getByTestId(`denial-${a.pcn}`).innerText(), (t) => t.includes('biller.kim'), 'the denial to show its assignee');
  expect((await item(a)).assigned_to).toBe('biller.kim');

  // Appeal: the follow-up date is recorded; the item stays open.
  const followUp = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
  await page.getByRole('button', { name: `Act on ${a.pcn}` }).click();
  await page.getByRole('menuitem', { name: 'Appeal' }).click();
  await page.getByLabel('Follow up by').fill(followUp);
  await page.getByLabel('Note').fill('retro authorization obtained, appeal letter faxed');
  await page.getByRole('button', { name: 'Record appeal' }).click();
  await waitUntil(() => page.getByTestId(`denial-${a.pcn}`).getByTestId('denial-last-action').innerText(), (t) => t.startsWith('Appeal, follow up by'), 'the appeal as the last action');
  expect(await rows("select action, to_char(follow_up_by, 'YYYY-MM-DD') as follow_up_by, note from billing.denial_action where tenant_id = $1 and claim_id = $2", [a.claimId]))
    .toEqual([{ action: 'APPEAL', follow_up_by: followUp, note: 'retro authorization obtained, appeal letter faxed' }]);

  // Corrected claim: recorded through the same one mutation.
  await page.getByRole('button', { name: `Act on ${b.pcn}` }).click();
  await page.getByRole('menuitem', { name: 'Corrected claim' }).click();
  await page.getByLabel('Note').fill('authorization number added');
  await page.getByRole('button', { name: 'Record corrected claim' }).click();
  await waitUntil(() => rows<{ action: string }>('select action from billing.denial_action where tenant_id = $1 and claim_id = $2', [b.claimId]), (r) => r.length === 1 && r[0].action === 'CORRECTED_CLAIM', 'the corrected claim action');
  // Through the claims-out path: the claim waits BUILT as a replacement (frequency 7) for the next submission.
  expect(await rows('select status, frequency_code from billing.claim where tenant_id = $1 and id = $2', [b.claimId])).toEqual([{ status: 'BUILT', frequency_code: '7' }]);

  // Write-off of the denial as it came (the CO denial already took it off the balance): the whole
  // denied amount is recorded as written off and the item leaves the queue.
  await page.getByRole('button', { name: `Act on ${c.pcn}` }).click();
  await page.getByRole('menuitem', { name: 'Write off' }).click();
  await page.getByLabel('Write-off reason').fill('small balance');
  await page.getByRole('button', { name: 'Record write off' }).click();
  await waitUntil(() => page.getByTestId(`denial-${c.pcn}`).count(), (n) => n === 0, 'the written-off denial to leave the queue');
  expect(await item(c)).toMatchObject({ status: 'RESOLVED' });
  expect((await rows<{ balance: string }>('select balance::text from billing.claim where tenant_id = $1 and id = $2', [c.claimId]))[0].balance).toBe('0.00');
  expect(await rows('select a.amount = d.denied_amount as whole, a.reason from billing.denial_action a join billing.denial_work_item d on d.tenant_id = a.tenant_id and d.id = a.denial_work_item_id where a.tenant_id = $1 and a.claim_id = $2 and a.action = \'WRITE_OFF\'', [c.claimId]))
    .toEqual([{ whole: true, reason: 'small balance' }]);

  await page.getByRole('button', { name: `Resolve ${a.pcn}` }).click();
  await page.getByLabel('Resolution note').fill('appeal won, payment expected on the next 835');
  await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
  await waitUntil(() => page.getByTestId(`denial-${a.pcn}`).count(), (n) => n === 0, 'the resolved denial to leave the queue');
  expect(await rows('select status, resolution_note from billing.denial_work_item where tenant_id = $1 and claim_id = $2', [a.claimId]))
    .toEqual([{ status: 'RESOLVED', resolution_note: 'appeal won, payment expected on the next 835' }]);

  const reader = await harness.open(['claims.read']);
  await reader.goto(`${harness.service.url}/claims?tab=denials`);
  const act = reader.getByRole('button', { name: `Act on ${b.pcn}` });
  await act.waitFor();
  expect(await act.getAttribute('aria-disabled')).toBe('true');
  await reader.getByText('Working a denial needs the claims.write permission, which your token does not carry.').first().waitFor({ state: 'attached' });
});

test('Dashboards: denial rate, clean claim rate and payments come from the posted 835s once the views are refreshed', async () => {
  const page = await harness.open(['claims.read', 'reports.read', 'reports.write']);
  await page.goto(`${harness.service.url}/dashboards`);
  await page.getByRole('button', { name: 'Refresh views' }).click();
  await page.getByText('Reporting views refreshed.').waitFor();
  const [rate] = await rows<{ payer_code: string; denied_count: number; adjudicated_count: number }>(
    `select p.code as payer_code, m.denied_count, m.adjudicated_count from reporting.mv_denial_rate_by_category m join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id where m.tenant_id = $1 and m.denial_category = 'AUTHORIZATION'
       and m.payer_id = (select payer_id from billing.claim where tenant_id = $1 and id = $2)`, [claims['denied-authorization-1'].claimId]);
  // Our CO-197 denial still DENIED (the other went out again as a corrected claim), plus any the seed recorded by hand for the same payer.
  expect(rate.denied_count).toBeGreaterThanOrEqual(1);
  const denialRow = page.getByTestId(`denial-rate-${rate.payer_code}-AUTHORIZATION`);
  await waitUntil(() => denialRow.innerText(), (t) => t.includes(`${rate.denied_count}`) && t.includes(`${rate.adjudicated_count}`), 'the AUTHORIZATION denial rate');
  const [cleanRow] = await rows<{ submitted: number; denied: number }>(
    'select sum(submitted_count)::int as submitted, sum(denied_count)::int as denied from reporting.mv_clean_claim_rate m join core.payer p on p.tenant_id = m.tenant_id and p.id = m.payer_id where m.tenant_id = $1 and p.code = $2', [rate.payer_code]);
  expect(cleanRow.denied).toBeGreaterThan(0);
  // Waited for too: the notice shows before the page has re-read the views, and the denial row above
  // may already have shown its figures before the refresh (the refresh need not change them).
  await waitUntil(() => page.getByTestId(`clean-claim-${rate.payer_code}`).innerText(),
    (t) => [String(cleanRow.submitted), String(cleanRow.denied)].every((n) => t.split(/\s+/).includes(n)), 'the clean claim rate from the refreshed view');
  await page.getByRole('figure', { name: 'Payments received by day' }).getByText('No 835 has been posted yet.').waitFor({ state: 'detached' });
});
