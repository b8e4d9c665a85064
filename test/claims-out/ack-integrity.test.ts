// What a 277CA writes, after the apply went set-based (migration 52-ack277-apply-throughput):
// claims sharing a list of statuses each get that list's outcome and reason (the list is decoded
// once), several statuses read in their order; and what replaces the per-row foreign keys of
// billing.claim_acknowledgment to its file and its submission: one check per statement that each
// names a file and a submission of its tenant, and parents that cannot go away under them (a
// file's acknowledgments go with it; an acknowledged submission stays). Written as the owner
// (psql), the only role that can write these tables besides the acknowledgment functions. Its claim
// is checked once per statement too (migration 62-parentcheck): an acknowledgment names a claim of its
// tenant, and a claim takes its acknowledgments along, is never re-keyed under them, and is
// truncated only together with them.
import { waitsForALock } from '../support/lock-wait.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runClaimsBuildPass } from '../../server/claims/build-pass.ts';
import { claimsConfig } from '../../server/claims/config.ts';
import { clientsOfPool } from '../../server/db/pooled-client.ts';
import { seedClaimsTenant } from '../../bench/faults/claims.ts';

let db: TestDatabase;
let tenant: string;
let other: string;
let submissionId: string;
let claims: { id: string; pcn: string }[];
let fileId: string;
let otherClaim: string;

const status = (category: string, code: string, entity: string) => ({ category, code, entity });

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedClaimsTenant(db.owner, 'ack-integrity', 5 * 3, 'http://127.0.0.1:9');
  other = await seedClaimsTenant(db.owner, 'ack-integrity-other', 3, 'http://127.0.0.1:9');
  await runClaimsBuildPass(clientsOfPool(db.owner), tenant, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
  await runClaimsBuildPass(clientsOfPool(db.owner), other, { sliceSize: claimsConfig.buildSliceSize, parallelism: claimsConfig.buildParallelism });
  otherClaim = (await db.owner.query<{ id: string }>('select id from billing.claim where tenant_id = $1 limit 1', [other])).rows[0].id;
  const [submission] = (await db.owner.query("select * from billing_private.submit_claims(array[$1::uuid], null, 'test') where submission_id is not null", [tenant])).rows;
  submissionId = submission.submission_id;
  claims = (await db.owner.query<{ id: string; pcn: string }>(
    'select c.id, c.patient_control_number as pcn from billing.claim c where c.tenant_id = $1 order by c.patient_control_number', [tenant])).rows;
  expect(claims).toHaveLength(5);
  const parsed = {
    interchangeSender: 'SANDBOXCH',
    claims: [
      { patientControlNumber: claims[0].pcn, payerClaimControlNumber: 'PCCN-A', statuses: [status('A2', '20', 'PR')] },
      { patientControlNumber: claims[1].pcn, payerClaimControlNumber: 'PCCN-B', statuses: [status('A2', '20', 'PR')] },
      { patientControlNumber: claims[2].pcn, statuses: [status('A7', '562', '85'), status('A7', '503', 'QB')] },
      { patientControlNumber: claims[3].pcn, statuses: [status('A7', '562', '85')] },
      { patientControlNumber: claims[4].pcn, statuses: [status('A7', '503', 'QB'), status('A7', '562', '85')] },
      { patientControlNumber: 'NOSUCHPCN', statuses: [status('A2', '20', 'PR')] },
    ],
  };
  const applied = (await db.owner.query("select billing_private.fn_receive_acknowledgment($1, '277CA', 'POLL', 'x', 1, $2, 'test') as r", [tenant, JSON.stringify(parsed)])).rows[0].r;
  expect(applied).toMatchObject({ accepted: 2, rejected: 3, unmatched: [{ patientControlNumber: 'NOSUCHPCN' }] });
  fileId = applied.fileId;
}, 120_000);
afterAll(async () => db?.drop());

