// End to end in headless Chromium against the real service, worker and database: upload a CSV,
// watch its batch finish, retry its errors; build claims with one invalid charge.
import type { Page } from 'playwright-core';
import { startConsoleHarness, waitUntil, type ConsoleHarness } from './console-harness.ts';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ slug: 'e2e-batches', jobs: true });
});
afterAll(async () => {
  await harness?.stop();
});

async function upload(page: Page, feed: string, fileName: string, csv: string): Promise<void> {
  await page.goto(`${harness.service.url}/batches`);
  await page.getByRole('combobox', { name: 'Feed' }).click();
  await page.getByRole('option', { name: new RegExp(`^${feed} `) }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Upload and start batch' }).click();
  await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
}

async function counter(page: Page, label: string): Promise<string> {
  return page.getByTestId('batch-counters').getByLabel(new RegExp(`^${label}:`)).innerText();
}

test('upload a CSV: the batch finishes with counters that tie out, its error rows say why, Retry requeues them and they succeed', async () => {
  const page = await harness.open('all');
  const events = [
    'EventId,MemberId,FacilityId,ServiceDate,Status,ServiceTypeCode',
    'EX000001,M0000001,MAIN,2026-12-01,SCHEDULED,30',
    'EX000002,M0000002,MAIN,2026-12-02,SCHEDULED,30',
    'EX000003,MZ000009,OPC,2026-12-03,SCHEDULED,30',
  ].join('\n');
  await upload(page, 'service_events', 'visits-december.csv', events);
  await page.getByRole('heading', { name: 'visits-december.csv' }).waitFor();
  await page.getByText('COMPLETED_WITH_ERRORS', { exact: true }).waitFor({ timeout: 30_000 });
  expect(await counter(page, 'Total')).toBe('3');
  expect(await counter(page, 'Success')).toBe('2');
  expect(await counter(page, 'Error')).toBe('1');
  const tieOuts = await page.getByTestId('tie-outs').innerText();
  expect(tieOuts).not.toContain('off');
  expect(tieOuts).toContain('total 3 = processed 3 + pending 0');
  const errorRow = page.getByTestId('error-row');
  // The error rows are a query of their own, made once the batch has loaded: wait for them as a person would.
  await waitUntil(() => errorRow.count(), (n) => n === 1, 'the one error row');
  expect(await errorRow.innerText()).toMatch(/MemberId: UNKNOWN_MEMBER \(MZ000009\)/);
  const batchUrl = page.url();

  // The member arrives through the members feed; the retried row then finds it.
  await upload(page, 'members', 'new-member.csv', 'MemberId,FirstName,LastName,DateOfBirth,Gender,State,PostalCode\nMZ000009,Zoe,Quinn,1988-04-12,F,NY,10009\n');
  await page.getByText('COMPLETED', { exact: true }).waitFor({ timeout: 30_000 });

  await page.goto(batchUrl);
  await page.getByRole('button', { name: 'Retry 1 error' }).click();
  await expect(page.getByTestId('retry-result').innerText()).resolves.toContain('1 record requeued');
  await page.getByText('COMPLETED', { exact: true }).waitFor({ timeout: 30_000 });
  await waitUntil(() => counter(page, 'Success'), (value) => value === '3', 'all three rows to succeed');
  expect(await counter(page, 'Error')).toBe('0');
  const visit = await harness.db.owner.query("select m.member_number from service.service_event e join member.member m on m.tenant_id = e.tenant_id and m.id = e.member_id where e.tenant_id = $1 and e.event_number = 'EX000003'", [harness.tenantId]);
  expect(visit.rows).toEqual([{ member_number: 'MZ000009' }]);
});

test('a reader cannot upload: the button is disabled and says which permission is missing', async () => {
  const page = await harness.open(['ingestion.read']);
  await page.goto(`${harness.service.url}/batches`);
  await page.getByText('Uploading a file needs the ingestion.update permission, which your token does not carry.').waitFor();
  await expect(page.getByRole('button', { name: 'Upload and start batch' }).isDisabled()).resolves.toBe(true);
});

test('Build claims with one invalid charge: nothing is built and the invalid charge shows why on its row', async () => {
  const charges = await harness.db.owner.query<{ charge_number: string; status: string }>(
    `(select charge_number, status from billing.charge where tenant_id = $1 and status = 'VALIDATED' order by charge_number limit 1)
     union all (select charge_number, status from billing.charge where tenant_id = $1 and status = 'INVALID' order by charge_number limit 1)`, [harness.tenantId]);
  const valid = charges.rows.find((c) => c.status === 'VALIDATED')!.charge_number;
  const invalid = charges.rows.find((c) => c.status === 'INVALID')!.charge_number;
  const page = await harness.open('all');
  await page.goto(`${harness.service.url}/claims?tab=charges`);
  await page.getByLabel('Charge status').getByText('All', { exact: true }).click();
  const search = page.getByLabel('Search');
  await search.fill(valid);
  await page.getByRole('checkbox', { name: `Select charge ${valid}` }).check();
  await search.fill(invalid);
  await page.getByRole('checkbox', { name: `Select charge ${invalid}` }).check();
  await page.getByRole('button', { name: 'Build claims (2)' }).click();
  await expect(page.getByTestId('build-result').innerText()).resolves.toContain('No claim was built');
  const inline = page.getByTestId(`charge-${invalid}`).getByTestId('build-error');
  await inline.waitFor();
  expect((await inline.innerText()).length).toBeGreaterThan(5);
  const untouched = await harness.db.owner.query('select status from billing.charge where tenant_id = $1 and charge_number = $2', [harness.tenantId, valid]);
  expect(untouched.rows).toEqual([{ status: 'VALIDATED' }]);

  await page.getByRole('checkbox', { name: `Select charge ${invalid}` }).uncheck();
  await page.getByRole('button', { name: 'Build claims (1)' }).click();
  await expect(page.getByTestId('build-result').innerText()).resolves.toMatch(/1 claim built/);
  const billed = await harness.db.owner.query('select count(*)::int as n from billing.claim_line l join billing.charge c on c.tenant_id = l.tenant_id and c.id = l.charge_id where c.tenant_id = $1 and c.charge_number = $2', [harness.tenantId, valid]);
  expect(billed.rows[0].n).toBe(1);
});
