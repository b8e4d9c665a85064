// The nightly claims build for one tenant: validate NEW charges, cut the VALIDATED ones into
// slices that never split a claim group (billing_private.claim_build_slices), then build the
// slices on `parallelism` connections at once, each slice its own transaction. A crash keeps the
// slices already committed (their charges are BILLED) and the next pass builds the rest.
import type { PoolClient } from 'pg';
import type { CycleCounts } from './job-cycle.ts';
import type { Logger } from '../log.ts';

export interface BuildPassCounts extends CycleCounts {
  chargesValidated: number;
  chargesInvalid: number;
  claimsBuilt: number;
  chargesBilled: number;
  buildErrors: number;
}

export async function runClaimsBuildPass(
  withClient: <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>,
  tenantId: string,
  options: { sliceSize: number; parallelism: number; actor?: string },
  log?: Logger,
): Promise<BuildPassCounts> {
  const validation = await withClient(async (client) => (await client.query<{ validated: number; invalid: number }>(
    `select (count(*) filter (where v.status = 'VALIDATED'))::int as validated, (count(*) filter (where v.status = 'INVALID'))::int as invalid
     from billing_private.validate_charges(array[$1::uuid], null) v`, [tenantId])).rows[0]);
  const slices = await withClient(async (client) =>
    (await client.query<{ ids: string[] }>('select s as ids from billing_private.claim_build_slices($1, $2) s', [tenantId, options.sliceSize])).rows.map((r) => r.ids));
  const counts: BuildPassCounts = { chargesValidated: validation.validated, chargesInvalid: validation.invalid, claimsBuilt: 0, chargesBilled: 0, buildErrors: 0 };

  let next = 0;
  const lane = async () => {
    for (let i = next++; i < slices.length; i = next++) {
      const step = await withClient(async (client) => (await client.query<{ r: { claimsBuilt: number; chargesBilled: number; buildErrors: number } }>(
        'select billing_private.build_claims_slice($1, $2, $3) as r', [tenantId, slices[i], options.actor ?? 'jobRunner'])).rows[0].r);
      counts.claimsBuilt += step.claimsBuilt;
      counts.chargesBilled += step.chargesBilled;
      counts.buildErrors += step.buildErrors;
      log?.debug({ tenantId, slice: i + 1, slices: slices.length, ...step }, 'claims build slice done');
    }
  };
  // Every lane ends before the pass does; then the first failure, if any, fails the cycle.
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(options.parallelism, slices.length)) }, lane));
  const failed = lanes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return counts;
}
