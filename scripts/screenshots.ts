// npm run screenshots: one PNG per main console screen under web/screenshots/, taken at 1280 px
// from a running `npm start` (RCM_URL, default http://127.0.0.1:3002) with the demo token.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openConsole } from '../test/support/browser.ts';

const baseUrl = (process.env.RCM_URL ?? 'http://127.0.0.1:3002').replace(/\/$/, '');
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'screenshots');

interface Shot {
  file: string;
  url: string;
  /** Text that shows the page has its data. */
  ready: string;
  /** Optional interaction before the picture. */
  act?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { file: 'sign-in.png', url: '/sign-in', ready: 'Sign in with a bearer token' },
  { file: 'eligibility-sweeps.png', url: '/eligibility?tab=sweeps', ready: 'Runs update every 2 seconds' },
  { file: 'eligibility-schedules.png', url: '/eligibility?tab=schedules', ready: 'Next fire' },
  {
    file: 'eligibility-new-schedule.png',
    url: '/eligibility?tab=schedules',
    ready: 'Next fire',
    act: async (page) => {
      await page.getByRole('button', { name: 'New schedule' }).click();
      await page.getByLabel('Name').fill('Nightly outpatient pre-check');
      await page.getByLabel('Cron expression').fill('30 2 * * 1-5');
      await page.getByTestId('next-fire-times').waitFor();
    },
  },
  {
    file: 'eligibility-run-detail.png',
    url: '/eligibility?tab=sweeps',
    ready: 'Runs update every 2 seconds',
    act: async (page) => {
      await page.getByTestId('sweep-run-row').first().getByRole('link').click();
      await page.getByRole('tab', { name: 'All members' }).waitFor();
      await page.getByTestId('member-row').first().waitFor();
    },
  },
  {
    file: 'eligibility-run-exceptions.png',
    url: '/eligibility?tab=sweeps',
    ready: 'Runs update every 2 seconds',
    act: async (page) => {
      await page.getByTestId('sweep-run-row').first().getByRole('link').click();
      await page.getByRole('tab', { name: 'Exceptions' }).click();
      await page.waitForTimeout(600);
    },
  },
  { file: 'eligibility-anomalies.png', url: '/eligibility?tab=anomalies', ready: 'Visits whose latest 271' },
  { file: 'eligibility-intake-queue.png', url: '/eligibility?tab=intake', ready: 'Members the intake desk' },
  { file: 'batches.png', url: '/batches', ready: 'Upload a file' },
  {
    file: 'batch-detail.png',
    url: '/batches',
    ready: 'Upload a file',
    act: async (page) => {
      await page.getByTestId('batch-row').first().getByRole('link').click();
      await page.getByText('Tie-out').waitFor();
    },
  },
  { file: 'claims-charges.png', url: '/claims?tab=charges', ready: 'Build claims' },
  { file: 'claims-list.png', url: '/claims?tab=claims', ready: 'Filing deadline' },
  { file: 'claims-submissions.png', url: '/claims?tab=submissions', ready: 'Accepted / rejected' },
  { file: 'claims-rejection-queue.png', url: '/claims?tab=rejections', ready: 'Claims the clearinghouse or payer rejected' },
  { file: 'claims-denial-queue.png', url: '/claims?tab=denials', ready: 'Claims a payer denied' },
  { file: 'remittances.png', url: '/remittances', ready: 'Post an 835' },
  {
    file: 'remittance-detail.png',
    url: '/remittances',
    ready: 'Post an 835',
    act: async (page) => {
      await page.getByLabel('Remittance status').getByText('POSTED', { exact: true }).click();
      await page.getByRole('table', { name: 'Remittances' }).getByRole('link').first().click();
      await page.getByRole('table', { name: 'Claim payments' }).getByRole('link').first().waitFor();
    },
  },
  {
    file: 'claim-eob.png',
    url: '/remittances',
    ready: 'Post an 835',
    act: async (page) => {
      await page.getByLabel('Remittance status').getByText('POSTED', { exact: true }).click();
      await page.getByRole('table', { name: 'Remittances' }).getByRole('link').first().click();
      // A claim the payer paid with adjustments reads best as an EOB: the first one with a patient share.
      const table = page.getByRole('table', { name: 'Claim payments' });
      await table.getByRole('link').first().waitFor();
      const rows = table.locator('tbody tr');
      const count = await rows.count();
      let target = rows.first();
      for (let i = 0; i < count; i++) if (/\$[1-9]/.test((await rows.nth(i).locator('td').nth(5).innerText()))) { target = rows.nth(i); break; }
      await target.getByRole('link').click();
      await page.getByTestId('eob').first().waitFor();
      await page.getByTestId('eob').first().scrollIntoViewIfNeeded();
    },
  },
  {
    file: 'remittance-held.png',
    url: '/remittances',
    ready: 'Post an 835',
    act: async (page) => {
      await page.getByLabel('Remittance status').getByText('HELD', { exact: true }).click();
      // Without a held remittance the picture is the (empty) HELD list.
      const link = page.getByRole('table', { name: 'Remittances' }).getByRole('link').first();
      if (await link.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
        await link.click();
        await page.getByTestId('held-reason').waitFor();
      }
    },
  },
  { file: 'remittances-unmatched.png', url: '/remittances?tab=unmatched', ready: 'Claims on posted 835s that matched none of ours' },
  { file: 'claims-timely-filing.png', url: '/claims?tab=timely-filing', ready: 'Open alerts on validated charges' },
  { file: 'claims-stale.png', url: '/claims?tab=stale', ready: 'Claims submitted longer ago' },
  {
    file: 'job-runner.png',
    url: '/job-runner',
    ready: 'Cycles',
    act: async (page) => {
      // Two cycles on demand so the heartbeat has rows (the nightly ones have not fired yet).
      await page.getByRole('button', { name: 'Check timely filing now' }).click();
      await page.getByRole('button', { name: 'Detect stale claims now' }).click();
      await page.waitForTimeout(1500);
    },
  },
  { file: 'dashboards.png', url: '/dashboards', ready: 'Freshness', act: async (page) => { await page.waitForTimeout(800); } },
  {
    file: 'dashboards-money.png',
    url: '/dashboards',
    ready: 'Freshness',
    act: async (page) => {
      // The money half: A/R aging, denials by category, payments by day, from the posted 835s.
      await page.getByRole('button', { name: 'Refresh views' }).click();
      await page.getByText('Reporting views refreshed.').waitFor();
      await page.getByRole('figure', { name: 'Accounts receivable aging by payer' }).scrollIntoViewIfNeeded();
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(800);
    },
  },
  {
    file: 'trading-partners.png',
    url: '/admin/trading-partners',
    ready: 'Sandbox clearinghouse',
    act: async (page) => {
      await page.getByRole('button', { name: 'Test connection of Sandbox clearinghouse' }).click();
      await page.getByTestId('connection-result').waitFor();
    },
  },
  { file: 'reference-payers.png', url: '/reference/payers', ready: 'Timely filing' },
  { file: 'reference-members.png', url: '/reference/members', ready: 'members' },
];

async function demoToken(): Promise<string> {
  if (process.env.TOKEN) return process.env.TOKEN;
  const response = await fetch(`${baseUrl}/dev/demo-token`);
  if (!response.ok) throw new Error(`${baseUrl}/dev/demo-token answered ${response.status}: start the server with npm start (demo mode), or set TOKEN`);
  return ((await response.json()) as { token: string }).token;
}

const token = await demoToken();
fs.mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2);
const signedOut = await openConsole(baseUrl);
const signedIn = await openConsole(baseUrl, token);
try {
  for (const shot of SHOTS) {
    if (only.length && !only.some((name) => shot.file.includes(name))) continue;
    const { page } = shot.file === 'sign-in.png' ? signedOut : signedIn;
    await page.goto(`${baseUrl}${shot.url}`);
    await page.getByText(shot.ready, { exact: false }).first().waitFor();
    if (shot.act) await shot.act(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(outDir, shot.file), fullPage: false });
    process.stdout.write(`${shot.file}\n`);
  }
} finally {
  await signedOut.close();
  await signedIn.close();
}
