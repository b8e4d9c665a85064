// Headless Chromium (Debian's package) driven by playwright-core, for the console's end-to-end
// tests and the screenshots script. Missing Chromium is an error, never a skip:
// scripts/ensure-chromium.sh installs it (npm test runs it first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleBrowser {
  browser: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the console's end-to-end tests need it. Run scripts/ensure-chromium.sh (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
}

/** A fresh Chromium profile at 1280x800 with the console's token already in localStorage (when given). */
export async function openConsole(_baseUrl: string, token?: string): Promise<ConsoleBrowser> {
  assertChromium();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  // Runs in the page before the console's code: the console keeps its token in localStorage.
  if (token) await context.addInitScript({ content: `window.localStorage.setItem('rcm-core.token', ${JSON.stringify(token)});` });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    browser: context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export type { Browser, Page };
