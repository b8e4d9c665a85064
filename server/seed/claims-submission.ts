// Demo data of claims leaving (issue 14), after the claims step: the 837P data filled in, BUILT
// claims submitted through billing.fn_submit_claims with their files written by the real 837P
// writer, and acknowledgments applied through the same SQL as received files
// (billing_private.fn_receive_acknowledgment): a 999-accepted submission whose 277CA accepts most
// claims and rejects others (invalid NPI, invalid subscriber, missing diagnosis, duplicate), a
// submission whose set the 999 rejects, one whose interchange a TA1 rejects, a rejected claim fixed
// and resubmitted then accepted,
// submissions left for the worker to send to the sandbox partner (whose 999 and 277CA then come
// back through claims/poll-acknowledgments), and BUILT claims for the night.
import type pg from 'pg';
import type { SeedOptions } from './base.ts';
import { fillClaimSubmissionData } from './claims-submission-data.ts';
import { render837 } from '../claims/send-submission.ts';

// The history uses the answers the sandbox partner gives live (sandbox-partner/README.md "837P batches").
const REJECTIONS = [
  { category: 'A7', code: '562', entity: '85' }, // invalid billing provider NPI
  { category: 'A3', code: '33', entity: 'IL' }, // subscriber and subscriber id not found
  { category: 'A7', code: '254', entity: null }, // principal diagnosis code
  { category: 'A3', code: '54', entity: null }, // duplicate of a previously processed claim
];

