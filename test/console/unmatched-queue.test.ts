// End to end in headless Chromium against the real service and database: an 835 names claims that
// are not ours (a payer typo, another practice's patient, one the payer must correct). The operator
// works the unmatched queue in the console: assigns, tries a wrong claim (refused, nothing posted),
// matches the typo to our claim (posted to it), resolves the others with a note; a reader cannot act.
import { startConsoleHarness, waitUntil, type ConsoleHarness } from './console-harness.ts';
import { submittedClaim, type SubmittedClaim } from '../remittances/fixtures.ts';
import { build835 } from '../../x12/build-835.ts';
import { adjudicate } from '../../x12/sandbox-835-scenarios.ts';

let harness: ConsoleHarness;
let ours: SubmittedClaim;
const TYPO = 'E2E-TYPO-1';

const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await harness.db.owner.query<T>(sql, [harness.tenantId, ...params])).rows;
const unmatched = async (pcn: string) => (await rows<{ status: string; resolution: string | null; assigned_to: string | null; resolution_note: string | null; resolved_claim_id: string | null }>(
  'select status, resolution, assigned_to, resolution_note, resolved_claim_id from billing.unmatched_remittance_claim where tenant_id = $1 and patient_control_number = $2', [pcn]))[0];

beforeAll(async () => {
  harness = await startConsoleHarness({ slug: 'e2e-unmatched' });
  // The demo seed's 835s may leave unmatched claims of their own: resolved here, so that the queue
  // holds this file's claims only.
  await harness.db.owner.query(
    "update billing.unmatched_remittance_claim set status = 'RESOLVED', resolution = 'NOT_OURS', resolved_at = now(), resolution_note = 'cleared for the e2e test', resolved_by = 'test' where tenant_id = $1 and status = 'OPEN'",
    [harness.tenantId]);
  ours = await submittedClaim(harness.db, harness.tenantId, [120, 80]);
  const [payer] = await rows<{ name: string; payer_identifier: string | null }>(
    'select p.name, p.payer_identifier from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.tenant_id = $1 and c.id = $2', [ours.claimId]);
  const lines = await rows<{ procedure_code: string; amount: string; service_date: string }>(
    "select procedure_code, amount::text, to_char(service_date, 'YYYY-MM-DD') as service_date from billing.claim_line where tenant_id = $1 and claim_id = $2 order by line_number", [ours.claimId]);
  const patient = { lastName: 'DOE', firstName: 'PAT', middleName: null, idQualifier: 'MI' as const, id: 'M1' };
  const x12 = build835({
    sender: { qualifier: 'ZZ', id: 'SANDBOXPAYER' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' }, interchangeControlNumber: 7101, groupControlNumber: 7101, usage: 'T',
    remittances: [{
      controlNumber: 1,
      payment: { method: 'CHK', date: '2026-12-03', traceNumber: 'CHK-E2E-UNMATCHED', payerIdentifier: '1999999999' },
      payer: { name: payer.name, id: payer.payer_identifier ?? undefined, address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
      payee: { name: 'DEMO CLINIC', npi: '1234567893' },
      claims: [
        // Our claim, with the payer's typo in CLP01 and no payer claim number we know.
        adjudicate({ patientControlNumber: TYPO, payerClaimControlNumber: 'ICN-E2E-TYPO', patient, lines: lines.map((l) => ({ procedure: l.procedure_code, chargeAmount: l.amount, serviceDate: l.service_date })) }, 'coinsurance'),
        adjudicate({ patientControlNumber: 'E2E-OTHER-PRACTICE', payerClaimControlNumber: 'ICN-E2E-OTHER', patient: { ...patient, lastName: 'ROE' }, lines: [{ procedure: '99213', chargeAmount: '40.00', serviceDate: '2026-11-20' }] }, 'paid'),
        adjudicate({ patientControlNumber: 'E2E-SEND-BACK', payerClaimControlNumber: 'ICN-E2E-BACK', patient: { ...patient, lastName: 'POE' }, lines: [{ procedure: '99214', chargeAmount: '65.00', serviceDate: '2026-11-21' }] }, 'paid'),
      ],
    }],
  });
  const posted = await harness.service.rest('POST', '/remittances', { token: await harness.service.token(harness.tenantId, ['claims.write']), rawBody: x12, contentType: 'application/edi-x12' });
  expect(posted.body.remittances).toEqual([expect.objectContaining({ status: 'POSTED', claimsPosted: 0, claimsUnmatched: 3 })]);
});
afterAll(async () => {
  await harness?.stop();
});

test('Unmatched queue: grouped by payer; assign; a wrong claim is refused with nothing posted; matched to our claim it posts; not ours and sent back resolve with a note; a reader cannot act', async () => {
  const page = await harness.open(['claims.read', 'claims.write']);
  await page.goto(`${harness.service.url}/remittances`);
  await page.getByRole('tab', { name: 'Unmatched claims' }).click();
  await page.waitForURL(/\/remittances\?tab=unmatched$/);
  const group = page.getByTestId('unmatched-group');
  await group.first().waitFor();
  expect(await group.count()).toBe(1);
  expect(await group.innerText()).toContain('3 open · 3 unassigned');
  expect(await page.getByTestId(`unmatched-${TYPO}`).innerText()).toContain('DOE, PAT');

  await page.getByRole('button', { name: `Assign ${TYPO}` }).click();
  await page.getByLabel('Assignee').fill('poster.kim');
  await page.getByRole('dialog').getByRole('button', { name: 'Assign' }).click();
  await waitUntil(() => page.getByTestId(`unmatched-${TYPO}`).innerText(), (t) => t.includes('poster.kim'), 'the item to show its assignee');
  expect((await unmatched(TYPO)).assigned_to).toBe('poster.kim');

  // A claim of another charge: refused in the dialog, nothing posted.
  const other = await submittedClaim(harness.db, harness.tenantId, [33]);
  await page.getByRole('button', { name: `Match ${TYPO}` }).click();
  await page.getByRole('textbox', { name: 'Patient control number' }).fill(other.pcn);
  await page.getByRole('button', { name: 'Match and post' }).click();
  const refusal = page.getByRole('dialog').getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain(`Claim ${other.pcn} charged 33.00, but this CLP's charge (CLP03) is 200.00: not the same claim`);
  expect(await rows('select 1 from billing.claim_payment where tenant_id = $1 and claim_id = any($2)', [[ours.claimId, other.claimId]])).toEqual([]);

  // Our claim: posted to it as the 835 would have.
  await page.getByRole('textbox', { name: 'Patient control number' }).fill(ours.pcn);
  await page.getByLabel('Note').fill('payer keyed the wrong PCN; charge, dates and lines match');
  await page.getByRole('button', { name: 'Match and post' }).click();
  await waitUntil(() => page.getByTestId(`unmatched-${TYPO}`).count(), (n) => n === 0, 'the matched claim to leave the queue');
  expect(await unmatched(TYPO)).toMatchObject({ status: 'RESOLVED', resolution: 'MATCHED', resolved_claim_id: ours.claimId, resolution_note: 'payer keyed the wrong PCN; charge, dates and lines match' });
  const [claim] = await rows<{ status: string; paid_amount: string; balance: string }>('select status, paid_amount::text, balance::text from billing.claim where tenant_id = $1 and id = $2', [ours.claimId]);
  expect(claim.status).toBe('PAID');
  expect(Number(claim.paid_amount)).toBeGreaterThan(0);
  expect(claim.balance).toBe('0.00');

  await page.getByRole('button', { name: 'Resolve E2E-OTHER-PRACTICE' }).click();
  await page.getByRole('menuitem', { name: 'Not ours' }).click();
  await page.getByLabel('Resolution note').fill("another practice's patient; payer told by phone, ref 5531");
  await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
  await waitUntil(() => page.getByTestId('unmatched-E2E-OTHER-PRACTICE').count(), (n) => n === 0, 'the not-ours claim to leave the queue');
  expect(await unmatched('E2E-OTHER-PRACTICE')).toMatchObject({ status: 'RESOLVED', resolution: 'NOT_OURS', resolved_claim_id: null });

  // A reader sees the queue but cannot act on it.
  const reader = await harness.open(['claims.read']);
  await reader.goto(`${harness.service.url}/remittances?tab=unmatched`);
  const match = reader.getByRole('button', { name: 'Match E2E-SEND-BACK' });
  await match.waitFor();
  expect(await match.getAttribute('aria-disabled')).toBe('true');
  expect(await reader.getByRole('button', { name: 'Resolve E2E-SEND-BACK' }).getAttribute('aria-disabled')).toBe('true');

  await page.getByRole('button', { name: 'Resolve E2E-SEND-BACK' }).click();
  await page.getByRole('menuitem', { name: 'Sent back to the payer' }).click();
  await page.getByLabel('Resolution note').fill('returned to the payer: not our NPI on the claim');
  await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
  await page.getByText('No unmatched claims').waitFor();
  expect(await unmatched('E2E-SEND-BACK')).toMatchObject({ status: 'RESOLVED', resolution: 'SENT_BACK' });

  // The remittance's detail shows what became of each, the matched one linked to our claim.
  const [remit] = await rows<{ id: string; claims_posted: number; claims_unmatched: number }>("select id, claims_posted, claims_unmatched from billing.remittance where tenant_id = $1 and trace_number = 'CHK-E2E-UNMATCHED'");
  expect(remit).toMatchObject({ claims_posted: 1, claims_unmatched: 2 });
  await page.goto(`${harness.service.url}/remittances/${remit.id}`);
  await page.getByTestId('unmatched-claim').first().waitFor();
  const detail = await page.getByTestId('unmatched-claim').allInnerTexts();
  expect(detail).toHaveLength(3);
  expect(detail[0]).toContain('MATCHED');
  expect(detail[0]).toContain(ours.pcn);
  expect(detail[1]).toContain('NOT_OURS');
  expect(detail[2]).toContain('SENT_BACK');
  // The matched CLP is now one of the remittance's claim payments too.
  await page.getByTestId(`remittance-claim-${ours.pcn}`).waitFor();
  await page.getByRole('table', { name: 'Unmatched claims' }).getByRole('link', { name: ours.pcn }).click();
  await page.waitForURL(new RegExp(`/claims/${ours.claimId}$`));
  expect(await page.getByTestId('claim-status').innerText()).toBe('PAID');
});
