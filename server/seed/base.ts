// Base synthetic data for one tenant: facilities, a sandbox trading partner, payers with real
// payer ids and filing limits, members with primary/secondary coverage, dependents, gaps and
// terminations, and visits over the past 30 and next 30 days. Set-based and deterministic:
// every choice is a hash of (seed, row number, field), so the same seed gives the same data.
import type pg from 'pg';
import { makeNpi } from './npi.ts';
import { partnerCredentialKey } from '../partners/credential-key.ts';

export interface SeedOptions {
  slug: string;
  name: string;
  members: number;
  events: number;
  seed: number;
  sandboxUrl: string;
  sandboxUsername: string;
  sandboxPassword: string;
}

export const FACILITIES = [
  { code: 'MAIN', name: 'Riverside General Hospital', npi: makeNpi('123456789') },
  { code: 'OPC', name: 'Riverside Outpatient Clinic', npi: makeNpi('198765432') },
  { code: 'LAB', name: 'Riverside Diagnostic Lab', npi: makeNpi('154321987') },
];

export const RENDERING_NPIS = ['111222333', '144455566', '177788899', '133344455', '166677788'].map(makeNpi);

// Payer ids as clearinghouses publish them; filing limits: Medicare 365, commercial 90 to 180.
export const PAYERS = [
  { code: 'MCR', name: 'Medicare Part B', payerIdentifier: 'CMS', kind: 'MEDICARE', timelyFilingDays: 365, staleDays: 30, maxInFlight: 20, cap: null },
  { code: 'MCD', name: 'New York Medicaid (eMedNY)', payerIdentifier: 'NYMCD', kind: 'MEDICAID', timelyFilingDays: 90, staleDays: 45, maxInFlight: 10, cap: null },
  { code: 'AETNA', name: 'Aetna', payerIdentifier: '60054', kind: 'COMMERCIAL', timelyFilingDays: 120, staleDays: 30, maxInFlight: 10, cap: null },
  { code: 'UHC', name: 'UnitedHealthcare', payerIdentifier: '87726', kind: 'COMMERCIAL', timelyFilingDays: 90, staleDays: 30, maxInFlight: 10, cap: null },
  { code: 'CIGNA', name: 'Cigna', payerIdentifier: '62308', kind: 'COMMERCIAL', timelyFilingDays: 90, staleDays: 30, maxInFlight: 10, cap: 5000 },
  { code: 'BCBS', name: 'Blue Cross Blue Shield', payerIdentifier: '00310', kind: 'COMMERCIAL', timelyFilingDays: 180, staleDays: 45, maxInFlight: 10, cap: null },
];

// Sandbox partner scenarios by subscriber id prefix (sandbox-partner/README.md); most are active.
const SCENARIO_PREFIXES = [
  ...Array(80).fill('ACT'),
  ...Array(4).fill('INA'),
  ...Array(3).fill('NF'),
  ...Array(2).fill('BADID'),
  ...Array(3).fill('OTHER'),
  ...Array(3).fill('TERM'),
  ...Array(3).fill('BUSY'),
  'REJ999',
  'ERR500',
];

const FIRST_NAMES = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Maria', 'Wei', 'Mei', 'Aisha', 'Omar', 'Priya', 'Raj', 'Olga', 'Ivan', 'Fatima', 'Kenji'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Chen', 'Nguyen', 'Patel', 'Kim', 'Okafor'];

