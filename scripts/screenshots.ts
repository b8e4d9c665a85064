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
  { file: 'trading-partners.png', url: '/admin/trading-partners', ready: 'Sandbox clearinghouse' },
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
