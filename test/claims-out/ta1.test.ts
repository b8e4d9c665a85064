// The TA1 (interchange acknowledgment) through the real path: submit -> the worker sends the 837P
// -> the poll job retrieves what the sandbox answers. An interchange addressed to a receiver id the
// partner does not know (ISA08 UNKNOWN...) is rejected whole by a TA1 R 009: the submission and its
// claims REJECTED with the note code's meaning from the code table, in the rejection queue, and
// resubmittable once the partner's receiver id is fixed. An accepted interchange that asked for a
// TA1 (ISA14 = 1) gets a TA1 A in the 999's interchange, which moves nothing by itself.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { startSandboxPartner, type SandboxPartner } from '../../sandbox-partner/server.ts';
import { activeMembers } from '../claims/fixtures.ts';
import { pyx12Validate } from '../../x12/test-support/pyx12.ts';
import { parseX12 } from '../../x12/parse.ts';
import type { TransactionTA1 } from '../../x12/types.ts';
import { builtClaims, pollAcknowledgmentsUntil, readyTenant } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let partner: SandboxPartner;
let tenantId: string;
let receiverId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 200, ack277DelayMs: 200 });
  tenantId = await readyTenant(db, 'ta1');
  receiverId = (await db.owner.query('update core.trading_partner set endpoint_url = $2 where tenant_id = $1 returning receiver_id', [tenantId, partner.url])).rows[0].receiver_id;
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service?.stop();
  await partner?.close();
  await db?.drop();
});

async function claimStatus(token: string, claimId: string) {
  return (await service.rest('GET', `/claims/${claimId}`, { token })).body;
}

async function payloadIdOf(submissionId: string): Promise<string> {
  return (await db.owner.query('select payload_id::text as p from billing.claim_submission where id = $1', [submissionId])).rows[0].p;
}

test('TA1 R 009 for an unknown receiver id: submission and claims REJECTED with the code meaning; fixed and resubmitted, they are accepted', async () => {
  await db.owner.query('update core.trading_partner set receiver_id = $2 where tenant_id = $1', [tenantId, 'UNKNOWNPAYER']);
  const members = await activeMembers(db, tenantId);
  const claimIds = await builtClaims(db, tenantId, [
    { number: 'TA1-A', member: members[0].member_number, amount: 110 },
    { number: 'TA1-B', member: members[1].member_number, amount: 70 },
  ]);
  const token = await service.token(tenantId, ['claims.read', 'claims.write']);
  const submitted = await service.rest('POST', '/claims/submit', { token, body: { claimIds } });
  expect(submitted.status).toBe(200);
  const [{ submissionId }] = submitted.body.submissions;

  await pollAcknowledgmentsUntil(db, async () => (await Promise.all(claimIds.map((id) => claimStatus(token, id)))).every((c) => c.status === 'REJECTED'), 'the TA1 rejection');
  for (const id of claimIds) {
    const claim = await claimStatus(token, id);
    expect(claim.rejectionReason).toBe('TA1 rejected the interchange: 009 Unknown Interchange Receiver ID');
    expect(claim.history.map((h: { status: string }) => h.status)).toEqual(['BUILT', 'SUBMITTED', 'REJECTED']);
  }
  const submission = (await service.rest('GET', `/claims/submissions/${submissionId}`, { token })).body;
  expect(submission).toMatchObject({ status: 'REJECTED', rejectionReason: 'TA1 rejected the interchange: 009 Unknown Interchange Receiver ID' });

  // What the sandbox wrote: a TA1-only interchange naming our ISA13, R, 009.
  const written = partner.claimAcknowledgments(await payloadIdOf(submissionId))?.ack999 ?? '';
  const isa13 = (await db.owner.query('select interchange_control_number from billing.claim_submission where id = $1', [submissionId])).rows[0].interchange_control_number;
  expect(parseX12(written).transactions).toEqual([expect.objectContaining({ type: 'TA1', controlNumber: String(isa13).padStart(9, '0'), acknowledgmentCode: 'R', noteCode: '009' })]);
  // pyx12's control map wants a GS loop in every interchange: a TA1-only interchange (which the
  // X12 standard allows) draws exactly that complaint and no other.
  const check = pyx12Validate(written, 'ta1r.x12');
  expect(check.output.split('\n').filter((l) => l.includes('ERROR')).every((l) => l.includes('(GS_LOOP) missing'))).toBe(true);
  expect(partner.stats().byInterchangeScenario.unknown_receiver).toBe(1);
  const files = (await db.owner.query('select kind, source, applied_count from billing.acknowledgment_file where tenant_id = $1', [tenantId])).rows;
  expect(files).toEqual([{ kind: 'TA1', source: 'POLL', applied_count: 1 }]);

  // The rejection queue groups both under the TA1 note; each claim is resubmittable.
  const queue = (await service.rest('GET', '/claims/rejections', { token })).body;
  expect(JSON.stringify(queue)).toContain('TA1 009');
  await db.owner.query('update core.trading_partner set receiver_id = $2 where tenant_id = $1', [tenantId, receiverId]);
  for (const id of claimIds) expect((await service.rest('POST', `/claims/${id}/resubmit`, { token, body: { note: 'partner receiver id fixed' } })).status).toBe(200);
  const again = await service.rest('POST', '/claims/submit', { token, body: { claimIds } });
  expect(again.status).toBe(200);
  const [{ submissionId: secondId }] = again.body.submissions;
  await pollAcknowledgmentsUntil(db, async () => (await Promise.all(claimIds.map((id) => claimStatus(token, id)))).every((c) => c.status === 'ACCEPTED'), 'the resubmitted claims accepted');

  // The resubmission asked for a TA1 (ISA14 = 1): a TA1 A in the 999's interchange, kept and
  // recorded, and the 999 still acknowledged the submission.
  expect((await service.rest('GET', `/claims/submissions/${secondId}`, { token })).body.status).toBe('ACKNOWLEDGED');
  const acks = (await db.owner.query("select kind, status from billing.claim_acknowledgment where submission_id = $1 and kind <> '277CA' order by kind", [secondId])).rows;
  expect(acks).toEqual([{ kind: '999', status: 'ACCEPTED' }, { kind: 'TA1', status: 'ACCEPTED' }]);
  const ack999 = partner.claimAcknowledgments(await payloadIdOf(secondId))?.ack999 ?? '';
  const ta1 = parseX12(ack999).transactions.find((t) => t.type === 'TA1') as TransactionTA1;
  expect(ta1).toMatchObject({ acknowledgmentCode: 'A', noteCode: '000' });
  const validation = pyx12Validate(ack999, '999ta1.x12');
  expect(validation.output).not.toContain('ERROR');
  expect(validation.ok).toBe(true);
});