export async function seedClaimSubmissions(client: pg.ClientBase, tenantId: string, options: SeedOptions): Promise<void> {
  const already = await client.query('select 1 from billing.claim_submission where tenant_id = $1 limit 1', [tenantId]);
  if (already.rowCount) return;
  await fillClaimSubmissionData(client, tenantId);
  await client.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'admin', true), set_config('jwt.claims.sub', 'seed', true)", [tenantId]);
  const bucket = async (from: number, to: number) => (await client.query<{ id: string }>(
    `select c.id from billing.claim c where c.tenant_id = $1 and c.status = 'BUILT'
       and abs(hashtextextended(c.id::text || ':out', $2)) % 100 >= $3 and abs(hashtextextended(c.id::text || ':out', $2)) % 100 < $4 order by c.id`,
    [tenantId, options.seed, from, to])).rows.map((r) => r.id);
  // A path the demo must show gets its claims even when the random data leaves its bucket short,
  // topped up from the claims left for the night (bucket 35-100).
  const bucketAtLeast = async (from: number, to: number, least: number) => {
    const ids = await bucket(from, to);
    return ids.length >= least ? ids : [...ids, ...(await bucket(35, 100)).slice(0, least - ids.length)];
  };
  const submitWithFile = async (claimIds: string[]) => {
    if (claimIds.length === 0) return null;
    const out = (await client.query('select * from billing.fn_submit_claims($1)', [claimIds])).rows;
    if (out.some((o) => o.error_code)) throw new Error(`seed submit: ${out.find((o) => o.error_code).error_message}`);
    const sub = out[0];
    const x12 = await render837(client, tenantId, sub.submission_id, { inTransaction: true });
    await client.query('select billing_private.fn_store_submission_file($1, $2, $3)', [tenantId, sub.submission_id, x12]);
    return { id: sub.submission_id as string, isa13: Number(sub.interchange_control_number) };
  };
  const sent = (id: string) => client.query(`select billing_private.fn_mark_submission_sent($1, $2, '{"seed": "demo history"}')`, [tenantId, id]);
  let ackNumber = 700000000;
  const receive = (kind: string, parsed: object) =>
    client.query("select billing_private.fn_receive_acknowledgment($1, $2, 'POLL', $3, $4, $5, 'seed')",
      [tenantId, kind, `(${kind} applied by the demo seed)`, ++ackNumber, JSON.stringify({ interchangeSender: 'SANDBOXCH', ...parsed })]);
  const pcns = async (ids: string[]) => (await client.query<{ id: string; pcn: string }>('select id, patient_control_number as pcn from billing.claim where id = any($1) order by id', [ids])).rows;

  // A: 999 accepted, then a 277CA: two in three accepted, the others rejected with a scenario.
  // Twenty claims at least: a rejection other than the NPI one (the sixth claim's) is there to fix,
  // and 13 or more are accepted, one for each outcome the remittances step gives in turn.
  const aClaims = await bucketAtLeast(0, 20, 20);
  const a = await submitWithFile(aClaims);
  if (a) {
    await sent(a.id);
    await receive('999', { acknowledgedInterchange: a.isa13, sets: [{ controlNumber: '0001', status: 'A', errors: [] }] });
    const rows = await pcns(aClaims);
    await receive('277CA', { claims: rows.map((r, i) => ({
      patientControlNumber: r.pcn,
      payerClaimControlNumber: i % 3 === 2 ? null : `PY${String(a.isa13).padStart(6, '0')}${String(i).padStart(4, '0')}`,
      statuses: [i % 3 === 2 ? REJECTIONS[Math.floor(i / 3) % REJECTIONS.length] : { category: 'A2', code: '20', entity: 'PR' }],
    })) });
    // One rejected claim (the invalid subscriber) fixed
    // and resubmitted (a new original), then accepted: history shows both tries.
    const rejected = (await client.query<{ id: string }>("select id from billing.claim where id = any($1) and status = 'REJECTED' and rejection_reason not like 'A7:562:%' order by rejection_reason like 'A3:33:%' desc, id limit 1", [aClaims])).rows[0];
    if (rejected) {
      await client.query('select billing.fn_resubmit_claim($1, $2)', [rejected.id, 'subscriber id corrected from the insurance card']);
      const d = await submitWithFile([rejected.id]);
      if (d) {
        await sent(d.id);
        await receive('999', { acknowledgedInterchange: d.isa13, sets: [{ controlNumber: '0001', status: 'A', errors: [] }] });
        const [r] = await pcns([rejected.id]);
        await receive('277CA', { claims: [{ patientControlNumber: r.pcn, payerClaimControlNumber: `PY${d.isa13}R`, statuses: [{ category: 'A1', code: '19', entity: 'PR' }] }] });
      }
    }
  }
  // B: the whole set rejected by the 999 (syntax).
  const b = await submitWithFile(await bucketAtLeast(20, 24, 1));
  if (b) {
    await sent(b.id);
    await receive('999', { acknowledgedInterchange: b.isa13, sets: [{ controlNumber: '0001', status: 'R',
      errors: [{ segmentId: 'N4', position: 9, loop: '2010AA', code: '8', elements: [{ position: 3, code: '6', value: '1000' }] }] }] });
  }
  // E: an interchange the partner rejected whole with a TA1 (R 009, unknown receiver id): its claims
  // wait in the rejection queue under "TA1 009" until the partner's setup is fixed and they are resubmitted.
  const e = await submitWithFile(await bucketAtLeast(32, 35, 1));
  if (e) {
    await sent(e.id);
    await receive('TA1', { acknowledgedInterchange: e.isa13, interchangeAccepted: false, interchangeCode: 'R', interchangeNote: '009' });
  }
  // C: left CREATED with their files: after `npm start` the worker sends them to the sandbox partner
  // (SENT) and the acknowledgment polls bring back its real 999 and 277CA. Claims of REJ999
  // subscribers go in a submission of their own, which the sandbox's 999 rejects as a whole.
  const live = await bucket(24, 32);
  const rej999 = new Set((await client.query<{ id: string }>(
    `select c.id from billing.claim c join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
     where c.id = any($1) and upper(cp.subscriber_id) like 'REJ999%'`, [live])).rows.map((r) => r.id));
  await submitWithFile(live.filter((id) => !rej999.has(id)));
  await submitWithFile([...rej999]);
  await client.query("select set_config('jwt.claims.tenant_id', '', true), set_config('jwt.claims.permissions', '', true), set_config('jwt.claims.sub', '', true)");
}
