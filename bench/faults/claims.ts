// The claims workload of the faults bench: N validated charges (3 per visit) turned by the nightly
// cycle into claims (claims/build-claims), put into a submission (claims/submit-built-claims) and
// sent to the sandbox partner (claims/send-submission), all on worker processes.
import type pg from 'pg';
import { demoSeedOptions } from '../../server/seed/seed-tenant.ts';
import { seedBase } from '../../server/seed/base.ts';
import { fillClaimSubmissionData } from '../../server/seed/claims-submission-data.ts';
import type { Progress } from './kill-loop.ts';

export async function seedClaimsTenant(owner: pg.Pool, slug: string, charges: number, sandboxUrl: string): Promise<string> {
  const client = await owner.connect();
  try {
    const tenantId = await seedBase(client, demoSeedOptions({ slug, name: `Faults ${slug}`, members: 5000, events: 0, seed: 18, sandboxUrl }));
    await fillClaimSubmissionData(client, tenantId);
    const visits = Math.ceil(charges / 3);
    await client.query(
      `with m as (
         select array_agg(cp.member_id order by cp.member_id) as members from member.coverage_policy cp
         where cp.tenant_id = $1 and cp.priority = 1 and cp.status = 'ACTIVE' and cp.effective_to is null and cp.effective_from <= current_date - 400
       ), f as (select array_agg(id order by code) as ids from core.facility where tenant_id = $1)
       insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status)
       select $1, 'FC' || k, m.members[1 + k % cardinality(m.members)], f.ids[1 + k % 3], current_date - 1 - (k % 300), 'COMPLETED'
       from generate_series(0, $2::int - 1) k, m, f`, [tenantId, visits]);
    await client.query(
      `insert into billing.charge (tenant_id, charge_number, member_id, coverage_policy_id, facility_id, rendering_npi, billing_npi, procedure_code,
                                   diagnosis_codes, diagnosis_pointers, units, amount, service_date, place_of_service, status, service_event_id)
       select $1, 'FC' || n, e.member_id, cp.id, e.facility_id, f.npi, f.npi, (array['99213', '99214', '36415', '80053', '93000'])[1 + n % 5],
              '{E11.9,I10}', '{1,2}', 1, 20 + n % 300, e.service_date, '11', 'NEW', e.id
       from generate_series(0, $2::int - 1) n
       join service.service_event e on e.tenant_id = $1 and e.event_number = 'FC' || (n / 3)
       join member.coverage_policy cp on cp.tenant_id = $1 and cp.member_id = e.member_id and cp.priority = 1
       join core.facility f on f.tenant_id = $1 and f.id = e.facility_id`, [tenantId, charges]);
    await client.query('vacuum analyze');
    return tenantId;
  } finally {
    client.release();
  }
}

/** What the nightly dispatcher does for one tenant (server/claims/dispatch.ts). */
export async function dispatchClaimsBuild(owner: pg.Pool, tenantId: string): Promise<void> {
  await owner.query(
    `select graphile_worker.add_job('claims/build-claims', json_build_object('tenantId', $1::uuid), queue_name => core_private.job_queue($1, 'claims'),
       job_key => 'claims/build-claims:' || $1, max_attempts => 3)`, [tenantId]);
}

/** Charges settled (BILLED or INVALID) plus claims whose submission was sent. */
export async function claimsProgress(owner: pg.Pool, tenantId: string): Promise<Progress> {
  const { rows } = await owner.query(
    `select (select count(*)::int from billing.charge where tenant_id = $1 and status in ('BILLED', 'INVALID')) as settled,
            (select count(*)::int from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED')) as open_charges,
            (select count(*)::int from billing.claim where tenant_id = $1 and status = 'BUILT') as built,
            (select count(*)::int from billing.claim_submission_claim sc join billing.claim_submission s on s.tenant_id = sc.tenant_id and s.id = sc.submission_id
              where sc.tenant_id = $1 and s.status <> 'CREATED') as sent_claims,
            (select count(*)::int from billing.claim_submission where tenant_id = $1) as submissions,
            (select count(*)::int from billing.claim_submission where tenant_id = $1 and status = 'CREATED') as unsent`, [tenantId]);
  const r = rows[0];
  return { done: r.settled + r.sent_claims, finished: r.open_charges === 0 && r.built === 0 && r.submissions > 0 && r.unsent === 0 };
}

