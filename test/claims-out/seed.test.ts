// The demo tenant shows every path of claims leaving: submissions acknowledged and rejected,
// claims accepted and rejected by the 277CA with readable reasons, a set rejected by the 999, an
// interchange rejected by a TA1, a
// claim resubmitted and accepted, a submission waiting for the worker, and the rejection queue.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await seedTestTenant(db, 'claims-out-seed', { members: 120, events: 400 });
});
afterAll(async () => db.drop());

test('the demo tenant has submissions and claims in every state, reached through the submission path', async () => {
  const subs = (await db.owner.query('select status, count(*)::int as n from billing.claim_submission where tenant_id = $1 group by 1 order by 1', [tenantId])).rows;
  expect(subs.map((s) => s.status)).toEqual(['ACKNOWLEDGED', 'CREATED', 'REJECTED']);
  const reasons = (await db.owner.query("select distinct rejection_reason from billing.claim c where tenant_id = $1 and status = 'REJECTED' and exists (select 1 from billing.claim_submission_claim sc where sc.claim_id = c.id)", [tenantId])).rows.map((r) => r.rejection_reason);
  expect(reasons).toEqual(expect.arrayContaining([
    "A7:562:85 — Entity's National Provider Identifier (NPI) — Billing Provider",
    expect.stringMatching(/^999 rejected transaction set 0001: segment N4/),
    'TA1 rejected the interchange: 009 Unknown Interchange Receiver ID',
  ]));
  // Accepted by a 277CA (the payer's number); the remittances step then posts their 835s (PAID/DENIED).
  const accepted = (await db.owner.query("select count(*)::int as n from billing.claim where tenant_id = $1 and status in ('ACCEPTED', 'PAID', 'DENIED') and payer_claim_control_number is not null", [tenantId])).rows[0].n;
  expect(accepted).toBeGreaterThan(0);
  // The claim rejected by the 277CA, fixed and sent again. (Its 835 comes in the remittances step,
  // whose denial scenarios may then correct it once more: only the first six steps are this step's.)
  const resent = (await db.owner.query(
    `select c.id, array_agg(h.to_status order by h.seq) as path from billing.claim c join billing.claim_status_history h on h.claim_id = c.id
     where c.tenant_id = $1 and (select count(*) from billing.claim_submission_claim sc where sc.claim_id = c.id) >= 2 group by c.id`, [tenantId])).rows
    .filter((c) => c.path[2] === 'REJECTED');
  expect(resent.map((t) => t.path.slice(0, 6))).toEqual([['BUILT', 'SUBMITTED', 'REJECTED', 'BUILT', 'SUBMITTED', 'ACCEPTED']]);
  const queue = (await db.owner.query("select count(*)::int as n from billing.claim_rejection where tenant_id = $1 and status = 'OPEN'", [tenantId])).rows[0].n;
  expect(queue).toBeGreaterThan(0);
  const waiting = (await db.owner.query("select x12 from billing.claim_submission where tenant_id = $1 and status = 'CREATED'", [tenantId])).rows[0].x12;
  expect(waiting).toMatch(/^ISA\*/);
});
