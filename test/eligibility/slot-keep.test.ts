// A payer slot goes from an answer to the run's next 270 at that gateway without being handed back
// and asked for again (payer_gate.keep, decided in fn_settle_inquiry): one round trip between an
// answer and the next 270 on the slot fewer (settle, open; before: settle, acquire, open). Kept only when handing it back would change
// nothing but the slot, and never while another tenant waits for the gateway. Real Postgres, the
// real engine against the sandbox partner.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/pooled-client.ts';
import { runSweep } from '../../server/eligibility/run-sweep.ts';
import { logger } from '../../server/log.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { membersByNumber, scenarioTenant } from './support.ts';

let db: TestDatabase;
let sandbox: SandboxPartner;
const log = logger('test');

beforeAll(async () => {
  db = await createTestDatabase();
  sandbox = await startSandboxPartner({ port: 0, latencyMs: 40 });
});
afterAll(async () => {
  await sandbox?.close();
  await db?.drop();
});

test('a run\'s 270s pass a payer slot on from answer to next 270 without asking the gate again, within max_in_flight, and hand every slot back at the end', async () => {
  const members = Array.from({ length: 16 }, (_, i) => ({ number: `K${String(i + 1).padStart(3, '0')}`, subscriberId: `ACTK${String(i + 1).padStart(6, '0')}`, payer: 'AETNA' }));
  const tenantId = await scenarioTenant(db, 'slotkeep', sandbox.url, members);
  await db.owner.query("update core.payer set max_in_flight = 2 where tenant_id = $1 and code = 'AETNA'", [tenantId]);
  const runId = (await db.owner.query(
    `select eligibility_private.fn_create_sweep_run($1, null, 'Keep test', 'ADHOC', null, now(), 'UTC', null, 0, 3, '{}', 'test') as id`, [tenantId])).rows[0].id;
  // The engine's statements, counted on their way to the real database.
  const statements: string[] = [];
  const counting: Db = { query: (sql, params) => { statements.push(sql); return db.owner.query(sql, params); } };
  const before = sandbox.stats().requests;

  const summary = await runSweep(counting, runId, { log });

  expect(summary.status).toBe('COMPLETED');
  const byNumber = await membersByNumber(db, runId);
  expect(Object.values(byNumber).map((m) => m.status)).toEqual(Array(16).fill('RECEIVED'));
  expect(sandbox.stats().requests - before).toBe(16);
  expect(sandbox.stats().maxInFlightByPayer['60054']).toBe(2);
  // 16 270s through 2 slots: each slot asked for once (before: once per 270, 16 asks).
  const asks = statements.filter((sql) => sql.includes('payer_gate.acquire')).length;
  expect(asks).toBeGreaterThanOrEqual(2);
  expect(asks).toBeLessThanOrEqual(4);
  const held = (await db.owner.query(
    `select count(*)::int as n from payer_gate.slot s
     where s.gateway_key = (select payer_gate.gateway_key(tp.endpoint_url, p.payer_identifier) from core.payer p
                            join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = p.trading_partner_id
                            where p.tenant_id = $1 and p.code = 'AETNA')
       and s.holder is not null`, [tenantId])).rows[0].n;
  expect(held).toBe(0);
});

test('a slot is kept only when releasing it would change nothing but the slot, and not while another tenant waits for the gateway', async () => {
  const key = `keep-test-${randomUUID()}`;
  const [tenantA, tenantB, holder] = [randomUUID(), randomUUID(), randomUUID()];
  const acquire = async (tenant: string, limit = 2) => (await db.owner.query(
    'select * from payer_gate.acquire($1, $2, $3, $4, true, 10000)', [key, limit, tenant, holder])).rows[0] as { slot: number | null; generation: number; probe: boolean };
  const keep = async (t: { slot: number | null; generation: number; probe: boolean }, result = 'ok', limit = 2, tenant = tenantA) => (await db.owner.query(
    'select payer_gate.keep($1, $2, $3, $4, $5, $6, $7, $8, 10000) as kept', [key, t.slot, holder, t.generation, t.probe, result, tenant, limit])).rows[0].kept as boolean;
  const first = await acquire(tenantA);
  expect(first.slot).toBe(0);
  await db.owner.query("update payer_gate.slot set lease_until = now() + interval '1 second' where gateway_key = $1 and slot = 0", [key]);

  // An answer that says nothing new: kept, lease renewed, still held for A.
  expect(await keep(first)).toBe(true);
  const slot = (await db.owner.query('select holder, held_for, lease_until > now() + interval \'5 seconds\' as renewed from payer_gate.slot where gateway_key = $1 and slot = 0', [key])).rows[0];
  expect(slot).toEqual({ holder, held_for: tenantA, renewed: true });
  // A gateway failure, a probe, a limit lowered below the slot, another generation: handed back instead.
  expect(await keep(first, 'gateway_failure')).toBe(false);
  expect(await keep(first, 'none')).toBe(false);
  expect(await keep({ ...first, probe: true })).toBe(false);
  expect(await keep({ ...first, slot: 1 }, 'ok', 1)).toBe(false);
  expect(await keep({ ...first, generation: first.generation + 1 })).toBe(false);
  // Failures counted at the gateway: an ok answer resets them, which only release does.
  await db.owner.query('update payer_gate.gateway set consecutive_failures = 1 where gateway_key = $1', [key]);
  expect(await keep(first)).toBe(false);
  await db.owner.query('update payer_gate.gateway set consecutive_failures = 0 where gateway_key = $1', [key]);
  // Another tenant asks for the gateway (its demand is live): A's slots go back to be shared.
  expect((await acquire(tenantB)).slot).toBe(1);
  expect(await keep(first)).toBe(false);
  // Once B no longer wants it, A keeps its slot again; a slot another holder took (A's lease lapsed) never.
  await db.owner.query('update payer_gate.demand set until = now() - interval \'1 second\' where gateway_key = $1 and tenant = $2', [key, tenantB]);
  expect(await keep(first)).toBe(true);
  await db.owner.query('update payer_gate.slot set holder = $2 where gateway_key = $1 and slot = 0', [key, randomUUID()]);
  expect(await keep(first)).toBe(false);
});
