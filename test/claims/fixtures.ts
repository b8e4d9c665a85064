// Charges, members and payers for the claims tests, arranged as the owner behind the API's back.
import type pg from 'pg';
import type { TestDatabase } from '../support/database.ts';
import { demoSeedOptions } from '../../server/seed/seed-tenant.ts';
import { seedBase } from '../../server/seed/base.ts';
import { makeNpi } from '../../server/seed/npi.ts';

export const VALID_NPI = makeNpi('123456789');
export const OTHER_NPI = makeNpi('198765432');

/** A tenant with the base data only (facilities, payers, members, coverage, events): no demo charges or claims. */
export async function baseTenant(db: TestDatabase, slug: string): Promise<string> {
  const client = await db.owner.connect();
  try {
    return await seedBase(client, demoSeedOptions({ slug, name: `Tenant ${slug}`, members: 30, events: 60, seed: 7 }));
  } finally {
    client.release();
  }
}

export interface ChargeSpec {
  number: string;
  member?: string; // member_number; default: a member with one active primary coverage since 2024
  payer?: string; // payer code: picks a member whose primary coverage is with that payer
  facility?: string;
  eventId?: string | null;
  coveragePolicyId?: string | null;
  procedureCode?: string;
  modifiers?: string[];
  diagnosisCodes?: string[];
  diagnosisPointers?: number[];
  units?: number;
  amount?: number;
  serviceDate?: string; // ISO date or an expression like 'current_date - 10'
  daysAgo?: number;
  placeOfService?: string;
  renderingNpi?: string | null;
  billingNpi?: string | null;
  status?: string;
}

/** Members with a single ACTIVE primary coverage from 2024-01-01, open-ended, by payer code. */
export async function activeMembers(db: TestDatabase, tenantId: string): Promise<{ member_id: string; member_number: string; payer_code: string; coverage_id: string }[]> {
  const { rows } = await db.owner.query(
    `select m.id as member_id, m.member_number, p.code as payer_code, cp.id as coverage_id
     from member.member m
     join member.coverage_policy cp on cp.tenant_id = m.tenant_id and cp.member_id = m.id and cp.priority = 1
     join core.payer p on p.tenant_id = cp.tenant_id and p.id = cp.payer_id
     where m.tenant_id = $1 and cp.status = 'ACTIVE' and cp.effective_from = date '2024-01-01' and cp.effective_to is null
       and (select count(*) from member.coverage_policy x where x.tenant_id = m.tenant_id and x.member_id = m.id) = 1
     order by m.member_number`,
    [tenantId],
  );
  return rows;
}

export async function insertCharges(db: TestDatabase, tenantId: string, specs: ChargeSpec[]): Promise<Record<string, string>> {
  const members = await activeMembers(db, tenantId);
  if (members.length === 0) throw new Error('no member with a single active coverage');
  const ids: Record<string, string> = {};
  for (const spec of specs) {
    const member = spec.member
      ? members.find((m) => m.member_number === spec.member)
      : spec.payer
        ? members.find((m) => m.payer_code === spec.payer)
        : members[0];
    const memberId = member?.member_id ?? (await db.owner.query('select id from member.member where tenant_id = $1 and member_number = $2', [tenantId, spec.member])).rows[0].id;
    const { rows } = await db.owner.query(
      `insert into billing.charge (tenant_id, charge_number, service_event_id, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi,
         procedure_code, modifiers, diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status)
       values ($1, $2, $3, $4, $5, (select id from core.facility where tenant_id = $1 and code = $6), $7, $8, $9, $10, $11, $12, $13, $14,
               coalesce($15::date, current_date - $16::int), $17, $18)
       returning id`,
      [
        tenantId, spec.number, spec.eventId ?? null, memberId, spec.coveragePolicyId ?? null, spec.facility ?? 'MAIN',
        spec.renderingNpi === undefined ? VALID_NPI : spec.renderingNpi, spec.billingNpi === undefined ? VALID_NPI : spec.billingNpi,
        spec.procedureCode ?? '99213', spec.modifiers ?? [], spec.diagnosisCodes ?? ['E11.9'], spec.diagnosisPointers ?? [1],
        spec.units ?? 1, spec.amount ?? 100, spec.serviceDate ?? null, spec.daysAgo ?? 5, spec.placeOfService ?? '11', spec.status ?? 'NEW',
      ],
    );
    ids[spec.number] = rows[0].id;
  }
  return ids;
}

/** Runs SQL as an API user of the tenant (rcm_visitor with JWT claims), in a transaction that commits. */
export async function asTenant<T = Record<string, unknown>>(db: TestDatabase, tenantId: string, permissions: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = await db.owner.connect();
  try {
    await client.query('begin');
    await client.query(
      "select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', $2, true), set_config('jwt.claims.sub', 'test', true)",
      [tenantId, permissions],
    );
    const { rows } = await client.query(sql, params);
    await client.query('commit');
    return rows as T[];
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** The owner's one-shot call for every tenant, as psql after `select core.act_for_every_tenant();`. */
export async function asEveryTenant<T = Record<string, unknown>>(db: TestDatabase, sql: string, params: unknown[] = [], client?: pg.ClientBase): Promise<T[]> {
  const own = client ?? await db.owner.connect();
  try {
    await own.query('select core.act_for_every_tenant()');
    return (await own.query(sql, params)).rows as T[];
  } finally {
    await own.query("select set_config('rcm.act_for_every_tenant', '', false)").catch(() => undefined);
    if (!client) (own as pg.PoolClient).release();
  }
}