/**
 * After a dead worker: release its graphile-worker locks (as an operator would; graphile-worker
 * itself waits 4 hours), and if charges are still open, dispatch the tenant's build again (the
 * job's 3 attempts may be spent by kills; its key makes the dispatch replace, never add).
 */
export async function recoverClaims(owner: pg.Pool, tenantId: string): Promise<void> {
  await owner.query(
    `select graphile_worker.force_unlock_workers(array_agg(distinct locked_by)) from graphile_worker.jobs
     where queue_name = core_private.job_queue($1, 'claims') and locked_by is not null`, [tenantId]);
  const open = (await owner.query(
    `select exists (select 1 from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED'))
         or exists (select 1 from billing.claim where tenant_id = $1 and status = 'BUILT') as open`, [tenantId])).rows[0].open;
  if (open) await dispatchClaimsBuild(owner, tenantId);
}

export interface ClaimsCheck {
  charges: number;
  chargesBilled: number;
  chargesInvalid: number;
  chargesLost: number;
  chargesOnTwoClaims: number;
  claims: number;
  claimTotalsTieOut: boolean;
  claimsInNoSubmission: number;
  claimsInTwoSubmissions: number;
  submissions: number;
  submissionCountsTieOut: boolean;
  partnerInterchanges: number;
  partnerDuplicateInterchanges: number;
}

export async function checkClaims(owner: pg.Pool, tenantId: string, partner: Record<string, unknown>): Promise<ClaimsCheck> {
  const r = (await owner.query(
    `select (select count(*)::int from billing.charge where tenant_id = $1) as charges,
            (select count(*)::int from billing.charge where tenant_id = $1 and status = 'BILLED') as billed,
            (select count(*)::int from billing.charge where tenant_id = $1 and status = 'INVALID') as invalid,
            (select count(*)::int from billing.charge where tenant_id = $1 and status in ('NEW', 'VALIDATED')) as open,
            (select count(*)::int from (select charge_id from billing.claim_line where tenant_id = $1 group by 1 having count(*) > 1) d) as twice,
            (select count(*)::int from billing.claim where tenant_id = $1) as claims,
            (select count(*)::int from billing.claim c where tenant_id = $1 and total_amount <> (select sum(amount) from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id)) as bad_totals,
            (select count(*)::int from billing.claim c where tenant_id = $1 and not exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = c.tenant_id and sc.claim_id = c.id)) as unsubmitted,
            (select count(*)::int from (select claim_id from billing.claim_submission_claim where tenant_id = $1 group by 1 having count(*) > 1) d) as resubmitted,
            (select count(*)::int from billing.claim_submission where tenant_id = $1) as submissions,
            (select count(*)::int from billing.claim_submission s where tenant_id = $1 and claim_count <> (select count(*) from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id)) as bad_counts`,
    [tenantId])).rows[0];
  return {
    charges: r.charges, chargesBilled: r.billed, chargesInvalid: r.invalid, chargesLost: r.open, chargesOnTwoClaims: r.twice,
    claims: r.claims, claimTotalsTieOut: r.bad_totals === 0, claimsInNoSubmission: r.unsubmitted, claimsInTwoSubmissions: r.resubmitted,
    submissions: r.submissions, submissionCountsTieOut: r.bad_counts === 0,
    partnerInterchanges: Number(partner.claimInterchanges ?? 0), partnerDuplicateInterchanges: Number(partner.duplicateClaimInterchanges ?? 0),
  };
}
