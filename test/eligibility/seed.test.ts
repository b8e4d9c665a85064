// The demo seed gives the console data: the manual's example schedule and one completed run.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

test('the seed adds "Nightly outpatient pre-check" and a completed run whose counters tie out', async () => {
  const tenant = await seedTestTenant(db, 'seeded', { members: 300, events: 900 });
  const schedule = (await db.owner.query('select * from eligibility.sweep_schedule where tenant_id = $1', [tenant])).rows;
  expect(schedule).toHaveLength(1);
  expect(schedule[0]).toMatchObject({ name: 'Nightly outpatient pre-check', cron_expression: '0 2 * * *', time_zone: 'UTC', window_from_days: 0, window_to_days: 3, paused: false });
  expect(schedule[0].next_fire_at.getUTCHours()).toBe(2);
  const run = (await db.owner.query('select * from eligibility.eligibility_sweep_run where tenant_id = $1', [tenant])).rows[0];
  expect(run).toMatchObject({ status: 'COMPLETED', trigger: 'CRON', schedule_id: schedule[0].id, queued_count: 0, submitted_count: 0 });
  expect(run.received_count).toBeGreaterThan(0);
  expect(run.failed_count).toBeGreaterThan(0);
  expect(run.skipped_count).toBeGreaterThan(0);
  expect(run.received_count + run.failed_count + run.skipped_count).toBe(run.total_members);
  const items = (await db.owner.query('select count(*)::int as n from eligibility.intake_work_item where tenant_id = $1', [tenant])).rows[0].n;
  expect(items).toBe(run.failed_count + run.skipped_count);
  // Seeding again changes nothing.
  await seedTestTenant(db, 'seeded', { members: 300, events: 900 });
  expect((await db.owner.query('select count(*)::int as n from eligibility.eligibility_sweep_run where tenant_id = $1', [tenant])).rows[0].n).toBe(1);
});
