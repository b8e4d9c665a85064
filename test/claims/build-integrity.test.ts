// What replaces the per-row foreign keys of claim lines (their claim, their charge) and claim
// history rows (their claim), migration 55-claim-build-throughput: one check per statement that
// each names a claim, and a charge, of its tenant; parents that cannot go away under them (a
// deleted claim takes its lines and history, a charge on a line is never deleted nor re-keyed).
// Written as the owner (psql), the only role that can write these tables besides the functions.
import { waitsForALock } from '../support/lock-wait.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { asTenantUser } from '../support/tenant-user.ts';
import type pg from 'pg';
import { activeMembers, asTenant, baseTenant, insertCharges } from './fixtures.ts';

let db: TestDatabase;
let tenant: string;
let other: string;
let claimId: string;
let chargeIds: string[];
let otherCharge: string;
const unknown = '00000000-0000-4000-8000-000000000000';

async function builtClaim(tenantId: string, numbers: string[]): Promise<{ claimId: string; chargeIds: string[] }> {
  const ids = Object.values(await insertCharges(db, tenantId, numbers.map((number) => ({ number }))));
  await asTenant(db, tenantId, 'claims.write', 'select * from billing.fn_validate_charges($1)', [ids]);
  const outcome = await asTenant<{ claim_id: string }>(db, tenantId, 'claims.write', 'select claim_id from billing.fn_build_claims($1)', [ids]);
  return { claimId: outcome[0].claim_id, chargeIds: ids };
}

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'build-integrity');
  other = await baseTenant(db, 'build-integrity-other');
  ({ claimId, chargeIds } = await builtClaim(tenant, ['INT-1', 'INT-2']));
  otherCharge = (await insertCharges(db, other, [{ number: 'INT-OTHER', status: 'VALIDATED' }]))['INT-OTHER'];
});
afterAll(async () => db.drop());

const count = async (sql: string, params: unknown[]) => (await db.owner.query(`select count(*)::int as n from ${sql}`, params)).rows[0].n as number;
const addLine = (tenantId: string, claim: string, charge: string, lineNumber = 9) =>
  db.owner.query(
    `insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, units, amount, service_date, place_of_service)
     values ($1, $2, $3, $4, '99213', 1, 10, current_date - 5, '11')`, [tenantId, claim, lineNumber, charge]);
const addHistory = (tenantId: string, claim: string) =>
  db.owner.query("insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status) values ($1, $2, 'BUILT', 'BUILT')", [tenantId, claim]);

test('the built claim has its lines, each naming a charge of the claim\'s tenant, and its BUILT history row', async () => {
  const { rows } = await db.owner.query(
    `select (select count(*)::int from billing.claim_line l join billing.charge c on c.tenant_id = l.tenant_id and c.id = l.charge_id
             where l.tenant_id = k.tenant_id and l.claim_id = k.id) as lines,
            (select count(*)::int from billing.claim_status_history h where h.tenant_id = k.tenant_id and h.claim_id = k.id and h.to_status = 'BUILT') as history
     from billing.claim k where k.id = $1`, [claimId]);
  expect(rows[0]).toEqual({ lines: 2, history: 1 });
});

test('a line naming no claim, no charge, or another tenant\'s claim or charge is refused (23503), nothing written', async () => {
  const lines = () => count('billing.claim_line', []);
  const before = await lines();
  const free = (await insertCharges(db, tenant, [{ number: 'INT-FREE' }]))['INT-FREE'];
  await expect(addLine(tenant, unknown, free)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_line 9 names claim_id ${unknown}`) });
  await expect(addLine(tenant, claimId, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names charge_id ${unknown}, which is not a charge of tenant ${tenant}`) });
  await expect(addLine(tenant, claimId, otherCharge)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names charge_id ${otherCharge}`) });
  await expect(addLine(other, claimId, otherCharge)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${claimId}, which is not a claim of tenant ${other}`) });
  await expect(db.owner.query('update billing.claim_line set charge_id = $1 where claim_id = $2 and line_number = 1', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update billing.claim_line set claim_id = $1 where claim_id = $2', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  expect(await lines()).toBe(before);
  // A line naming the claim and a charge of its tenant is accepted.
  await addLine(tenant, claimId, free);
  expect(await lines()).toBe(before + 1);
  await db.owner.query('delete from billing.claim_line where claim_id = $1 and line_number = 9', [claimId]);
});

