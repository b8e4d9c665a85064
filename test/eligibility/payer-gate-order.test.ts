// A retry waiting at a full payer gateway is handed the next slot this run frees before first
// 270s that were waiting longer, as in the run's own lane (LocalSlots): with tenants sharing a
// gateway a run's 270s queue at the gate, and a retry behind them waited out the queue on top of
// its backoff. Real Postgres (payer_gate.acquire/release); the gate's poll for slots other
// processes free is slowed so that only the hand-over order decides.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { PayerGate, type Ticket } from '../../server/eligibility/payer-gate.ts';
import { clientsOfPool, dbOf } from '../../server/db/pooled-client.ts';

let db: TestDatabase;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'gateorder', { members: 0, events: 0 });
});
afterAll(async () => {
  await db?.drop();
});

test('a retry (a 270 that failed before) takes the next freed slot ahead of first 270s waiting longer', async () => {
  const gate = new PayerGate(dbOf(clientsOfPool(db.owner)), tenant, { failureThreshold: 8, cooloffMs: 60_000 }, { pollMs: 60_000 });
  const gateway = { key: 'test-gateway-order', limit: 1 };
  const asTicket = (t: Ticket | { openForMs: number }): Ticket => {
    if ('openForMs' in t) throw new Error('the breaker is closed: expected a slot');
    return t;
  };
  const held = asTicket(await gate.take(gateway, true));
  // Each waiter, once it holds the slot, is recorded and hands it back at once.
  const order: string[] = [];
  const waiter = (name: string, fresh: boolean) => gate.take(gateway, fresh).then(async (t) => {
    order.push(name);
    await gate.give(asTicket(t), 'ok', fresh, null);
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
  const waiters = [waiter('first 270 A', true)];
  await settle();
  waiters.push(waiter('first 270 B', true));
  await settle();
  waiters.push(waiter('retry', false));
  await settle();
  expect(order).toEqual([]);

  await gate.give(held, 'ok', true, null);
  await Promise.all(waiters);
  expect(order[0]).toBe('retry');
  expect([...order].sort()).toEqual(['first 270 A', 'first 270 B', 'retry']);
  const stillHeld = (await db.owner.query('select count(*)::int as n from payer_gate.slot where gateway_key = $1 and holder is not null', [gateway.key])).rows[0].n;
  expect(stillHeld).toBe(0);
});
