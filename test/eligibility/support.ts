// Helpers for the eligibility tests: tenants with members in chosen sandbox scenarios, the
// sandbox partner wired in, acting as a tenant user in SQL (the psql path), waiting for runs.
import type { TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';

export interface ScenarioMember {
  number: string;
  /** Subscriber id; its prefix picks the sandbox answer (ACT, INA, NF, ...). */
  subscriberId: string;
  payer?: string;
  /** Days from today of the visit. */
  day?: number;
  facility?: string;
  status?: string;
  /** Relationship to the subscriber; not 18 makes the member a dependent. */
  relationship?: string;
  coverageStatus?: string;
  effectiveTo?: string | null;
  secondary?: { subscriberId: string; payer: string };
  noCoverage?: boolean;
}

/** A tenant with the base reference data (facilities, payers, sandbox partner) and only the given members. */
export async function scenarioTenant(db: TestDatabase, slug: string, sandboxUrl: string, members: ScenarioMember[]): Promise<string> {
  const tenantId = await seedTestTenant(db, slug, { members: 0, events: 0 });
  await db.owner.query('update core.trading_partner set endpoint_url = $2, timeout_ms = 2000 where tenant_id = $1', [tenantId, sandboxUrl]);
  // The demo seed's schedule would fire in tests that move time forward.
  await db.owner.query('delete from eligibility.sweep_schedule where tenant_id = $1', [tenantId]);
  await addScenarioMembers(db, tenantId, members);
  return tenantId;
}

export async function addScenarioMembers(db: TestDatabase, tenantId: string, members: ScenarioMember[]): Promise<void> {
  for (const m of members) {
    const member = await db.owner.query<{ id: string }>(
      `insert into member.member (tenant_id, member_number, first_name, last_name, date_of_birth, gender)
       values ($1, $2, 'Pat', 'Doe' || $2, date '1980-05-17', 'F') returning id`, [tenantId, m.number]);
    const memberId = member.rows[0].id;
    if (!m.noCoverage) {
      const dependent = m.relationship && m.relationship !== '18';
      await db.owner.query(
        `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, plan_name, relationship_code, subscriber_first_name,
           subscriber_last_name, subscriber_date_of_birth, subscriber_gender, effective_from, effective_to, status, priority)
         select $1, $2, p.id, $3, 'Sandbox Gold PPO', $4, $5, $6, $7, $8, date '2024-01-01', $9::date, $10, 1
         from core.payer p where p.tenant_id = $1 and p.code = $11`,
        [tenantId, memberId, m.subscriberId, m.relationship ?? '18', dependent ? 'Sam' : null, dependent ? 'Doe' : null,
          dependent ? '1975-01-02' : null, dependent ? 'M' : null, m.effectiveTo ?? null, m.coverageStatus ?? 'ACTIVE', m.payer ?? 'AETNA']);
      if (m.secondary) {
        await db.owner.query(
          `insert into member.coverage_policy (tenant_id, member_id, payer_id, subscriber_id, plan_name, effective_from, priority)
           select $1, $2, p.id, $3, 'Sandbox Gold PPO', date '2024-01-01', 2 from core.payer p where p.tenant_id = $1 and p.code = $4`,
          [tenantId, memberId, m.secondary.subscriberId, m.secondary.payer]);
      }
    }
    await db.owner.query(
      `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'E' || $2, $3, f.id, current_date + $4::integer, $5 from core.facility f where f.tenant_id = $1 and f.code = $6`,
      [tenantId, m.number, memberId, m.day ?? 1, m.status ?? 'SCHEDULED', m.facility ?? 'MAIN']);
  }
}

export { asTenantUser } from '../support/tenant-user.ts';

/** The error a SQL call raises, as {code, message}. */
export async function sqlError(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected an error');
}

export async function waitForRun(db: TestDatabase, runId: string, statuses: string[] = ['COMPLETED', 'CANCELLED', 'FAILED'], timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.owner.query('select * from eligibility.eligibility_sweep_run where id = $1', [runId]);
    if (rows[0] && statuses.includes(rows[0].status)) return rows[0];
    if (Date.now() > until) throw new Error(`run ${runId} is ${rows[0]?.status}, not ${statuses.join('/')} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function membersByNumber(db: TestDatabase, runId: string): Promise<Record<string, { status: string; failure_reason: string | null; cache_reused: boolean; attempts: number }>> {
  const { rows } = await db.owner.query(
    `select mm.member_number, m.status, m.failure_reason, m.cache_reused, m.attempts from eligibility.sweep_run_member m
     join member.member mm on mm.tenant_id = m.tenant_id and mm.id = m.member_id where m.sweep_run_id = $1`, [runId]);
  return Object.fromEntries(rows.map((r) => [r.member_number, { status: r.status, failure_reason: r.failure_reason, cache_reused: r.cache_reused, attempts: r.attempts }]));
}
