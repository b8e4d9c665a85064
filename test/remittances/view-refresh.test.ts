// After live 835s the dashboards are refreshed the way the nightly does (claims/refresh-views),
// requested by billing_private.fn_request_view_refresh and paced by rcm.view_refresh_min_interval.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runRefreshCycle } from '../../server/claims/refresh-cycle.ts';
import { baseTenant } from '../claims/fixtures.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await baseTenant(db, 'refresh-alpha');
});
afterAll(async () => db.drop());

const requested = async (interval: string) => {
  const client = await db.owner.connect();
  try {
    await client.query("select set_config('rcm.view_refresh_min_interval', $1, false)", [interval]);
    return (await client.query<{ at: Date }>('select billing_private.fn_request_view_refresh() as at')).rows[0].at;
  } finally {
    await client.query("select set_config('rcm.view_refresh_min_interval', '', false)");
    client.release();
  }
};
const jobs = async () => (await db.owner.query<{ run_at: Date; max_attempts: number }>(
  "select run_at, max_attempts from graphile_worker.jobs where task_identifier = 'claims/refresh-views' and key = 'claims/refresh-views:requested'")).rows;

test('a refresh requested within the minimum interval of the last one waits for it; further requests join that one job', async () => {
  const client = await db.owner.connect();
  try {
    await runRefreshCycle(client);
  } finally {
    client.release();
  }
  const last = (await db.owner.query<{ at: Date }>("select max(finished_at) as at from ops.view_refresh where view_group = 'reporting'")).rows[0].at;
  const first = await requested('10 minutes');
  expect(first.getTime()).toBe(last.getTime() + 10 * 60_000);
  const second = await requested('10 minutes');
  expect(second.getTime()).toBe(first.getTime());
  expect(await jobs()).toEqual([{ run_at: first, max_attempts: 1 }]);
});

test('with no recent refresh, the refresh is due now', async () => {
  await db.owner.query("select graphile_worker.remove_job('claims/refresh-views:requested')");
  const before = Date.now();
  const at = await requested('1 second');
  // The last refresh (the test above) is more than a second old by now, or the request waits a second at most.
  expect(at.getTime()).toBeLessThanOrEqual(before + 1_500);
  expect(await jobs()).toHaveLength(1);
});
