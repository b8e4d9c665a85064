// The nightly claims build for one tenant: validate the NEW charges in slices, then cut the
// VALIDATED ones into slices that never split a claim group (billing_private.claim_build_slices)
// and build them; both steps work `parallelism` slices at once, each slice its own transaction on
// its own connection. A crash keeps the slices already committed (their charges are VALIDATED,
// INVALID or BILLED) and the next pass does the rest.
import type { CycleCounts } from './job-cycle.ts';
import type { WithClient } from '../db/pooled-client.ts';
import type { Logger } from '../log.ts';
import { runLanes } from '../worker/lanes.ts';

export interface BuildPassCounts extends CycleCounts {
  chargesValidated: number;
  chargesInvalid: number;
  claimsBuilt: number;
  chargesBilled: number;
  buildErrors: number;
}

export async function runClaimsBuildPass(
  withClient: WithClient,
  tenantId: string,
  options: { sliceSize: number; parallelism: number; actor?: string },
  log?: Logger,
): Promise<BuildPassCounts> {
  const counts: BuildPassCounts = { chargesValidated: 0, chargesInvalid: 0, claimsBuilt: 0, chargesBilled: 0, buildErrors: 0 };
  const slicesOf = (sql: string) => withClient(async (client) =>
    (await client.query<{ ids: string[] }>(sql, [tenantId, options.sliceSize])).rows.map((r) => r.ids));

  const toValidate = await slicesOf('select s as ids from billing_private.charge_validation_slices($1, $2) s');
  await inLanes(toValidate, options.parallelism, async (ids, i) => {
    const step = await withClient(async (client) => (await client.query<{ validated: number; invalid: number }>(
      `select (count(*) filter (where v.status = 'VALIDATED'))::int as validated, (count(*) filter (where v.status = 'INVALID'))::int as invalid
       from billing_private.validate_charges(array[$1::uuid], $2) v`, [tenantId, ids])).rows[0]);
    counts.chargesValidated += step.validated;
    counts.chargesInvalid += step.invalid;
    log?.debug({ tenantId, slice: i + 1, slices: toValidate.length, ...step }, 'charge validation slice done');
  });

  const toBuild = await slicesOf('select s as ids from billing_private.claim_build_slices($1, $2) s');
  await inLanes(toBuild, options.parallelism, async (ids, i) => {
    const step = await withClient(async (client) => (await client.query<{ r: { claimsBuilt: number; chargesBilled: number; buildErrors: number } }>(
      'select billing_private.build_claims_slice($1, $2, $3) as r', [tenantId, ids, options.actor ?? 'jobRunner'])).rows[0].r);
    counts.claimsBuilt += step.claimsBuilt;
    counts.chargesBilled += step.chargesBilled;
    counts.buildErrors += step.buildErrors;
    log?.debug({ tenantId, slice: i + 1, slices: toBuild.length, ...step }, 'claims build slice done');
  });
  return counts;
}

/** Works the items on `parallelism` lanes, each taking the next item not yet taken. */
async function inLanes<T>(items: T[], parallelism: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await runLanes(Math.min(parallelism, items.length), async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i], i);
  });
}
