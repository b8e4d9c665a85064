// A service event's member and facility are checked once per statement (migration
// 72-service-event-parents-per-statement) instead of by two foreign keys checked once per row:
// what the keys guaranteed still holds. An event naming no member or facility of its tenant is
// refused with nothing of its statement kept; an update re-pointing an event is checked; a member
// or facility with events is not deleted, re-keyed or truncated away; and the member an
// uncommitted event names cannot be deleted under it (it is locked, as the key locked it).
import { createTestDatabase, ownerSession, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let tenant: string;
let otherTenant: string;
let member: string;
let facility: string;
let otherMember: string;
let otherFacility: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedTestTenant(db, 'event-parents');
  otherTenant = await seedTestTenant(db, 'event-parents-other');
  const pick = async (sql: string, tenantId: string) => (await db.owner.query(sql, [tenantId])).rows[0].id as string;
  member = await pick('select id from member.member where tenant_id = $1 order by member_number limit 1', tenant);
  facility = await pick("select id from core.facility where tenant_id = $1 and code = 'MAIN'", tenant);
  otherMember = await pick('select id from member.member where tenant_id = $1 order by member_number limit 1', otherTenant);
  otherFacility = await pick("select id from core.facility where tenant_id = $1 and code = 'MAIN'", otherTenant);
});
afterAll(async () => {
  await db.drop();
});

const addEvents = (numbers: string[], memberId: string, facilityId: string, tenantId = tenant) => db.owner.query(
  `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date)
   select $1, n, $2, $3, current_date from unnest($4::text[]) n`, [tenantId, memberId, facilityId, numbers]);

const eventCount = async (prefix: string) =>
  (await db.owner.query('select count(*)::int as n from service.service_event where event_number like $1', [`${prefix}%`])).rows[0].n as number;

/** A member of the tenant with no events, claims or coverage of its own, so only the events decide. */
async function bareMember(number: string): Promise<string> {
  return (await db.owner.query(
    "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, $2, 'Ann', 'Parent', '1970-01-01') returning id",
    [tenant, number])).rows[0].id;
}

test('events naming a member and a facility of their tenant go in; one naming another tenant\'s or none is refused with its whole statement', async () => {
  await addEvents(['EP-OK-1', 'EP-OK-2'], member, facility);
  expect(await eventCount('EP-OK-')).toBe(2);

  await expect(addEvents(['EP-BAD-1'], otherMember, facility)).rejects.toMatchObject({
    code: '23503', message: expect.stringContaining(`service_event EP-BAD-1 names member_id ${otherMember}, which is not a member of tenant ${tenant}`),
  });
  await expect(addEvents(['EP-BAD-2'], member, otherFacility)).rejects.toMatchObject({
    code: '23503', message: expect.stringContaining(`names facility_id ${otherFacility}, which is not a facility of tenant ${tenant}`),
  });
  const unknown = '00000000-0000-4000-8000-000000000072';
  // One good row and one bad row in a statement: nothing of it is kept.
  await expect(db.owner.query(
    `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date)
     values ($1, 'EP-BAD-3', $2, $3, current_date), ($1, 'EP-BAD-4', $4, $3, current_date)`, [tenant, member, facility, unknown]))
    .rejects.toMatchObject({ code: '23503' });
  expect(await eventCount('EP-BAD-')).toBe(0);
});

test('an update (or the feed\'s upsert) that re-points an event is checked; other updates pass', async () => {
  await addEvents(['EP-UPD-1'], member, facility);
  await expect(db.owner.query("update service.service_event set member_id = $1 where event_number = 'EP-UPD-1'", [otherMember]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining('which is not a member of tenant') });
  await expect(db.owner.query(
    `insert into service.service_event as e (tenant_id, event_number, member_id, facility_id, service_date) values ($1, 'EP-UPD-1', $2, $3, current_date)
     on conflict (tenant_id, event_number) do update set facility_id = excluded.facility_id`, [tenant, member, otherFacility]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining('which is not a facility of tenant') });
  await db.owner.query("update service.service_event set status = 'COMPLETED' where event_number = 'EP-UPD-1'");
  const { rows } = await db.owner.query("select member_id, facility_id, status from service.service_event where event_number = 'EP-UPD-1'");
  expect(rows).toEqual([{ member_id: member, facility_id: facility, status: 'COMPLETED' }]);
});

test('a member or facility with events is not deleted, re-keyed nor truncated away; without events the member goes', async () => {
  const named = await bareMember('EPM-NAMED');
  await addEvents(['EP-DEL-1'], named, facility);
  await expect(db.owner.query('delete from member.member where id = $1', [named]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`member.member ${named} is named by service.service_event`) });
  await expect(db.owner.query('update member.member set id = gen_random_uuid() where id = $1', [named])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('delete from core.facility where id = $1', [facility])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update core.facility set id = gen_random_uuid() where id = $1', [facility])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate member.member cascade')).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('only together with service.service_event') });
  await db.owner.query("delete from service.service_event where event_number = 'EP-DEL-1'");
  await db.owner.query('delete from member.member where id = $1', [named]);
  expect((await db.owner.query('select count(*)::int as n from member.member where id = $1', [named])).rows[0].n).toBe(0);
});

test('the member an uncommitted event names is locked: its delete waits for the event\'s transaction, then is refused', async () => {
  const locked = await bareMember('EPM-LOCKED');
  await ownerSession(db, async (writer) => {
    await writer.query('begin');
    await writer.query(`insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date)
                        values ($1, 'EP-LOCK-1', $2, $3, current_date)`, [tenant, locked, facility]);
    await ownerSession(db, async (deleter) => {
      // Without the lock the delete would see no committed event and remove the member under it.
      await deleter.query("set lock_timeout = '300ms'");
      await expect(deleter.query('delete from member.member where id = $1', [locked])).rejects.toMatchObject({ code: '55P03' });
      await writer.query('commit');
      await deleter.query("set lock_timeout = '5s'");
      await expect(deleter.query('delete from member.member where id = $1', [locked])).rejects.toMatchObject({ code: '23503' });
    });
  });
  expect(await eventCount('EP-LOCK-')).toBe(1);
});