export async function seedBase(client: pg.ClientBase, options: SeedOptions): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `insert into core.tenant (slug, name) values ($1, $2)
     on conflict (slug) do update set name = excluded.name returning id`,
    [options.slug, options.name],
  );
  const tenantId = rows[0].id;
  const already = await client.query('select 1 from member.member where tenant_id = $1 limit 1', [tenantId]);
  if (already.rowCount) return tenantId;

  for (const f of FACILITIES) {
    await client.query('insert into core.facility (tenant_id, code, name, npi) values ($1, $2, $3, $4)', [tenantId, f.code, f.name, f.npi]);
  }
  const partner = await client.query<{ id: string }>(
    `insert into core.trading_partner (tenant_id, name, endpoint_url, mode, sender_id, receiver_id, timeout_ms, credentials_updated_at)
     values ($1, 'Sandbox clearinghouse', $2, 'realtime', $3, 'SANDBOXCH', 5000, now()) returning id`,
    [tenantId, options.sandboxUrl, `RCM${options.slug.replace(/[^a-z0-9]/gi, '').slice(0, 12).toUpperCase()}`],
  );
  await client.query('select core_private.fn_store_trading_partner_credentials($1, $2, $3, $4, $5)', [
    tenantId,
    partner.rows[0].id,
    options.sandboxUsername,
    options.sandboxPassword,
    partnerCredentialKey(),
  ]);
  for (const p of PAYERS) {
    await client.query(
      `insert into core.payer (tenant_id, code, name, payer_identifier, kind, timely_filing_days, stale_claim_days, max_in_flight, daily_270_cap, trading_partner_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tenantId, p.code, p.name, p.payerIdentifier, p.kind, p.timelyFilingDays, p.staleDays, p.maxInFlight, p.cap, partner.rows[0].id],
    );
  }

  // h(n, field) is a deterministic pseudo-random non-negative bigint.
  const h = (n: string, field: string) => `abs(hashtextextended(${n}::text || ':${field}', ${options.seed}))`;
  await client.query(
    `insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender, state, postal_code)
     select $1, 'M' || lpad(n::text, 7, '0'),
            ($2::text[])[1 + ${h('n', 'first')} % cardinality($2::text[])],
            ($3::text[])[1 + ${h('n', 'last')} % cardinality($3::text[])],
            date '1940-01-01' + (${h('n', 'dob')} % 29000)::int,
            (array['M', 'F'])[1 + ${h('n', 'gender')} % 2],
            'NY', lpad((10001 + ${h('n', 'zip')} % 900)::text, 5, '0')
     from generate_series(1, $4::int) n`,
    [tenantId, FIRST_NAMES, LAST_NAMES, options.members],
  );
  // Primary coverage for everyone; 10% dependents of a subscriber, 20% secondary, 5% terminated
  // last month (a gap), 3% starting next month.
  await client.query(
    `with payer as (select id, row_number() over (order by code) - 1 as i, count(*) over () as k from core.payer where tenant_id = $1),
     m as (select id, member_number, first_name, last_name, date_of_birth, gender, substr(member_number, 2)::int as n from member.member where tenant_id = $1)
     insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, relationship_code,
       subscriber_first_name, subscriber_last_name, subscriber_date_of_birth, subscriber_gender, effective_from, effective_to, status, priority)
     select $1, m.id, payer.id,
            ($2::text[])[1 + ${h('m.n', 'scenario')} % cardinality($2::text[])] || lpad((${h('m.n', 'sub')} % 1000000000)::text, 9, '0'),
            -- The sandbox partner answers plan SANDBOX GOLD PPO; 2% on file disagree (PLAN_CHANGED anomalies).
            'G' || (100 + ${h('m.n', 'group')} % 900), case when ${h('m.n', 'plan')} % 100 < 2 then 'Choice Plus PPO' else 'SANDBOX GOLD PPO' end,
            case when ${h('m.n', 'dep')} % 10 = 0 then '19' else '18' end,
            case when ${h('m.n', 'dep')} % 10 = 0 then ($3::text[])[1 + ${h('m.n', 'subfirst')} % cardinality($3::text[])] end,
            case when ${h('m.n', 'dep')} % 10 = 0 then m.last_name end,
            case when ${h('m.n', 'dep')} % 10 = 0 then date '1960-01-01' + (${h('m.n', 'subdob')} % 9000)::int end,
            case when ${h('m.n', 'dep')} % 10 = 0 then 'F' end,
            case when ${h('m.n', 'future')} % 100 < 3 and ${h('m.n', 'term')} % 100 >= 5 then current_date + 30 else date '2024-01-01' end,
            case when ${h('m.n', 'term')} % 100 < 5 then current_date - 20 end,
            case when ${h('m.n', 'term')} % 100 < 5 then 'TERMINATED' else 'ACTIVE' end,
            1
     from m join payer on payer.i = ${h('m.n', 'payer')} % payer.k`,
    [tenantId, SCENARIO_PREFIXES, FIRST_NAMES],
  );
  await client.query(
    `with payer as (select id, row_number() over (order by code) - 1 as i, count(*) over () as k from core.payer where tenant_id = $1),
     m as (select id, substr(member_number, 2)::int as n from member.member where tenant_id = $1)
     insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, effective_from, priority)
     select $1, m.id, payer.id, 'ACT' || lpad((${h('m.n', 'sub2')} % 1000000000)::text, 9, '0'), 'G' || (100 + ${h('m.n', 'group2')} % 900),
            'SANDBOX GOLD PPO', date '2024-01-01', 2
     from m join payer on payer.i = (${h('m.n', 'payer')} + 1 + ${h('m.n', 'payer2')} % (payer.k - 1)) % payer.k
     where ${h('m.n', 'secondary')} % 100 < 20`,
    [tenantId],
  );
  // Visits spread over the past 30 and next 30 days.
  await client.query(
    `with m as (select id, row_number() over (order by member_number) - 1 as i from member.member where tenant_id = $1),
     f as (select id, row_number() over (order by code) - 1 as i, count(*) over () as k from core.facility where tenant_id = $1),
     e as (select n, ${h('n', 'member')} % $3 as member_i, (${h('n', 'day')} % 61)::int - 30 as day_offset, ${h('n', 'status')} % 100 as roll
           from generate_series(1, $4::int) n)
     insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status, rendering_npi, service_type_code)
     select $1, 'E' || lpad(e.n::text, 8, '0'), m.id, f.id, current_date + e.day_offset,
            case when e.day_offset > 0 then case when e.roll < 92 then 'SCHEDULED' else 'CANCELLED' end
                 when e.day_offset = 0 then case when e.roll < 60 then 'CHECKED_IN' else 'SCHEDULED' end
                 else case when e.roll < 85 then 'COMPLETED' when e.roll < 93 then 'NO_SHOW' else 'CANCELLED' end end,
            ($2::text[])[1 + ${h('e.n', 'npi')} % cardinality($2::text[])],
            (array['30', '30', '30', '98', '47', '50', 'UC'])[1 + ${h('e.n', 'stc')} % 7]
     from e join m on m.i = e.member_i join f on f.i = ${h('e.n', 'facility')} % f.k`,
    [tenantId, RENDERING_NPIS, options.members, options.events],
  );
  return tenantId;
}
