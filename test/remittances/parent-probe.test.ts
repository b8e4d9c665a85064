// The parent checks that replace the per-row foreign keys of posted service lines and adjustments
// (core_private.tg__children_name_their_parent) probe each payment by its key, also while the
// payments table has no statistics (a new database: its statistics were taken while it was empty
// and autoanalyze has not come yet). Without statistics the planner took the smallest index that
// leads with tenant_id, claim_payment's (tenant_id, reversed_by), and read every payment of the
// tenant at each probe: in the 835 bench 40-150 ms an 835 instead of 2-7 ms.
import type { PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { submittedClaim, clp, line, remittance, post } from './fixtures.ts';

const PAYMENTS = 5_000;
const PROBED = 1_000;
let db: TestDatabase;
let tenant: string;
let payments: Array<{ id: string; claimId: string }>;

beforeAll(async () => {
  db = await createTestDatabase();
  // The payments' statistics are those of an empty table, and stay so during the test.
  await db.owner.query('vacuum analyze billing.claim_payment');
  await db.owner.query('alter table billing.claim_payment set (autovacuum_enabled = false)');
  tenant = await baseTenant(db, 'remit-probe');
  const c = await submittedClaim(db, tenant, [100]);
  await post(db, tenant, remittance('TRN-PROBE-1', [clp(c.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])]));
  // More claims like it, each with a payment of that remittance, as the owner writes them (what many 835s would leave).
  await db.owner.query(
    `insert into billing.claim (tenant_id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, status, line_count, total_amount,
                                earliest_service_date, latest_service_date, submitted_at)
     select c.tenant_id, c.member_id, c.coverage_policy_id, c.payer_id, c.billing_npi, c.facility_id, 'SUBMITTED', c.line_count, c.total_amount,
            c.earliest_service_date, c.latest_service_date, c.submitted_at
     from billing.claim c, generate_series(1, $2::int) where c.id = $1`, [c.claimId, PAYMENTS]);
  await db.owner.query(
    `insert into billing.claim_payment (tenant_id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount)
     select c.tenant_id, p.remittance_id, c.id, 1 + row_number() over (order by c.id), '1', 100, 80
     from billing.claim c, billing.claim_payment p where c.tenant_id = $1 and c.id <> $2`, [tenant, c.claimId]);
  payments = (await db.owner.query<{ id: string; claimId: string }>(
    'select id, claim_id as "claimId" from billing.claim_payment where tenant_id = $1 order by sequence desc limit $2', [tenant, PROBED])).rows;
});
afterAll(async () => db.drop());

/** Index entries of billing.claim_payment read by `write` (one transaction, rolled back), per index. */
async function paymentIndexEntriesRead(write: (client: PoolClient) => Promise<unknown>): Promise<Record<string, number>> {
  const client = await db.owner.connect();
  try {
    // The backend's counts not yet reported (earlier statements of this connection) are in them too: a difference.
    const counts = async () => Object.fromEntries((await client.query<{ index: string; read: string }>(
      `select c.relname as index, pg_stat_get_xact_tuples_returned(c.oid) as read
       from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'billing.claim_payment'::regclass`)).rows.map((r) => [r.index, Number(r.read)]));
    await client.query('begin');
    const before = await counts();
    await write(client);
    const after = await counts();
    return Object.fromEntries(Object.entries(after).map(([index, n]) => [index, n - (before[index] ?? 0)]));
  } finally {
    await client.query('rollback');
    client.release();
  }
}

const total = (read: Record<string, number>) => Object.values(read).reduce((sum, n) => sum + n, 0);

test(`${PROBED} payments' service lines (3 each) are checked by reading one index entry a payment, not every payment of the tenant`, async () => {
  expect((await db.owner.query("select count(*)::int as n from pg_stats where schemaname = 'billing' and tablename = 'claim_payment'")).rows[0].n).toBe(0);
  const read = await paymentIndexEntriesRead((client) => client.query(
    `insert into billing.claim_service_payment (tenant_id, claim_payment_id, line_number, procedure_code, charge_amount, paid_amount)
     select $1, p, l, '99213', 100, 80 from unnest($2::uuid[]) p, generate_series(2, 4) l`, [tenant, payments.map((p) => p.id)]));
  expect(total(read)).toBe(PROBED);
});

test(`${PROBED} payments' adjustments (4 each) are checked by reading one index entry a payment, not every payment of the tenant`, async () => {
  const read = await paymentIndexEntriesRead((client) => client.query(
    `insert into billing.claim_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, group_code, reason_code, amount)
     select $1, p.id, s, p.claim_id, 'CLAIM', 'CO', '45', 1 from unnest($2::uuid[], $3::uuid[]) p(id, claim_id), generate_series(2, 5) s`,
    [tenant, payments.map((p) => p.id), payments.map((p) => p.claimId)]));
  expect(total(read)).toBe(PROBED);
});
