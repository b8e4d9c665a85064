// Demo mode of npm start: the demo tenant (seeded once) and the sandbox trading partner.
import pg from 'pg';
import { demoSeedOptions, seedTenant, SANDBOX_DEFAULTS } from '../seed/seed-tenant.ts';

export interface Demo {
  tenantId: string;
  sandboxUrl: string;
  stop: () => Promise<void>;
}

export async function startDemo(ownerUrl: string): Promise<Demo> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let tenantId: string;
  try {
    tenantId = await seedTenant(client, demoSeedOptions());
  } finally {
    await client.end();
  }
  return { tenantId, sandboxUrl: SANDBOX_DEFAULTS.url, stop: async () => undefined };
}