test('a history row naming no claim or another tenant\'s claim is refused (23503), nothing written', async () => {
  const before = await count('billing.claim_status_history where claim_id = $1', [claimId]);
  await expect(addHistory(tenant, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_status_history names claim_id ${unknown}`) });
  await expect(addHistory(other, claimId)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`which is not a claim of tenant ${other}`) });
  await expect(db.owner.query('update billing.claim_status_history set claim_id = $1 where claim_id = $2', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  expect(await count('billing.claim_status_history where claim_id = $1', [claimId])).toBe(before);
  await addHistory(tenant, claimId);
  expect(await count('billing.claim_status_history where claim_id = $1', [claimId])).toBe(before + 1);
});

test('a charge on a claim line is never deleted, re-keyed or truncated away (23503); a charge on no line still can be deleted', async () => {
  await expect(db.owner.query('delete from billing.charge where id = $1', [chargeIds[0]])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.charge ${chargeIds[0]} is named by billing.claim_line`) });
  await expect(db.owner.query('update billing.charge set id = gen_random_uuid() where id = $1', [chargeIds[1]])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate billing.charge cascade')).rejects.toMatchObject({ code: '23503' });
  expect(await count('billing.charge where id = any($1)', [chargeIds])).toBe(2);
  const spare = (await insertCharges(db, tenant, [{ number: 'INT-SPARE' }]))['INT-SPARE'];
  await db.owner.query('delete from billing.charge where id = $1', [spare]);
  expect(await count('billing.charge where id = $1', [spare])).toBe(0);
});

