// Each constraint of the base schema rejects its bad input, with the constraint named.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

let db: TestDatabase;
let t: string;
let ids: { member: string; payer: string; facility: string; partner: string };

beforeAll(async () => {
  db = await createTestDatabase();
  t = await seedTestTenant(db, 'alpha');
  const one = async (sql: string) => (await db.owner.query(sql, [t])).rows[0].id as string;
  ids = {
    member: await one('select id from member.member where tenant_id = $1 limit 1'),
    payer: await one('select id from core.payer where tenant_id = $1 limit 1'),
    facility: await one('select id from core.facility where tenant_id = $1 limit 1'),
    partner: await one('select id from core.trading_partner where tenant_id = $1 limit 1'),
  };
});
afterAll(async () => db.drop());

async function rejects(sql: string, params: unknown[], expected: { code: string; constraint?: RegExp }): Promise<void> {
  const client = await db.owner.connect();
  try {
    await client.query('begin');
    await expect(client.query(sql, params)).rejects.toMatchObject({ code: expected.code, ...(expected.constraint ? { constraint: expect.stringMatching(expected.constraint) } : {}) });
  } finally {
    await client.query('rollback');
    client.release();
  }
}

const coverage = (overrides: string) =>
  `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, effective_from, effective_to, relationship_code, status, priority)
   select $1, $2, $3, v.subscriber_id, v.effective_from, v.effective_to, v.relationship_code, v.status, v.priority
   from (select 'ACT123'::text as subscriber_id, date '2025-01-01' as effective_from, null::date as effective_to, '18'::text as relationship_code, 'ACTIVE'::text as status, 1::smallint as priority) d,
   lateral (select ${overrides}) v`;

