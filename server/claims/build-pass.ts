// The nightly claims build for one tenant: one scan cuts its NEW and VALIDATED charges into
// slices that never split a member's charges, hence never a claim (billing_private.nightly_build_slices);
// `parallelism` lanes work the slices, each slice its NEW charges validated, then all of it built,
// each step its own transaction on the lane's connection. A crash keeps the steps already
// committed (their charges are VALIDATED, INVALID or BILLED) and the next pass does the rest.
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
  // The slices' charge ids stay in Postgres's array text ('{id,id,...}'): the worker only hands
  // them back to the slice's statements, and parsing 100,000 ids into strings and writing them out
  // again held up the first slice by about 90 ms of a 1.7 s pass.
  const slices = await withClient(async (client) => (await client.query<{ to_validate: string; to_build: string }>({
    text: 'select s.to_validate, s.to_build from billing_private.nightly_build_slices($1, $2) s',
    values: [tenantId, options.sliceSize],
    types: { getTypeParser: () => (text: string) => text },
  })).rows);
  await inLanes(slices, options.parallelism, async (slice, i) => {
    if (slice.to_validate !== '{}') {
      const validation = await withClient(async (client) => (await client.query<{ validated: number; invalid: number }>(
        `select (count(*) filter (where v.status = 'VALIDATED'))::int as validated, (count(*) filter (where v.status = 'INVALID'))::int as invalid
         from billing_private.validate_charges(array[$1::uuid], $2) v`, [tenantId, slice.to_validate])).rows[0]);
      counts.chargesValidated += validation.validated;
      counts.chargesInvalid += validation.invalid;
      log?.debug({ tenantId, slice: i + 1, slices: slices.length, ...validation }, 'charge validation slice done');
    }
    const step = await withClient(async (client) => (await client.query<{ r: { claimsBuilt: number; chargesBilled: number; buildErrors: number } }>(
      'select billing_private.build_claims_slice($1, $2, $3) as r', [tenantId, slice.to_build, options.actor ?? 'jobRunner'])).rows[0].r);
    counts.claimsBuilt += step.claimsBuilt;
    counts.chargesBilled += step.chargesBilled;
    counts.buildErrors += step.buildErrors;
    log?.debug({ tenantId, slice: i + 1, slices: slices.length, ...step }, 'claims build slice done');
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