test('claims sharing a list of statuses get its outcome; several statuses are read in their order', async () => {
  const rows = (await db.owner.query(
    'select c.status, c.payer_claim_control_number as pccn, c.rejection_reason as reason from billing.claim c where c.id = any($1) order by c.patient_control_number',
    [claims.map((c) => c.id)])).rows;
  const npi = "A7:562:85 — Entity's National Provider Identifier (NPI) — Billing Provider";
  const address = "A7:503:QB — Entity's Street Address — Purchase Service Provider";
  expect(rows).toEqual([
    { status: 'ACCEPTED', pccn: 'PCCN-A', reason: null },
    { status: 'ACCEPTED', pccn: 'PCCN-B', reason: null },
    { status: 'REJECTED', pccn: null, reason: `${npi}; ${address}` },
    { status: 'REJECTED', pccn: null, reason: npi },
    { status: 'REJECTED', pccn: null, reason: `${address}; ${npi}` },
  ]);
  const history = (await db.owner.query("select reason from billing.claim_status_history where claim_id = $1 and to_status = 'ACCEPTED'", [claims[0].id])).rows;
  expect(history).toEqual([{ reason: '277CA A2:20, payer claim number PCCN-A' }]);
  const acks = (await db.owner.query('select status, count(*)::int as n from billing.claim_acknowledgment where acknowledgment_file_id = $1 group by status order by status', [fileId])).rows;
  expect(acks).toEqual([{ status: 'ACCEPTED', n: 2 }, { status: 'REJECTED', n: 3 }]);
});

const addAck = (tenantId: string, file: string, submission: string | null) =>
  db.owner.query("insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, kind, status) values ($1, $2, $3, '999', 'ACCEPTED')", [tenantId, file, submission]);
const acksOfFile = async (file: string) => (await db.owner.query('select count(*)::int as n from billing.claim_acknowledgment where acknowledgment_file_id = $1', [file])).rows[0].n;

test('an acknowledgment naming no file, no submission or another tenant\'s is refused (23503), nothing written', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  await expect(addAck(tenant, unknown, submissionId)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names acknowledgment_file_id ${unknown}`) });
  await expect(addAck(tenant, fileId, unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names submission_id ${unknown}`) });
  await expect(addAck(other, fileId, null)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`not an acknowledgment file of tenant ${other}`) });
  await expect(db.owner.query('update billing.claim_acknowledgment set submission_id = $1 where acknowledgment_file_id = $2', [unknown, fileId]))
    .rejects.toMatchObject({ code: '23503' });
  expect(await acksOfFile(fileId)).toBe(5);
  // The same row naming the tenant's own file and submission is accepted.
  await addAck(tenant, fileId, submissionId);
  expect(await acksOfFile(fileId)).toBe(6);
});