test('a delete of a charge waits for the transaction that writes a line naming it, whether that transaction moved the charge (as the build does: not locked again) or not (locked), and is then refused (23503)', async () => {
  const charges = Object.values(await insertCharges(db, tenant, [{ number: 'INT-WAIT-1' }, { number: 'INT-WAIT-2' }]));
  const writer = await db.owner.connect();
  const deleter = await db.owner.connect();
  try {
    const deleterPid = (await deleter.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    for (const [charge, movesIt, lineNumber] of [[charges[0], true, 21], [charges[1], false, 22]] as const) {
      await writer.query('begin');
      if (movesIt) await writer.query("update billing.charge set status = 'BILLED', updated_at = now() where id = $1", [charge]);
      await writer.query(
        `insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, units, amount, service_date, place_of_service)
         values ($1, $2, $3, $4, '99213', 1, 10, current_date - 5, '11')`, [tenant, claimId, lineNumber, charge]);
      const deleted = deleter.query('delete from billing.charge where id = $1', [charge]).then(() => null, (error: unknown) => error);
      expect(await waitsForALock(db.owner, deleterPid)).toBe(true);
      await writer.query('commit');
      expect(await deleted).toMatchObject({ code: '23503', message: expect.stringContaining(`billing.charge ${charge} is named by billing.claim_line`) });
      expect(await count('billing.charge where id = $1', [charge])).toBe(1);
    }
  } finally {
    writer.release();
    deleter.release();
    await db.owner.query('delete from billing.claim_line where claim_id = $1 and line_number > 10', [claimId]);
  }
});

test('a claim is never re-keyed nor truncated away from its lines and history; deleting it takes them with it', async () => {
  await expect(db.owner.query('update billing.claim set id = gen_random_uuid() where id = $1', [claimId])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.claim ${claimId} is named by billing.claim_line`) });
  await expect(db.owner.query('truncate billing.claim cascade')).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('truncate them in one statement') });
  expect(await count('billing.claim where id = $1', [claimId])).toBe(1);
  const spare = await builtClaim(tenant, ['INT-GONE-1', 'INT-GONE-2']);
  await db.owner.query('delete from billing.claim where id = $1', [spare.claimId]);
  expect(await count('billing.claim_line where claim_id = $1', [spare.claimId])).toBe(0);
  expect(await count('billing.claim_status_history where claim_id = $1', [spare.claimId])).toBe(0);
  expect(await count('billing.claim_line where claim_id = $1', [claimId])).toBe(2);
});

test('a charge\'s updated_at moves on every update: set by the build itself, by the row trigger otherwise', async () => {
  const ids = Object.values(await insertCharges(db, tenant, [{ number: 'INT-TIME' }]));
  const stamp = async () => (await db.owner.query<{ t: string }>('select updated_at::text as t from billing.charge where id = $1', [ids[0]])).rows[0].t;
  const inserted = await stamp();
  await asTenant(db, tenant, 'claims.write', 'select * from billing.fn_validate_charges($1)', [ids]);
  const validated = await stamp();
  expect(validated > inserted).toBe(true);
  await asTenant(db, tenant, 'claims.write', 'select * from billing.fn_build_claims($1)', [ids]);
  const billed = await stamp();
  expect(billed > validated).toBe(true);
  await db.owner.query("update billing.charge set place_of_service = '11' where id = $1", [ids[0]]);
  expect(await stamp() > billed).toBe(true);
});

// The claim's own references (migration 62-parentcheck): its coverage (with the coverage's member
// and payer), facility, service event and primary claim are checked once per statement instead of
// by four per-row foreign keys; the parents stay while a claim names them.
const copyClaim = (from: string, changes: Record<string, unknown>) => db.owner.query<{ id: string }>(
  `insert into billing.claim (tenant_id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, service_event_id, status, line_count,
                              total_amount, earliest_service_date, latest_service_date, primary_claim_id)
   select r.tenant_id, r.member_id, r.coverage_policy_id, r.payer_id, r.billing_npi, r.facility_id, r.service_event_id, r.status, r.line_count,
          r.total_amount, r.earliest_service_date, r.latest_service_date, r.primary_claim_id
   from jsonb_populate_record((select c from billing.claim c where c.id = $1), $2::jsonb) r
   returning id`, [from, JSON.stringify(changes)]);

test('a claim naming no coverage, facility, service event or primary claim of its tenant is refused (23503), nothing written', async () => {
  const claims = () => count('billing.claim where tenant_id = $1', [tenant]);
  const before = await claims();
  const otherFacility = (await db.owner.query('select id from core.facility where tenant_id = $1 limit 1', [other])).rows[0].id as string;
  const otherPayer = (await db.owner.query('select p.id from core.payer p join billing.claim c on c.tenant_id = p.tenant_id and c.payer_id <> p.id where c.id = $1 limit 1', [claimId])).rows[0].id as string;
  await expect(copyClaim(claimId, { coverage_policy_id: unknown })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names coverage_policy_id ${unknown}`) });
  // The coverage exists, but not with that payer: coverage, member and payer are checked as one.
  await expect(copyClaim(claimId, { payer_id: otherPayer })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`payer_id ${otherPayer}, which is not a coverage policy of tenant ${tenant}`) });
  await expect(copyClaim(claimId, { facility_id: otherFacility })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names facility_id ${otherFacility}, which is not a facility of tenant ${tenant}`) });
  await expect(copyClaim(claimId, { service_event_id: unknown })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names service_event_id ${unknown}, which is not a service event of tenant`) });
  await expect(copyClaim(claimId, { primary_claim_id: unknown })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names primary_claim_id ${unknown}, which is not a claim of tenant`) });
  await expect(copyClaim(claimId, { tenant_id: other })).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update billing.claim set facility_id = $1 where id = $2', [otherFacility, claimId])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names facility_id ${otherFacility}`) });
  await expect(db.owner.query('update billing.claim set primary_claim_id = $1 where id = $2', [unknown, claimId])).rejects.toMatchObject({ code: '23503' });
  expect(await claims()).toBe(before);
  // The same claim naming its tenant's own parents is accepted, a secondary naming it as its primary too.
  const copy = (await copyClaim(claimId, {})).rows[0].id;
  const secondary = (await copyClaim(claimId, { primary_claim_id: copy })).rows[0].id;
  expect(await claims()).toBe(before + 2);
  // A primary claim named by a secondary stays; deleting both in one statement passes.
  await expect(db.owner.query('delete from billing.claim where id = $1', [copy])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.claim ${copy} is named by billing.claim`) });
  await db.owner.query('delete from billing.claim where id = any($1)', [[copy, secondary]]);
  expect(await claims()).toBe(before);
});

test('a coverage, facility or service event named by a claim is not deleted, re-keyed nor truncated away (23503)', async () => {
  const { rows: [claim] } = await db.owner.query('select coverage_policy_id, member_id, payer_id, facility_id from billing.claim where id = $1', [claimId]);
  const otherPayer = (await db.owner.query('select id from core.payer where tenant_id = $1 and id <> $2 limit 1', [tenant, claim.payer_id])).rows[0].id as string;
  await expect(db.owner.query('update member.coverage_policy set payer_id = $1 where id = $2', [otherPayer, claim.coverage_policy_id]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`member.coverage_policy id ${claim.coverage_policy_id}, member_id ${claim.member_id}, payer_id ${claim.payer_id} is named by billing.claim`) });
  await expect(db.owner.query('update core.facility set id = gen_random_uuid() where id = $1', [claim.facility_id])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate member.coverage_policy cascade')).rejects.toMatchObject({ code: '23503' });
  // A service event named by a claim alone: its delete is refused until the claim goes.
  const event = (await db.owner.query(
    "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date) values ($1, 'INT-EVENT', $2, $3, current_date) returning id",
    [tenant, claim.member_id, claim.facility_id])).rows[0].id as string;
  const named = (await copyClaim(claimId, { service_event_id: event })).rows[0].id;
  await expect(db.owner.query('delete from service.service_event where id = $1', [event]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`service.service_event ${event} is named by billing.claim (tenant_id,service_event_id)`) });
  await db.owner.query('delete from billing.claim where id = $1', [named]);
  await db.owner.query('delete from service.service_event where id = $1', [event]);
  expect(await count('service.service_event where id = $1', [event])).toBe(0);
  expect(await count('member.coverage_policy where id = $1 and payer_id = $2', [claim.coverage_policy_id, claim.payer_id])).toBe(1);
});

// The build's writing statement (billing_private.write_claims) runs with session_replication_role =
// replica, so the checks above that cannot fail there are skipped; these say what still holds.
// The build runs as the API runs it (rcm_visitor with the tenant's claims, test/support/tenant-user.ts),
// in a transaction that `during` joins before it commits.
async function inBuild(ids: string[], during: (writer: pg.PoolClient) => Promise<void>): Promise<string[]> {
  return asTenantUser(db, tenant, ['claims.write'], async (writer) => {
    const built = (await writer.query<{ claim_id: string }>('select claim_id from billing.fn_build_claims($1) where claim_id is not null', [ids])).rows.map((r) => r.claim_id);
    await during(writer);
    return built;
  });
}

async function validatedCharges(numbers: string[], member?: string): Promise<string[]> {
  const ids = Object.values(await insertCharges(db, tenant, numbers.map((number) => ({ number, member }))));
  await asTenant(db, tenant, 'claims.write', 'select * from billing.fn_validate_charges($1)', [ids]);
  return ids;
}

test('after a build the transaction is back in the origin role: a line naming no claim, written next in it, is refused (23503)', async () => {
  const ids = await validatedCharges(['INT-ROLE-1']);
  const spare = (await insertCharges(db, tenant, [{ number: 'INT-ROLE-SPARE' }]))['INT-ROLE-SPARE'];
  await expect(inBuild(ids, async (writer) => {
    expect((await writer.query<{ role: string }>("select current_setting('session_replication_role') as role")).rows[0].role).toBe('origin');
    // The owner again (as a DBA in psql), in the same transaction: only the owner writes claim lines directly.
    await writer.query("select set_config('role', 'none', true)");
    await writer.query(
      `insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, units, amount, service_date, place_of_service)
       values ($1, $2, 1, $3, '99213', 1, 10, current_date - 5, '11')`, [tenant, unknown, spare]);
  })).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${unknown}`) });
  expect(await count("billing.charge where id = $1 and status = 'VALIDATED'", [ids[0]])).toBe(1);
});

