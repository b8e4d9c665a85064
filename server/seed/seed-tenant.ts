import type pg from 'pg';
import { seedBase, type SeedOptions } from './base.ts';
import { seedSteps } from './steps.ts';
import { logger } from '../log.ts';

const log = logger('seed');

export async function seedTenant(client: pg.ClientBase, options: SeedOptions): Promise<string> {
  const started = Date.now();
  await client.query('begin');
  try {
    const tenantId = await seedAll(client, options, started);
    await client.query('commit');
    return tenantId;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function seedAll(client: pg.ClientBase, options: SeedOptions, started: number): Promise<string> {
  const tenantId = await seedBase(client, options);
  log.info({ tenant: options.slug, members: options.members, events: options.events, ms: Date.now() - started }, 'base data seeded');
  for (const step of seedSteps) {
    const stepStarted = Date.now();
    await step.run(client, tenantId, options);
    log.info({ tenant: options.slug, step: step.name, ms: Date.now() - stepStarted }, 'seed step done');
  }
  return tenantId;
}

export const SANDBOX_DEFAULTS = {
  url: process.env.SANDBOX_PARTNER_URL || `http://127.0.0.1:${process.env.SANDBOX_PARTNER_PORT || 4010}/core/realtime`,
  username: process.env.SANDBOX_PARTNER_USERNAME || 'sandbox',
  password: process.env.SANDBOX_PARTNER_PASSWORD || 'sandbox-secret',
};

export function demoSeedOptions(overrides: Partial<SeedOptions> = {}): SeedOptions {
  return {
    slug: 'demo',
    name: 'Riverside Health (demo)',
    members: 2000,
    events: 6000,
    seed: 42,
    sandboxUrl: SANDBOX_DEFAULTS.url,
    sandboxUsername: SANDBOX_DEFAULTS.username,
    sandboxPassword: SANDBOX_DEFAULTS.password,
    ...overrides,
  };
}