test('an acknowledgment naming no claim of its tenant is refused (23503); a claim takes its acknowledgments along, is never re-keyed, is truncated only with them', async () => {
  // A file of its own, so the counts below are this test's.
  const file = (await db.owner.query(
    "insert into billing.acknowledgment_file (tenant_id, kind, source, trading_partner_id, interchange_control_number, x12) select tenant_id, kind, source, trading_partner_id, 424242, 'x' from billing.acknowledgment_file where id = $1 returning id",
    [fileId])).rows[0].id as string;
  const addClaimAck = (claimId: string) => db.owner.query(
    "insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, claim_id, kind, status) values ($1, $2, $3, $4, '277CA', 'PENDING')",
    [tenant, file, submissionId, claimId]);
  const unknown = '00000000-0000-4000-8000-000000000000';
  await expect(addClaimAck(unknown)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`claim_acknowledgment names claim_id ${unknown}, which is not a claim of tenant ${tenant}`) });
  await expect(addClaimAck(otherClaim)).rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${otherClaim}`) });
  expect(await acksOfFile(file)).toBe(0);
  await addClaimAck(claims[1].id);
  await addClaimAck(claims[3].id);
  await expect(db.owner.query('update billing.claim_acknowledgment set claim_id = $1 where acknowledgment_file_id = $2', [unknown, file]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`names claim_id ${unknown}`) });
  expect((await db.owner.query('select count(*)::int as n from billing.claim_acknowledgment where claim_id = $1', [claims[1].id])).rows[0].n).toBe(2);

  await expect(db.owner.query('update billing.claim set id = gen_random_uuid() where id = $1', [claims[1].id]))
    .rejects.toMatchObject({ code: '23503' });
  // The claim's lines and history truncated with it, its acknowledgments not: refused, nothing lost.
  await expect(db.owner.query('truncate billing.claim, billing.claim_line, billing.claim_status_history cascade'))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining('billing.claim is truncated only together with billing.claim_acknowledgment') });
  expect((await db.owner.query('select count(*)::int as n from billing.claim where tenant_id = $1', [tenant])).rows[0].n).toBe(5);

  await db.owner.query('delete from billing.claim where id = $1', [claims[1].id]);
  expect((await db.owner.query('select count(*)::int as n from billing.claim_acknowledgment where claim_id = $1', [claims[1].id])).rows[0].n).toBe(0);
  expect(await acksOfFile(file)).toBe(1);
});

test('a delete of a claim waits for the transaction that acknowledges it, whether that transaction moved the claim (not locked again) or not (locked), and takes the acknowledgment along', async () => {
  const file = (await db.owner.query(
    "insert into billing.acknowledgment_file (tenant_id, kind, source, trading_partner_id, interchange_control_number, x12) select tenant_id, kind, source, trading_partner_id, 434343, 'x' from billing.acknowledgment_file where id = $1 returning id",
    [fileId])).rows[0].id as string;
  const writer = await db.owner.connect();
  const deleter = await db.owner.connect();
  try {
    const deleterPid = (await deleter.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const acksOfClaim = async (claimId: string) => (await db.owner.query('select count(*)::int as n from billing.claim_acknowledgment where claim_id = $1', [claimId])).rows[0].n;
    for (const [claim, movesIt] of [[claims[3].id, true], [claims[4].id, false]] as const) {
      await writer.query('begin');
      if (movesIt) await writer.query('update billing.claim set status_changed_at = now() where id = $1', [claim]);
      await writer.query("insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, claim_id, kind, status) values ($1, $2, $3, $4, '277CA', 'PENDING')",
        [tenant, file, submissionId, claim]);
      const deleted = deleter.query('delete from billing.claim where id = $1', [claim]);
      expect(await waitsForALock(db.owner, deleterPid)).toBe(true);
      await writer.query('commit');
      await deleted;
      expect(await acksOfClaim(claim)).toBe(0);
    }
  } finally {
    writer.release();
    deleter.release();
  }
});

test('an acknowledged submission stays: deleting, re-keying or truncating is refused; a file takes its acknowledgments along when deleted', async () => {
  // A submission only an acknowledgment names (the 277CA's also has rejected claims naming it).
  const bare = (await db.owner.query(
    "insert into billing.claim_submission (tenant_id, trading_partner_id, interchange_control_number, claim_count, total_amount) select tenant_id, trading_partner_id, 999999, 1, 1 from billing.claim_submission where id = $1 returning id",
    [submissionId])).rows[0].id as string;
  await addAck(tenant, fileId, bare);
  await expect(db.owner.query('delete from billing.claim_submission where id = $1', [bare]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.claim_submission ${bare} is named by billing.claim_acknowledgment`) });
  await expect(db.owner.query('update billing.claim_submission set id = gen_random_uuid() where id = $1', [bare]))
    .rejects.toMatchObject({ code: '23503', message: expect.stringContaining(`billing.claim_submission ${bare} is named by billing.claim_acknowledgment`) });
  await expect(db.owner.query('truncate billing.claim_submission cascade')).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('update billing.acknowledgment_file set id = gen_random_uuid() where id = $1', [fileId])).rejects.toMatchObject({ code: '23503' });
  await expect(db.owner.query('truncate billing.acknowledgment_file')).rejects.toMatchObject({ code: '23503' });
  expect((await db.owner.query('select count(*)::int as n from billing.claim_submission where id = any($1)', [[submissionId, bare]])).rows[0].n).toBe(2);
  // Updating what a submission or a file says about itself still works.
  await db.owner.query('update billing.claim_submission set status = status where id = $1', [submissionId]);
  await db.owner.query('update billing.acknowledgment_file set applied_count = applied_count where id = $1', [fileId]);

  await db.owner.query('delete from billing.acknowledgment_file where id = $1', [fileId]);
  expect(await acksOfFile(fileId)).toBe(0);
  // With nothing naming it any more, the bare submission can go.
  await db.owner.query('delete from billing.claim_submission where id = $1', [bare]);
});
