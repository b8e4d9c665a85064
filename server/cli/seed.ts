// npm run seed -- --tenant <slug> --members N --events N --seed S [--tenants K]
// With --tenants K, makes K tenants <slug>-1..<slug>-K (the benchmarks' 1,000,000 events).
import '../env-defaults.ts';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../db/migrate.ts';
import { withOwnerClient } from '../db/with-owner-client.ts';
import { demoSeedOptions, seedTenant } from '../seed/seed-tenant.ts';
import { fail } from './args.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    members: { type: 'string', default: '2000' },
    events: { type: 'string', default: '6000' },
    seed: { type: 'string', default: '42' },
    tenants: { type: 'string', default: '1' },
  },
});
const count = (name: string, text: string) => (/^\d+$/.test(text) ? Number(text) : fail(`--${name} must be a whole number, got "${text}"`));
const tenants = count('tenants', values.tenants);

await withOwnerClient(async (client, location) => {
  await migrateDatabase(location.ownerUrl, location.authenticatorPassword);
  for (let i = 1; i <= tenants; i++) {
    const slug = tenants === 1 ? values.tenant : `${values.tenant}-${i}`;
    const id = await seedTenant(client, demoSeedOptions({
      slug,
      name: slug,
      members: count('members', values.members),
      events: count('events', values.events),
      seed: count('seed', values.seed) + i - 1,
    }));
    process.stderr.write(`seeded ${slug} (${id}) [${i}/${tenants}]\n`);
  }
});
