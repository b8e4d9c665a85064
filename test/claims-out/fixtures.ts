// BUILT claims ready to leave, for the claims-out tests: a base tenant with the 837P data filled
// in, charges validated and built through the real functions.
import type { TestDatabase } from '../support/database.ts';
import { asTenant, baseTenant, insertCharges, type ChargeSpec } from '../claims/fixtures.ts';
import { fillClaimSubmissionData } from '../../server/seed/claims-submission-data.ts';
import { waitFor } from '../eligibility/support.ts';

export async function readyTenant(db: TestDatabase, slug: string): Promise<string> {
  const tenantId = await baseTenant(db, slug);
  const client = await db.owner.connect();
  try {
    await fillClaimSubmissionData(client, tenantId);
  } finally {
    client.release();
  }
  return tenantId;
}

/** Validates and builds the charges; returns the claim ids in charge order (one per distinct claim). */
export async function builtClaims(db: TestDatabase, tenantId: string, specs: ChargeSpec[]): Promise<string[]> {
  const ids = await insertCharges(db, tenantId, specs);
  await asTenant(db, tenantId, 'claims.write', 'select * from billing.fn_validate_charges($1)', [Object.values(ids)]);
  const outcome = await asTenant<{ claim_id: string | null; error_code: string | null; error_message: string | null }>(
    db, tenantId, 'claims.write', 'select * from billing.fn_build_claims($1)', [Object.values(ids)]);
  const failed = outcome.filter((o) => o.error_code);
  if (failed.length) throw new Error(`build failed: ${failed.map((f) => f.error_message).join('; ')}`);
  return [...new Set(outcome.map((o) => o.claim_id!))];
}

export interface SubmitOutcome {
  submission_id: string | null;
  trading_partner_id: string | null;
  claim_count: number | null;
  interchange_control_number: string | null;
  claim_id: string | null;
  error_code: string | null;
  error_message: string | null;
}

export const submit = (db: TestDatabase, tenantId: string, claimIds: string[] | null, permissions = 'claims.write') =>
  asTenant<SubmitOutcome>(db, tenantId, permissions, 'select * from billing.fn_submit_claims($1)', [claimIds]);

/** What the acknowledgment cron line does every minute, here as often as a test needs, until `check` holds. */
export async function pollAcknowledgmentsUntil(db: TestDatabase, check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    await db.owner.query('select billing_private.fn_dispatch_acknowledgment_polls()');
    return check();
  }, timeoutMs, what);
}
