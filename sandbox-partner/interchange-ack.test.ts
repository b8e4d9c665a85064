// The sandbox's TA1 for an 837 interchange, decided by the ISA's data (README.md "837P batches:
// TA1"): unknown receiver -> TA1 R 009, invalid ISA13 -> TA1 R 018 (both in place of the 999, no
// 277CA), accepted with ISA14 = 1 -> TA1 A 000 in the 999's interchange, ISA14 = 0 -> no TA1.
import { build837P } from '../x12/build-837p.ts';
import { parseX12 } from '../x12/parse.ts';
import { tokenize } from '../x12/tokenize.ts';
import { sampleHeader, selfClaim } from '../x12/test-support/claims-837.ts';
import { pyx12Validate } from '../x12/test-support/pyx12.ts';
import type { Interchange837Header } from '../x12/claim-837.ts';
import {
  PAYLOAD_TYPE_837P, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999, retrieveBatchResults, submitBatch,
} from '../x12/transport/core-client.ts';
import type { CoreClientOptions } from '../x12/transport/core-client.ts';
import type { TransactionTA1 } from '../x12/types.ts';
import { acknowledgeInterchange } from './interchange-ack.ts';
import { startSandboxPartner } from './server.ts';
import type { SandboxPartner } from './server.ts';

let partner: SandboxPartner;
let client: CoreClientOptions;

beforeAll(async () => {
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 0, ack277DelayMs: 0 });
  client = { url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMCORE', receiverId: 'SANDBOXCH', timeoutMs: 3000 };
});
afterAll(() => partner.close());

async function send(payloadId: string, header: Partial<Interchange837Header>) {
  const { text } = build837P(sampleHeader(header), [selfClaim({ patientControlNumber: payloadId })]);
  await submitBatch({ ...client, payloadId }, text, PAYLOAD_TYPE_837P);
  return {
    first: await retrieveBatchResults(client, payloadId, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999) ?? '',
    ca: await retrieveBatchResults(client, payloadId, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA),
  };
}

const ta1Of = (x12: string) => parseX12(x12).transactions.filter((t): t is TransactionTA1 => t.type === 'TA1');

test('an unknown receiver id: TA1 R 009 naming our ISA13, in place of the 999; no 277CA ever', async () => {
  const { first, ca } = await send('ta1-unknown', { receiver: { qualifier: 'ZZ', id: 'UNKNOWNPAYER' }, interchangeControlNumber: 7001 });
  expect(ta1Of(first)).toEqual([expect.objectContaining({ controlNumber: '000007001', acknowledgmentCode: 'R', noteCode: '009', noteDescription: 'Unknown Interchange Receiver ID' })]);
  expect(parseX12(first).transactions).toHaveLength(1);
  expect(parseX12(first).interchange.senderId.trim()).toBe('UNKNOWNPAYER');
  expect(ca).toBeNull();
  // pyx12's control map wants a GS loop in every interchange; that is its only complaint.
  const errors = pyx12Validate(first, 'ta1.x12').output.split('\n').filter((l) => l.includes('ERROR'));
  expect(errors.every((l) => l.includes('(GS_LOOP) missing'))).toBe(true);
  expect(partner.stats().byInterchangeScenario.unknown_receiver).toBe(1);
});

test('an accepted interchange that asks for a TA1 gets TA1 A 000 after the 999 group (pyx12 clean); ISA14 = 0 gets none', async () => {
  const asked = await send('ta1-asked', { interchangeControlNumber: 7002 });
  expect(ta1Of(asked.first)).toEqual([expect.objectContaining({ controlNumber: '000007002', acknowledgmentCode: 'A', noteCode: '000' })]);
  expect(parseX12(asked.first).transactions.map((t) => t.type)).toEqual(['999', 'TA1']);
  const validation = pyx12Validate(asked.first, '999ta1.x12');
  expect(validation.output).not.toContain('ERROR');
  expect(validation.ok).toBe(true);

  const notAsked = await send('ta1-not-asked', { interchangeControlNumber: 7003, acknowledgmentRequested: false });
  expect(ta1Of(notAsked.first)).toEqual([]);
  expect(parseX12(notAsked.first).transactions.map((t) => t.type)).toEqual(['999']);
});

test('an ISA13 that is not a 9-digit number above zero: TA1 R 018', () => {
  const { text } = build837P(sampleHeader({ interchangeControlNumber: 7004 }), [selfClaim()]);
  const isa = tokenize(text).segments[0].elements.map((e, i) => (i === 13 ? '000000000' : e));
  const ack = acknowledgeInterchange(isa, 1, new Date('2026-12-06T19:00:00Z'));
  expect(ack.scenario).toBe('invalid_control_number');
  expect(ta1Of(ack.interchange ?? '')).toEqual([expect.objectContaining({ acknowledgmentCode: 'R', noteCode: '018' })]);
});
