// End to end in headless Chromium against the real service, worker, database and sandbox partner:
// the Schedules and Sweeps screens of the manual (6.4).
import type { Page } from 'playwright-core';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { startConsoleHarness, waitUntil, type ConsoleHarness } from './console-harness.ts';

let harness: ConsoleHarness;
let slowPartner: SandboxPartner;
let fastPartner: SandboxPartner;

beforeAll(async () => {
  slowPartner = await startSandboxPartner({ port: 0, latencyMs: 1500 });
  fastPartner = await startSandboxPartner({ port: 0, latencyMs: 20 });
  harness = await startConsoleHarness({ slug: 'e2e-sweeps', jobs: true, seed: { members: 400, events: 1200 } });
  await usePartner(fastPartner);
});
afterAll(async () => {
  await harness?.stop();
  await slowPartner?.close();
  await fastPartner?.close();
});

async function usePartner(partner: SandboxPartner): Promise<void> {
  await harness.db.owner.query('update core.trading_partner set endpoint_url = $2, timeout_ms = 5000 where tenant_id = $1', [harness.tenantId, partner.url]);
}

async function createSchedule(page: Page, name: string, cron: string, windowTo: number): Promise<void> {
  await page.goto(`${harness.service.url}/eligibility?tab=schedules`);
  await page.getByRole('button', { name: 'New schedule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New schedule' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Cron expression').fill(cron);
  await dialog.getByLabel('Window to (days)').fill(String(windowTo));
  await dialog.getByTestId('next-fire-times').waitFor();
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await page.getByTestId(`schedule-${name}`).waitFor();
}

/** Waits until the run detail page's header shows this status. */
async function runStatus(page: Page, status: string, timeoutMs = 15_000): Promise<void> {
  // The run in the address bar: right after a navigation the previous run's header may still be on screen.
  const runId = /runs\/([0-9a-f-]{36})/.exec(page.url())![1];
  await page.locator(`[data-testid="run-status"][data-run-id="${runId}"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}

async function firstFireTime(page: Page): Promise<string> {
  return page.getByTestId('next-fire-times').locator('li').first().innerText();
}

test('New schedule: the next fire time follows the expression as it is typed, and a wrong field is named', async () => {
  const page = await harness.open('all');
  await page.goto(`${harness.service.url}/eligibility?tab=schedules`);
  await page.getByRole('button', { name: 'New schedule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New schedule' });
  await dialog.getByLabel('Name').fill('Weekday pre-check');
  const expression = dialog.getByLabel('Cron expression');

  await expression.fill('0 2 * * *');
  await waitUntil(() => firstFireTime(page), (text) => text.includes('02:00 UTC'), 'a first fire time at 02:00 UTC');
  const atTwo = await firstFireTime(page);

  await expression.fill('30 4 * * *');
  await waitUntil(() => firstFireTime(page), (text) => text.includes('04:30 UTC'), 'a first fire time at 04:30 UTC');
  expect(await firstFireTime(page)).not.toBe(atTwo);

  await expression.fill('0 25 * * *');
  await dialog.getByText(/Hour field: value 25 is out of range 0-23/).waitFor();
  await expect(dialog.getByTestId('cron-field-hour').getAttribute('class')).resolves.toBeTruthy();
  await expect(dialog.getByTestId('next-fire-times').count()).resolves.toBe(0);
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  const before = await harness.db.owner.query("select count(*)::int as n from eligibility.sweep_schedule where tenant_id = $1 and name = 'Weekday pre-check'", [harness.tenantId]);
  expect(before.rows[0].n).toBe(0);

  await expression.fill('15 3 * * 1-5');
  await waitUntil(() => firstFireTime(page), (text) => text.includes('03:15 UTC'), 'a first fire time at 03:15 UTC');
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  const row = page.getByTestId('schedule-Weekday pre-check');
  await row.waitFor();
  await expect(row.innerText()).resolves.toContain('15 3 * * 1-5');
  const countdown = row.getByTestId('countdown');
  const first = await countdown.innerText();
  expect(first).toMatch(/^in /);
  await page.waitForTimeout(1200);
  expect(await countdown.innerText()).not.toBe(first);
  const saved = await harness.db.owner.query("select cron_expression, paused from eligibility.sweep_schedule where tenant_id = $1 and name = 'Weekday pre-check'", [harness.tenantId]);
  expect(saved.rows).toEqual([{ cron_expression: '15 3 * * 1-5', paused: false }]);
});

test('pause and resume a schedule from its row', async () => {
  const page = await harness.open('all');
  await createSchedule(page, 'Pausable', '0 6 * * *', 3);
  const row = page.getByTestId('schedule-Pausable');
  await row.getByRole('button', { name: 'Pause Pausable' }).click();
  await row.getByText('paused', { exact: true }).first().waitFor();
  const paused = await harness.db.owner.query("select paused from eligibility.sweep_schedule where tenant_id = $1 and name = 'Pausable'", [harness.tenantId]);
  expect(paused.rows).toEqual([{ paused: true }]);
  await row.getByRole('button', { name: 'Resume Pausable' }).click();
  await row.getByTestId('countdown').waitFor();
  const resumed = await harness.db.owner.query("select paused from eligibility.sweep_schedule where tenant_id = $1 and name = 'Pausable'", [harness.tenantId]);
  expect(resumed.rows).toEqual([{ paused: false }]);
});

test('Run now shows the run moving; Cancel sweep leaves queued members SKIPPED "Cancelled by operator"', async () => {
  await usePartner(slowPartner);
  try {
    const page = await harness.open('all');
    await createSchedule(page, 'Month ahead', '0 1 * * *', 30);
    await page.getByTestId('schedule-Month ahead').getByRole('button', { name: 'Run Month ahead now' }).click();
    await page.waitForURL(/\/eligibility\/runs\/[0-9a-f-]{36}$/);
    await runStatus(page, 'RUNNING', 30_000);
    const counters = page.getByTestId('run-counters');
    const start = await counters.innerText();
    await waitUntil(() => counters.innerText(), (text) => text !== start, 'the run counters to move', 30_000);

    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    await page.getByRole('dialog', { name: 'Cancel this sweep?' }).getByRole('button', { name: 'Cancel sweep' }).click();
    await runStatus(page, 'CANCELLED');
    await page.getByRole('dialog', { name: 'Cancel this sweep?' }).waitFor({ state: 'detached' });
    await waitUntil(() => page.getByRole('button', { name: 'Cancel sweep' }).count(), (n) => n === 0, 'Cancel sweep to go away');

    await page.getByRole('tab', { name: 'Exceptions' }).click();
    await page.waitForURL(/tab=exceptions/);
    await page.getByLabel('Filter by status').getByText('SKIPPED', { exact: true }).click();
    await page.getByLabel('Search').fill('cancelled');
    await page.getByRole('table', { name: 'Exceptions' }).getByText('Cancelled by operator').first().waitFor();
    const runId = page.url().match(/runs\/([0-9a-f-]{36})/)![1];
    const skipped = await harness.db.owner.query("select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and status = 'SKIPPED' and failure_reason = 'Cancelled by operator'", [runId]);
    expect(skipped.rows[0].n).toBeGreaterThan(0);
  } finally {
    await usePartner(fastPartner);
  }
});

test('wrong credentials fail the run; fixing them on /admin/trading-partners and Re-run failed clears those failures', async () => {
  const page = await harness.open('all');
  await page.goto(`${harness.service.url}/admin/trading-partners`);
  await setCredentials(page, 'sandbox', 'wrong-password');
  await page.getByRole('button', { name: 'Test connection of Sandbox clearinghouse' }).click();
  const result = page.getByTestId('connection-result');
  await result.getByText('Connection failed').waitFor();
  expect(await result.innerText()).toMatch(/Username\/password not valid/);
  await result.getByRole('button', { name: 'Close' }).click();
  await createSchedule(page, 'Credentials check', '0 3 * * *', 7);
  await page.getByTestId('schedule-Credentials check').getByRole('button', { name: 'Run Credentials check now' }).click();
  await page.waitForURL(/\/eligibility\/runs\/[0-9a-f-]{36}$/);
  await runStatus(page, 'COMPLETED', 30_000);
  await page.getByRole('tab', { name: 'Exceptions' }).click();
  await page.getByRole('table', { name: 'Exceptions' }).getByText(/Username\/password not valid/).first().waitFor();

  await page.goto(`${harness.service.url}/admin/trading-partners`);
  await setCredentials(page, 'sandbox', 'sandbox-secret');
  await page.getByRole('button', { name: 'Test connection of Sandbox clearinghouse' }).click();
  await page.getByTestId('connection-result').getByText('Connected', { exact: true }).waitFor();
  await page.goBack();
  await page.goBack();
  const firstRun = page.url();
  await page.getByRole('button', { name: /Re-run failed/ }).click();
  await page.waitForURL((url) => /\/eligibility\/runs\//.test(url.pathname) && url.href !== firstRun);
  await runStatus(page, 'COMPLETED', 30_000);
  const runId = page.url().match(/runs\/([0-9a-f-]{36})/)![1];
  const reasons = await harness.db.owner.query("select count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 and failure_reason like '%Username/password%'", [runId]);
  expect(reasons.rows[0].n).toBe(0);
  const outcomes = await harness.db.owner.query("select status, failure_reason, count(*)::int as n from eligibility.sweep_run_member where sweep_run_id = $1 group by 1, 2 order by 1, 2", [runId]);
  // Members answered from the 271 cache by earlier tests' runs are not in the re-run; every member
  // that is finished, and none of them on a credentials error.
  expect(outcomes.rows.length).toBeGreaterThan(0);
  expect(outcomes.rows.filter((r) => !['RECEIVED', 'FAILED', 'SKIPPED'].includes(r.status))).toEqual([]);
});

async function setCredentials(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Set credentials of Sandbox clearinghouse' }).click();
  const dialog = page.getByRole('dialog', { name: 'Credentials of Sandbox clearinghouse' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.getByRole('button', { name: 'Save credentials' }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('intake queue: assign a work item, then resolve it with a note', async () => {
  const page = await harness.open('all');
  await page.goto(`${harness.service.url}/eligibility?tab=intake`);
  const first = page.getByTestId('work-item').first();
  await first.waitFor();
  const member = (await first.locator('td').first().locator('p').first().innerText()).trim();
  await first.getByRole('button', { name: `Assign ${member}` }).click();
  const assign = page.getByRole('dialog', { name: 'Assign work item' });
  await assign.getByLabel('Assignee').fill('intake-desk-2');
  await assign.getByRole('button', { name: 'Assign' }).click();
  const row = page.getByTestId('work-item').filter({ hasText: member }).first();
  await row.getByText('intake-desk-2').waitFor();
  await row.getByRole('button', { name: `Resolve ${member}` }).click();
  const resolve = page.getByRole('dialog', { name: 'Resolve work item' });
  await expect(resolve.getByRole('button', { name: 'Resolve' }).isDisabled()).resolves.toBe(true);
  await resolve.getByLabel('Resolution note').fill('Called the patient; new card on file, policy added.');
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await resolve.waitFor({ state: 'detached' });
  const stored = await harness.db.owner.query(
    `select w.status, w.resolution_note from eligibility.intake_work_item w join member.member m on m.tenant_id = w.tenant_id and m.id = w.member_id
     where w.tenant_id = $1 and m.member_number = $2 and w.resolution_note is not null`, [harness.tenantId, member]);
  expect(stored.rows).toEqual([{ status: 'RESOLVED', resolution_note: 'Called the patient; new card on file, policy added.' }]);
});
