// End to end in headless Chromium: sign-in, the tenant and permissions shown, a read-only user's
// disabled actions with the reason, and the trading partners admin page (list, create, edit).
import type { Page } from 'playwright-core';
import { startConsoleHarness, type ConsoleHarness } from './console-harness.ts';

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness({ slug: 'e2e-partners', demoTokenRoute: true });
});
afterAll(async () => {
  await harness?.stop();
});

async function partnerNames(page: Page): Promise<string[]> {
  return page.locator('table[aria-label="Trading partners"] tbody tr td:first-child').allInnerTexts();
}

test('sign in by pasting the token: lands on the sweeps page with the tenant named', async () => {
  const page = await harness.openSignedOut();
  await page.goto(`${harness.service.url}/admin/trading-partners`);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByLabel('Token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').getByText('Paste a token').waitFor();

  const token = await harness.service.token(harness.tenantId, 'all', { sub: 'pasting-operator' });
  await page.getByLabel('Token').fill(`export TOKEN=${token}`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/admin\/trading-partners$/);
  await page.getByRole('heading', { name: 'Trading partners' }).waitFor();
  await expect(page.getByLabel('Tenant').innerText()).resolves.toContain('Tenant e2e-partners');
  await page.getByRole('button', { name: /Signed in as pasting-operator; 9 permissions/ }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
});

test('a refused token shows why on the sign-in page', async () => {
  const page = await harness.openSignedOut();
  await page.goto(`${harness.service.url}/sign-in`);
  const expired = await harness.service.token(harness.tenantId, 'all', { expiresIn: -60 });
  await page.getByLabel('Token').fill(expired);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').getByText('token expired').waitFor();
});

test('development: "Use the demo token" signs in through GET /dev/demo-token', async () => {
  const page = await harness.openSignedOut();
  await page.goto(`${harness.service.url}/sign-in`);
  await page.getByRole('button', { name: 'Use the demo token' }).click();
  await page.waitForURL(/\/eligibility\?tab=sweeps$/);
  await page.getByRole('button', { name: /Signed in as demo-operator; 9 permissions/ }).waitFor();
});

test('a user without admin sees New trading partner disabled with the reason, and cannot save', async () => {
  const page = await harness.open(['eligibility.read', 'claims.read']);
  await page.goto(`${harness.service.url}/admin/trading-partners`);
  await page.getByText('Sandbox clearinghouse').waitFor();
  const create = page.getByRole('button', { name: /New trading partner/ });
  await expect(create.getAttribute('aria-disabled')).resolves.toBe('true');
  await expect(create.innerText()).resolves.toContain('New trading partner');
  await expect(page.locator(`#${await create.getAttribute('aria-describedby')}`).innerText()).resolves.toBe(
    'Adding a trading partner needs the admin permission, which your token does not carry.',
  );
  await create.click({ force: true });
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog').count()).resolves.toBe(0);
});

test('trading partners: create with a field error first, then edit', async () => {
  const page = await harness.open('all');
  await page.goto(`${harness.service.url}/admin/trading-partners`);
  await page.getByText('Sandbox clearinghouse').waitFor();
  await expect(partnerNames(page)).resolves.toEqual(['Sandbox clearinghouse']);

  await page.getByRole('button', { name: 'New trading partner' }).click();
  const dialog = page.getByRole('dialog', { name: 'New trading partner' });
  await dialog.getByLabel('Name').fill('Availity test gateway');
  await dialog.getByLabel('Endpoint URL').fill('ftp://gateway.example/core');
  await dialog.getByLabel('Sender ID').fill('RCMDEMO');
  await dialog.getByLabel('Receiver ID').fill('AVAILITY');
  await dialog.getByRole('button', { name: 'Create trading partner' }).click();
  await dialog.getByText('Endpoint URL must start with http:// or https://').waitFor();
  const rows = await harness.db.owner.query('select count(*)::int as n from core.trading_partner where tenant_id = $1', [harness.tenantId]);
  expect(rows.rows[0].n).toBe(1);

  await dialog.getByLabel('Endpoint URL').fill('https://gateway.example/core/realtime');
  await dialog.getByRole('button', { name: 'Create trading partner' }).click();
  await page.getByRole('row', { name: /Availity test gateway/ }).waitFor();
  await expect(partnerNames(page)).resolves.toEqual(['Availity test gateway', 'Sandbox clearinghouse']);

  await page.getByRole('button', { name: 'Edit Availity test gateway' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Availity test gateway' });
  await edit.getByLabel('Timeout (ms)').fill('45000');
  await edit.getByLabel('Answers 276 claim status requests').check();
  await edit.getByLabel('Ask a claim again after (days)').fill('7');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('row', { name: /timeout 45000 ms/ }).waitFor();
  await page.getByRole('row', { name: /276 claim status, every 7 d/ }).waitFor();
  const saved = await harness.db.owner.query('select timeout_ms, supports_276, claim_status_interval_days from core.trading_partner where tenant_id = $1 and name = $2', [harness.tenantId, 'Availity test gateway']);
  expect(saved.rows).toEqual([{ timeout_ms: 45000, supports_276: true, claim_status_interval_days: 7 }]);
});