test('a VALIDATED charge left without a coverage by a hand edit fails its build on the claim\'s coverage (23502), nothing written', async () => {
  const ids = await validatedCharges(['INT-NOCOV-1']);
  await db.owner.query('update billing.charge set coverage_policy_id = null where id = $1', [ids[0]]);
  await expect(inBuild(ids, async () => undefined)).rejects.toMatchObject({ code: '23502', message: expect.stringContaining('coverage_policy_id') });
  expect(await count("billing.charge where id = $1 and status = 'VALIDATED'", [ids[0]])).toBe(1);
  expect(await count('billing.claim_line where charge_id = $1', [ids[0]])).toBe(0);
});

test('a built claim has its lookup row, written in the same statement', async () => {
  const ids = await validatedCharges(['INT-LOOKUP-1', 'INT-LOOKUP-2']);
  const built = await inBuild(ids, async () => undefined);
  expect(await count("billing_private.claim_lookup where claim_id = any($1) and status = 'BUILT'", [built])).toBe(new Set(built).size);
});

test('a charge deleted while a build bills it waits for the build, then is refused (23503); its facility cannot be deleted meanwhile', async () => {
  const ids = await validatedCharges(['INT-BUILDING-1']);
  const deleter = await db.owner.connect();
  try {
    const deleterPid = (await deleter.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    let deleted: Promise<unknown> = Promise.resolve(null);
    await inBuild(ids, async () => {
      const facility = (await db.owner.query<{ id: string }>('select facility_id as id from billing.charge where id = $1', [ids[0]])).rows[0].id;
      await expect(db.owner.query('delete from core.facility where id = $1', [facility])).rejects.toMatchObject({ code: '23503' });
      deleted = deleter.query('delete from billing.charge where id = $1', [ids[0]]).then(() => null, (error: unknown) => error);
      expect(await waitsForALock(db.owner, deleterPid)).toBe(true);
    });
    expect(await deleted).toMatchObject({ code: '23503', message: expect.stringContaining(`billing.charge ${ids[0]} is named by billing.claim_line`) });
    expect(await count("billing.charge where id = $1 and status = 'BILLED'", [ids[0]])).toBe(1);
  } finally {
    deleter.release();
  }
});

test('a coverage\'s payer changed while a build names it waits for the build, then is refused (23503)', async () => {
  const named = (await db.owner.query<{ coverage_policy_id: string }>('select distinct coverage_policy_id from billing.claim where tenant_id = $1', [tenant])).rows.map((r) => r.coverage_policy_id);
  const free = (await activeMembers(db, tenant)).find((m) => !named.includes(m.coverage_id));
  if (!free) throw new Error('every active member of the fixture already has a claim');
  const ids = await validatedCharges(['INT-PAYER-1'], free.member_number);
  const otherPayer = (await db.owner.query<{ id: string }>('select id from core.payer where tenant_id = $1 and code <> $2 limit 1', [tenant, free.payer_code])).rows[0].id;
  const changer = await db.owner.connect();
  try {
    const changerPid = (await changer.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    let changed: Promise<unknown> = Promise.resolve(null);
    await inBuild(ids, async () => {
      changed = changer.query('update member.coverage_policy set payer_id = $1 where id = $2', [otherPayer, free.coverage_id]).then(() => null, (error: unknown) => error);
      expect(await waitsForALock(db.owner, changerPid)).toBe(true);
    });
    expect(await changed).toMatchObject({ code: '23503', message: expect.stringContaining('is named by billing.claim') });
    expect(await count('member.coverage_policy where id = $1 and payer_id <> $2', [free.coverage_id, otherPayer])).toBe(1);
  } finally {
    changer.release();
  }
});

test('an owner without SET on session_replication_role still builds: the role is left alone (even setting it back would fail)', async () => {
  // A role like a managed database's owner: not a superuser, no grant on the parameter. Roles are the
  // cluster's, so the name is this test's own and the role goes at the end.
  const role = `rcm_plain_owner_${process.pid}`;
  await db.owner.query(`create role ${role} nologin bypassrls`);
  try {
    await db.owner.query(`grant usage on schema billing, billing_private, member, core to ${role}`);
    await db.owner.query(`grant select, insert, update on billing.charge, billing.claim, billing.claim_line, billing.claim_status_history to ${role}`);
    await db.owner.query(`grant select on member.coverage_policy, core.payer to ${role}`);
    await db.owner.query(`grant usage on sequence billing.patient_control_number_seq to ${role}`);
    await db.owner.query(`grant execute on all functions in schema core, core_private, billing, billing_private to ${role}`);
    await db.owner.query(`grant usage on schema core_private to ${role}`);
    await db.owner.query(`alter function billing_private.write_claims(uuid[], uuid[], text) owner to ${role}`);
    const privileged = (await db.owner.query<{ ok: boolean }>(`select has_parameter_privilege('${role}', 'session_replication_role', 'SET') as ok`)).rows[0].ok;
    expect(privileged).toBe(false);
    const ids = await validatedCharges(['INT-PLAIN-1', 'INT-PLAIN-2']);
    const built = await inBuild(ids, async (writer) => {
      expect((await writer.query<{ role: string }>("select current_setting('session_replication_role') as role")).rows[0].role).toBe('origin');
    });
    expect(new Set(built).size).toBe(1);
    expect(await count("billing.claim_line where claim_id = $1", [built[0]])).toBe(2);
    expect(await count("billing_private.claim_lookup where claim_id = $1 and status = 'BUILT'", [built[0]])).toBe(1);
  } finally {
    await db.owner.query('alter function billing_private.write_claims(uuid[], uuid[], text) owner to current_user');
    await db.owner.query(`drop owned by ${role}`);
    await db.owner.query(`drop role ${role}`);
  }
});