test.each([
  ['tenant slug shape', "insert into core.tenant (slug, name) values ('Bad Slug!', 'x')", [], '23514', /slug/],
  ['duplicate tenant slug', "insert into core.tenant (slug, name) values ('alpha', 'x')", [], '23505', /slug/],
  ['facility NPI check digit', "insert into core.facility (tenant_id, code, name, npi) values ($1, 'X1', 'x', '1234567890')", ['t'], '23514', /npi/],
  ['duplicate facility code', "insert into core.facility (tenant_id, code, name) values ($1, 'MAIN', 'x')", ['t'], '23505', /code/],
  ['payer timely filing days range', "insert into core.payer (tenant_id, code, name, payer_identifier, timely_filing_days) values ($1, 'P9', 'x', '12345', 0)", ['t'], '23514', /timely_filing_days/],
  ['payer kind', "insert into core.payer (tenant_id, code, name, payer_identifier, kind) values ($1, 'P9', 'x', '12345', 'HMO')", ['t'], '23514', /kind/],
  ['payer daily cap positive', "insert into core.payer (tenant_id, code, name, payer_identifier, daily_270_cap) values ($1, 'P9', 'x', '12345', 0)", ['t'], '23514', /daily_270_cap/],
  ['trading partner endpoint URL', "insert into core.trading_partner (tenant_id, name, endpoint_url, sender_id, receiver_id) values ($1, 'tp', 'ftp://x', 'A', 'B')", ['t'], '23514', /endpoint_url/],
  ['trading partner mode', "insert into core.trading_partner (tenant_id, name, endpoint_url, sender_id, receiver_id, mode) values ($1, 'tp', 'http://x', 'A', 'B', 'sometimes')", ['t'], '23514', /mode/],
  ['trading partner timeout range', "insert into core.trading_partner (tenant_id, name, endpoint_url, sender_id, receiver_id, timeout_ms) values ($1, 'tp', 'http://x', 'A', 'B', 5)", ['t'], '23514', /timeout_ms/],
  ['member gender', "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender) values ($1, 'X1', 'a', 'b', '1990-01-01', 'Q')", ['t'], '23514', /gender/],
  ['member date of birth', "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, 'X1', 'a', 'b', '1800-01-01')", ['t'], '23514', /date_of_birth/],
  ['member number of 41 characters', "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, repeat('M', 41), 'a', 'b', '1990-01-01')", ['t'], '23514', /member_number/],
  ['member number with a space', "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, 'M 1', 'a', 'b', '1990-01-01')", ['t'], '23514', /member_number/],
  ['service event number of 41 characters', "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date) values ($1, repeat('E', 41), $2, $3, current_date)", ['t', 'member', 'facility'], '23514', /event_number/],
  ['service event number with a slash', "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date) values ($1, 'E/1', $2, $3, current_date)", ['t', 'member', 'facility'], '23514', /event_number/],
  ['charge number of 41 characters', "insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, units, amount, service_date) values ($1, repeat('C', 41), $2, $3, '99213', 1, 1, current_date)", ['t', 'member', 'facility'], '23514', /charge_number/],
  ['member blank name', "insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth) values ($1, 'X1', ' ', 'b', '1990-01-01')", ['t'], '23514', /first_name/],
  ['service event status', "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status) values ($1, 'E1', $2, $3, current_date, 'LOST')", ['t', 'member', 'facility'], '23514', /status/],
  ['service event rendering NPI', "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, rendering_npi) values ($1, 'E1', $2, $3, current_date, '12345')", ['t', 'member', 'facility'], '23514', /rendering_npi/],
  ['service event for a member of no tenant', "insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date) values ($1, 'E1', gen_random_uuid(), $2, current_date)", ['t', 'facility'], '23503', /member/],
  ['charge status', "insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, units, amount, service_date, status) values ($1, 'C1', $2, $3, '99213', 1, 1, current_date, 'LOST')", ['t', 'member', 'facility'], '23514', /status/],
  ['charge with five modifiers', "insert into billing.charge (tenant_id, charge_number, member_id, facility_id, procedure_code, units, amount, service_date, modifiers) values ($1, 'C1', $2, $3, '99213', 1, 1, current_date, '{25,59,76,77,91}')", ['t', 'member', 'facility'], '23514', /modifiers/],
])('%s', async (_name, sql, params, code, constraint) => {
  const values = (params as string[]).map((p) => (p === 't' ? t : ids[p as keyof typeof ids]));
  await rejects(sql as string, values, { code: code as string, constraint: constraint as RegExp });
});

test.each([
  ['coverage dates out of order', "v.subscriber_id, d.effective_from, date '2024-01-01', d.relationship_code, d.status, d.priority", /coverage_dates_in_order/],
  ['dependent coverage without subscriber', "d.subscriber_id, d.effective_from, d.effective_to, '19'::text, d.status, d.priority", /dependent_has_subscriber/],
  ['coverage subscriber id of 1 character', "'A'::text, d.effective_from, d.effective_to, d.relationship_code, d.status, d.priority", /subscriber_id/],
  ['coverage subscriber id with a dot', "'ACT.123'::text, d.effective_from, d.effective_to, d.relationship_code, d.status, d.priority", /subscriber_id/],
  ['coverage status', "d.subscriber_id, d.effective_from, d.effective_to, d.relationship_code, 'MAYBE'::text, d.priority", /status/],
  ['coverage priority', "d.subscriber_id, d.effective_from, d.effective_to, d.relationship_code, d.status, 9::smallint", /priority/],
  ['coverage relationship code', "d.subscriber_id, d.effective_from, d.effective_to, 'XX'::text, d.status, d.priority", /relationship_code/],
])('%s', async (_name, select, constraint) => {
  const sql = coverage((select as string).replace(/^v\.subscriber_id/, 'd.subscriber_id').replace(/, /g, ', ').split(', ').map((expr, i) => `${expr} as ${['subscriber_id', 'effective_from', 'effective_to', 'relationship_code', 'status', 'priority'][i]}`).join(', '));
  await rejects(sql, [t, ids.member, ids.payer], { code: '23514', constraint: constraint as RegExp });
});
