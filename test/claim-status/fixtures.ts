// Stale claims for the claim status (276/277) tests: BUILT through the real functions, SUBMITTED
// long ago (billing.fn_record_claim_status), flagged by billing.fn_detect_stale_claims.
import type { TestDatabase } from '../support/database.ts';
import { activeMembers, asTenant } from '../claims/fixtures.ts';
import { builtClaims, readyTenant } from '../claims-out/fixtures.ts';

export interface StaleClaim {
  claimId: string;
  pcn: string;
  payerIdentifier: string;
  coverageId: string;
}

/** A tenant whose payers' partner (the sandbox at `partnerUrl`) answers 276s. */
export async function claimStatusTenant(db: TestDatabase, slug: string, partnerUrl: string): Promise<string> {
  const tenantId = await readyTenant(db, slug);
  await db.owner.query('update core.trading_partner set endpoint_url = $2, supports_276 = true where tenant_id = $1', [tenantId, partnerUrl]);
  return tenantId;
}

/** One claim per member (the first `count` members with one active coverage), SUBMITTED `daysAgo` days ago. */
export async function submittedClaims(db: TestDatabase, tenantId: string, count: number, options: { daysAgo?: number; prefix?: string; skip?: number; payer?: string } = {}): Promise<StaleClaim[]> {
  const members = (await activeMembers(db, tenantId)).filter((m) => !options.payer || m.payer_code === options.payer).slice(options.skip ?? 0, (options.skip ?? 0) + count);
  if (members.length < count) throw new Error(`only ${members.length} members for ${count} claims`);
  const claims: StaleClaim[] = [];
  for (const [i, m] of members.entries()) {
    const [claimId] = await builtClaims(db, tenantId, [{ number: `${options.prefix ?? 'S'}-${i}`, member: m.member_number, amount: 100 + i }]);
    await asTenant(db, tenantId, 'claims.write', `select billing.fn_record_claim_status($1, 'SUBMITTED', occurred_at => now() - make_interval(days => $2))`, [claimId, options.daysAgo ?? 60]);
    const { rows } = await db.owner.query(
      `select c.patient_control_number as pcn, p.payer_identifier, c.coverage_policy_id from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.id = $1`, [claimId]);
    claims.push({ claimId, pcn: rows[0].pcn, payerIdentifier: rows[0].payer_identifier, coverageId: rows[0].coverage_policy_id });
  }
  return claims;
}

export const detectStale = (db: TestDatabase, tenantId: string) =>
  asTenant<{ r: { flagged: number; open: number } }>(db, tenantId, 'claims.write', 'select billing.fn_detect_stale_claims() as r').then((r) => r[0].r);

/** The claim's history notes of 277 answers. */
export async function statusNotes(db: TestDatabase, claimId: string): Promise<string[]> {
  const { rows } = await db.owner.query("select reason from billing.claim_status_history where claim_id = $1 and reason like '277 claim status:%' order by seq", [claimId]);
  return rows.map((r) => r.reason);
}

/** What the sandbox answers a claim (sandbox-partner/claim-status.ts): by its PCN's last digit. */
export const expectedNote = (pcn: string, charge: string): string => (Number(pcn.slice(-1)) <= 2
  ? `277 claim status: F1:1 Finalized/Payment: For more detailed information, see remittance advice.; charge ${charge}, paid ${(Math.round(Number(charge) * 80) / 100).toFixed(2)}`
  : `277 claim status: P1:20 Pending/In Process: Accepted for processing.; charge ${charge}, paid 0.00`);
