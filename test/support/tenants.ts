// Tenants with small, deterministic demo data for tests.
import type { TestDatabase } from './database.ts';
import { demoSeedOptions, seedTenant } from '../../server/seed/seed-tenant.ts';
import type { SeedOptions } from '../../server/seed/base.ts';

export async function seedTestTenant(db: TestDatabase, slug: string, overrides: Partial<SeedOptions> = {}): Promise<string> {
  const client = await db.owner.connect();
  try {
    return await seedTenant(client, demoSeedOptions({ slug, name: `Tenant ${slug}`, members: 40, events: 120, ...overrides }));
  } finally {
    client.release();
  }
}
