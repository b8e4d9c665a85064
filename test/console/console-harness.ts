// The console end to end: the real service (serving web/dist), a real database with a seeded
// tenant, and headless Chromium. Fails loudly when the console is not built or Chromium is missing.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { assertChromium, openConsole, type ConsoleBrowser } from '../support/browser.ts';
import type { Permission } from '../../shared/permissions.ts';
import { PERMISSIONS } from '../../shared/permissions.ts';
import { mintToken } from '../../server/auth/jwt.ts';
import { demoTokenRoute } from '../../server/demo/demo-token-route.ts';

export interface ConsoleHarness {
  db: TestDatabase;
  service: TestService;
  tenantId: string;
  /** A signed-in browser page (the token is put where the console keeps it). */
  open: (permissions?: Permission[] | 'all') => Promise<Page>;
  /** A browser with no token. */
  openSignedOut: () => Promise<Page>;
  stop: () => Promise<void>;
}

export function assertConsoleBuilt(): void {
  if (!fs.existsSync(path.join(repoRoot, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist/index.html is missing: the console is built by npm install (prepare) or npm run build:web');
  }
}

export async function startConsoleHarness(options: { slug?: string; jobs?: boolean; cron?: boolean; seed?: Parameters<typeof seedTestTenant>[2]; demoTokenRoute?: boolean } = {}): Promise<ConsoleHarness> {
  assertChromium();
  assertConsoleBuilt();
  const db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, options.slug ?? 'console', options.seed);
  const devRoutes = options.demoTokenRoute
    ? [demoTokenRoute(await mintToken(db.location.jwtSecret, { sub: 'demo-operator', tenantId, permissions: [...PERMISSIONS] }, '1h'), options.slug ?? 'console')]
    : [];
  const service = await startTestService(db, { jobs: options.jobs ?? false, cron: options.cron ?? false, devRoutes });
  const browsers: ConsoleBrowser[] = [];
  return {
    db,
    service,
    tenantId,
    open: async (permissions = 'all') => {
      const browser = await openConsole(service.url, await service.token(tenantId, permissions, { sub: 'e2e-operator' }));
      browsers.push(browser);
      return browser.page;
    },
    openSignedOut: async () => {
      const browser = await openConsole(service.url);
      browsers.push(browser);
      return browser.page;
    },
    stop: async () => {
      for (const browser of browsers) await browser.close().catch(() => undefined);
      await service.stop();
      // Let the worker's and hooks' connections close before the database is dropped (with force).
      await new Promise((resolve) => setTimeout(resolve, 500));
      await db.drop();
    },
  };
}

/** Polls `read` until `accept` holds (what a person watching the screen would wait for). */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch {
      // not on the screen yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}
