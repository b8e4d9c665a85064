// The sandbox partner answers an 837P batch the way a clearinghouse does: a 999 after a delay, then
// a 277CA, both retrieved by polling over CORE batch with the submission's PayloadID; the answer of
// each claim follows its data (README.md "837P batches"). Both files pass pyx12.
import { build837P } from '../x12/build-837p.ts';
import type { Claim837 } from '../x12/claim-837.ts';
import { parseX12 } from '../x12/parse.ts';
import { sampleHeader, selfClaim } from '../x12/test-support/claims-837.ts';
import { pyx12Validate } from '../x12/test-support/pyx12.ts';
import {
  PAYLOAD_TYPE_837P, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999, retrieveBatchResults, submitBatch,
} from '../x12/transport/core-client.ts';
import type { CoreClientOptions } from '../x12/transport/core-client.ts';
import type { Transaction999 } from '../x12/types.ts';
import type { Transaction277 } from '../x12/types-claims.ts';
import { startSandboxPartner } from './server.ts';
import type { SandboxPartner } from './server.ts';

let partner: SandboxPartner;
let client: CoreClientOptions;

beforeAll(async () => {
  // The 277CA comes 2 s after the 999, so a loaded machine still asks for it before it is ready.
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 1_000, ack277DelayMs: 2_000 });
  client = { url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMCORE', receiverId: 'SANDBOXCH', timeoutMs: 3000 };
});
afterAll(() => partner.close());

function claim(pcn: string, memberId: string, overrides: Partial<Claim837> = {}): Claim837 {
  const base = selfClaim();
  return selfClaim({ patientControlNumber: pcn, subscriber: { ...base.subscriber, memberId }, ...overrides });
}

async function send(isa13: number, claims: Claim837[], payloadId: string) {
  const { text } = build837P(sampleHeader({ interchangeControlNumber: isa13, groupControlNumber: isa13 }), claims);
  await submitBatch({ ...client, payloadId }, text, PAYLOAD_TYPE_837P);
  return text;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('999 then 277CA by polling: accepted with REF*1K, invalid NPI, invalid subscriber, missing diagnosis, duplicate claim', async () => {
  const invalidNpiProvider = { ...selfClaim().billingProvider, npi: '1999900008' };
  await send(5001, [
    claim('OK1', 'W100'),
    claim('NPI1', 'W101', { billingProvider: invalidNpiProvider }),
    claim('SUB1', 'BADSUB1'),
    claim('DX1', 'NODX1'),
    claim('DUP1', 'DUPCLM1'),
  ], 'payload-5001');

  // Nothing yet: the partner is still "processing".
  expect(await retrieveBatchResults(client, 'payload-5001', PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999)).toBeNull();
  await sleep(1_050);
  const ack999 = await retrieveBatchResults(client, 'payload-5001', PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999);
  expect(await retrieveBatchResults(client, 'payload-5001', PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA)).toBeNull();
  const set999 = parseX12(ack999 ?? '').transactions[0] as Transaction999;
  expect(set999.acknowledgedGroup.controlNumber).toBe('5001');
  expect(set999.sets.map((s) => s.status)).toEqual(['A']);
  expect(pyx12Validate(ack999 ?? '', '999.x12').ok).toBe(true);

  await sleep(2_200);
  const ack277 = await retrieveBatchResults(client, 'payload-5001', PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA);
  const ca = parseX12(ack277 ?? '').transactions[0] as Transaction277;
  const byPcn = Object.fromEntries(ca.claims.map((c) => [c.patientControlNumber, c]));
  expect(byPcn.OK1.statuses.map((s) => s.category)).toEqual(['A2']);
  expect(byPcn.OK1.payerClaimControlNumber).toMatch(/^SBX/);
  expect(byPcn.NPI1.statuses.map((s) => `${s.category}:${s.code}:${s.entity}`)).toEqual(['A7:562:85']);
  expect(byPcn.SUB1.statuses.map((s) => `${s.category}:${s.code}:${s.entity}`)).toEqual(['A3:33:IL']);
  expect(byPcn.DX1.statuses.map((s) => `${s.category}:${s.code}`)).toEqual(['A7:254']);
  expect(byPcn.DUP1.statuses.map((s) => `${s.category}:${s.code}`)).toEqual(['A3:54']);
  const validation = pyx12Validate(ack277 ?? '', '277ca.x12');
  expect(validation.output).not.toContain('ERROR');
  expect(validation.ok).toBe(true);

  // The same claim sent again in a new interchange is a duplicate of the one already accepted.
  await send(5002, [claim('OK1', 'W100')], 'payload-5002');
  const again = partner.claimAcknowledgments('payload-5002');
  const caAgain = parseX12(again?.ack277CA ?? '').transactions[0] as Transaction277;
  expect(caAgain.claims[0].statuses.map((s) => `${s.category}:${s.code}`)).toEqual(['A3:54']);
  expect(partner.stats().byClaimScenario).toMatchObject({ accepted: 1, invalid_npi: 1, invalid_subscriber: 1, missing_diagnosis: 1, duplicate_claim: 2 });
});

test('a REJ999 subscriber makes the 999 reject the whole set (IK3/IK4 name NM109), and no 277CA follows', async () => {
  await send(5003, [claim('OK3', 'W300'), claim('BAD3', 'REJ999X')], 'payload-5003');
  const acks = partner.claimAcknowledgments('payload-5003');
  expect(acks?.ack277CA).toBeNull();
  const set = (parseX12(acks?.ack999 ?? '').transactions[0] as Transaction999).sets[0];
  expect(set.status).toBe('R');
  expect(set.segmentErrors[0]).toMatchObject({ segmentId: 'NM1', code: '8' });
  expect(set.segmentErrors[0].elementErrors[0]).toMatchObject({ position: '9', code: '6', badValue: 'REJ999X' });
  expect(pyx12Validate(acks?.ack999 ?? '', '999r.x12').ok).toBe(true);
});

test('unknown PayloadID: a 400 naming it', async () => {
  await expect(retrieveBatchResults(client, 'nope', PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999)).rejects.toThrow(/400|nope/);
});
