// Demo mode of npm start: the demo tenant (seeded once) and the sandbox trading partner its
// payers point at (not started when SANDBOX_PARTNER_URL names a partner elsewhere).
import pg from 'pg';
import { demoSeedOptions, seedTenant, SANDBOX_DEFAULTS } from '../seed/seed-tenant.ts';
import { logger } from '../log.ts';

export interface Demo {
  tenantId: string;
  sandboxUrl: string;
  stop: () => Promise<void>;
}

export async function startDemo(ownerUrl: string): Promise<Demo> {
  const log = logger('sandbox-partner');
  let stopPartner = async () => undefined as void;
  if (!process.env.SANDBOX_PARTNER_URL) {
    try {
      // A dynamic import: only demo mode loads the sandbox partner (the lint rule on layers forbids a static one).
      const { startSandboxPartner } = await import('../../sandbox-partner/server.ts');
      const partner = await startSandboxPartner({
        port: Number(process.env.SANDBOX_PARTNER_PORT || 4010),
        latencyMs: Number(process.env.SANDBOX_PARTNER_LATENCY_MS || 300),
        username: SANDBOX_DEFAULTS.username,
        password: SANDBOX_DEFAULTS.password,
        log,
      });
      stopPartner = () => partner.close();
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
      log.warn({ url: SANDBOX_DEFAULTS.url }, 'sandbox partner port in use; using the partner already listening there');
    }
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let tenantId: string;
  try {
    tenantId = await seedTenant(client, demoSeedOptions());
  } finally {
    await client.end();
  }
  return { tenantId, sandboxUrl: SANDBOX_DEFAULTS.url, stop: stopPartner };
}
