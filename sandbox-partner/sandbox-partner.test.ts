import { build270 } from '../x12/build-270.ts';
import type { Build270Input } from '../x12/build-270.ts';
import { parseX12 } from '../x12/parse.ts';
import { classifyOutcome } from '../x12/retry-policy.ts';
import type { Classification } from '../x12/retry-policy.ts';
import { PAYLOAD_TYPE_271, PAYLOAD_TYPE_999, retrieveBatchResults, sendRealTime, submitBatch } from '../x12/transport/core-client.ts';
import type { CoreClientOptions } from '../x12/transport/core-client.ts';
import { TransportAuthError, TransportHttpError, TransportTimeoutError } from '../x12/transport/errors.ts';
import type { Transaction271, Transaction999 } from '../x12/types.ts';
import { startSandboxPartner } from './server.ts';
import type { SandboxPartner } from './server.ts';

let partner: SandboxPartner;
let client: CoreClientOptions;
let control = 0;

beforeAll(async () => {
  partner = await startSandboxPartner({ port: 0, latencyMs: 20, slowMs: 10_000 });
  client = { url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMCORE', receiverId: 'SANDBOX', timeoutMs: 3000 };
});
afterAll(() => partner.close());

function inquiry(memberId: string, extra: Partial<Build270Input> = {}): string {
  control++;
  return build270({
    sender: { qualifier: 'ZZ', id: 'RCMCORE' }, receiver: { qualifier: 'ZZ', id: 'SANDBOX' },
    interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control, usage: 'T',
    payer: { name: 'SANDBOX PAYER', id: 'SBX01' }, provider: { entityType: '2', name: 'SUNRISE CLINIC', npi: '1234567893' },
    subscriber: { memberId, firstName: 'JOHN', lastName: 'DOE', dob: '1980-02-03' },
    trace: { number: `TR-${memberId}-${control}`, originatorId: '9RCMCORE00' }, serviceDate: '2026-03-01',
    ...extra,
  });
}

async function ask(memberId: string, extra: Partial<Build270Input> = {}) {
  const response = await sendRealTime(client, inquiry(memberId, extra));
  const parsed = parseX12(response.payload);
  expect(parsed.warnings).toEqual([]);
  return { response, transaction: parsed.transactions[0] as Transaction271 | Transaction999 };
}

async function ask271(memberId: string, extra: Partial<Build270Input> = {}): Promise<{ t: Transaction271; c: Classification }> {
  const { response, transaction } = await ask(memberId, extra);
  expect(response.responsePayloadType).toBe(PAYLOAD_TYPE_271);
  expect(transaction.type).toBe('271');
  const t = transaction as Transaction271;
  expect(t.traceNumbers[0]?.reference).toMatch(new RegExp(`^TR-${memberId}-`));
  return { t, c: classifyOutcome(t) };
}

describe('sandbox partner over real HTTP with the CORE client', () => {
  it('answers /healthz', async () => {
    const res = await fetch(partner.url.replace('/core/realtime', '/healthz'));
    expect(await res.json()).toEqual({ ok: true });
  });

  it('ACT: active plan with dates and copay for the service date asked, echoing the trace', async () => {
    const { response, transaction } = await ask('ACT100');
    expect(response).toMatchObject({ httpStatus: 200, errorCode: 'Success' });
    expect(response.receivedAt.getTime()).toBeGreaterThanOrEqual(response.sentAt.getTime());
    const t = transaction as Transaction271;
    expect(t).toMatchObject({ coverageStatus: 'active', planName: 'SANDBOX GOLD PPO', payer: { id: 'SBX01' } });
    expect(t.traceNumbers[0]).toMatchObject({ type: '2', originatorId: '9RCMCORE00' });
    expect(t.planDates).toEqual({ planBegin: { start: '2026-01-01', end: null }, planEnd: { start: '2026-12-31', end: null } });
    expect(t.benefits.find((b) => b.code === 'B')).toMatchObject({ amount: 25, serviceTypes: ['98'], inNetwork: 'Y' });
    expect(classifyOutcome(t)).toEqual({ kind: 'received', reason: '271 active (SANDBOX GOLD PPO)' });
  });

  it('INA: inactive', async () => {
    const { t, c } = await ask271('INA100');
    expect(t.coverageStatus).toBe('inactive');
    expect(c.kind).toBe('received');
  });

  it('TERM: inactive with a plan end before the service date', async () => {
    const { t } = await ask271('TERM100');
    expect(t.coverageStatus).toBe('inactive');
    expect(t.planDates.planEnd?.start).toBe('2026-01-30');
  });

  it('NF: AAA 75 at 2100C is a member problem', async () => {
    const { t, c } = await ask271('NF100');
    expect(t.coverageStatus).toBe('rejected');
    expect(c).toEqual({ kind: 'member_problem', reason: 'AAA 75 Subscriber/Insured Not Found (follow-up C: Please Correct and Resubmit) at 2100C' });
  });

  it('BADID: AAA 72 at 2100C is a member problem', async () => {
    const { c } = await ask271('BADID100');
    expect(c).toEqual({ kind: 'member_problem', reason: 'AAA 72 Invalid/Missing Subscriber/Insured ID (follow-up C: Please Correct and Resubmit) at 2100C' });
  });

  it('DEP: benefits at the dependent level for the dependent asked', async () => {
    const { t } = await ask271('DEP100', { dependent: { firstName: 'MARY', lastName: 'DOE', dob: '2012-07-04', gender: 'F' } });
    expect(t.coverageStatus).toBe('active');
    expect(t.dependent).toMatchObject({ firstName: 'MARY', dob: '2012-07-04', relationship: '19' });
    expect(t.benefits.every((b) => b.loop === '2110D')).toBe(true);
  });

  it('BUSY: AAA 42 (retry with backoff) on the first request, active on the next', async () => {
    const first = await ask271('BUSY100');
    expect(first.t.rejects).toEqual([expect.objectContaining({ loop: '2100A', code: '42', followUpAction: 'R' })]);
    expect(first.c).toEqual({ kind: 'retry', retryAfterMs: 2000, reason: 'AAA 42 Unable to Respond at Current Time (follow-up R: Resubmission Allowed) at 2100A' });
    expect(classifyOutcome(first.t, { attempt: 3 }).retryAfterMs).toBe(8000);
    const second = await ask271('BUSY100');
    expect(second.t.coverageStatus).toBe('active');
  });

  it('OTHER: active with another payer primary', async () => {
    const { t } = await ask271('OTHER100');
    expect(t.coverageStatus).toBe('active');
    expect(t.benefits.find((b) => b.code === 'R')?.relatedEntities[0]).toMatchObject({ entityId: 'PR', name: 'OTHER PRIMARY PAYER' });
  });

  it('REJ999: a 999 reject with IK3/IK4 is permanent with the errors verbatim', async () => {
    const { response, transaction } = await ask('REJ999X');
    expect(response.responsePayloadType).toBe(PAYLOAD_TYPE_999);
    const ack = transaction as Transaction999;
    expect(ack.accepted).toBe('rejected');
    expect(ack.errors[0]).toMatchObject({ segmentId: 'NM1', segmentPosition: '9', loop: '2100C' });
    expect(classifyOutcome(ack)).toEqual({
      kind: 'permanent',
      reason: '999 rejected: IK3 NM1 segment 9 loop 2100C 8 Segment Has Data Element Errors IK4 element 9 (67) 6 Invalid Character In Data Element bad value "REJ999X"',
    });
  });

  it('ERR500: HTTP 500 is a retryable transport error', async () => {
    const error = await sendRealTime(client, inquiry('ERR500X')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportHttpError);
    expect((error as TransportHttpError).status).toBe(500);
    expect(classifyOutcome(error as Error)).toMatchObject({ kind: 'retry', reason: `HTTP 500 from trading partner at ${partner.url}: Internal Server Error: sandbox scenario ERR500` });
  });

  it('SLOW: the client times out and the outcome is retryable', async () => {
    const error = await sendRealTime({ ...client, timeoutMs: 300 }, inquiry('SLOW100')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect(classifyOutcome(error as Error, { attempt: 5 })).toEqual({ kind: 'permanent', reason: `Timeout after 300 ms calling ${partner.url}; gave up after 5 attempts` });
  });

  it('wrong credentials: HTTP 401 UnAuthorized is permanent', async () => {
    const error = await sendRealTime({ ...client, password: 'wrong' }, inquiry('ACT200')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportAuthError);
    expect(classifyOutcome(error as Error)).toEqual({ kind: 'permanent', reason: `HTTP 401 from trading partner: UnAuthorized (Username/password not valid) at ${partner.url}` });
  });

  it('connection refused is retryable', async () => {
    const gone = await startSandboxPartner({ port: 0 });
    await gone.close();
    const error = await sendRealTime({ ...client, url: gone.url }, inquiry('ACT300')).catch((e: unknown) => e);
    expect(classifyOutcome(error as Error)).toEqual({ kind: 'retry', retryAfterMs: 2000, reason: `Connection failed calling ${gone.url}: ECONNREFUSED` });
  });

  it('counts concurrent requests per payer', async () => {
    // Each answer takes 1 s, so the four requests overlap even on a loaded machine (at 20 ms they did not always).
    const slowPartner = await startSandboxPartner({ port: 0, latencyMs: 1000 });
    try {
      await Promise.all(['ACT1', 'ACT2', 'ACT3', 'ACT4'].map((id) => sendRealTime({ ...client, url: slowPartner.url }, inquiry(id, { payer: { name: 'CONCURRENT PAYER', id: 'PAR4' } }))));
      const after = slowPartner.stats();
      expect(after.maxInFlightByPayer.PAR4).toBe(4);
      expect(after.inFlightByPayer.PAR4).toBe(0);
      expect(after.requests).toBe(4);
    } finally {
      await slowPartner.close();
    }
  });
});

describe('batch mode', () => {
  test('a submission is acknowledged without 271s; retrieval by PayloadID has nothing, then the same answers as real-time', async () => {
    const batchPartner = await startSandboxPartner({ port: 0, latencyMs: 5, batchDelayMs: 1_000 });
    const options = { ...client, url: batchPartner.url, payloadId: 'batch-payload-1' };
    try {
      const receipt = await submitBatch(options, inquiry('ACT000000001'));
      expect(receipt).toMatchObject({ payloadId: 'batch-payload-1', httpStatus: 200 });
      expect(await retrieveBatchResults({ ...options, payloadId: undefined }, 'batch-payload-1')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      const x12 = await retrieveBatchResults({ ...options, payloadId: undefined }, 'batch-payload-1');
      const answer = parseX12(x12 ?? '').transactions[0] as Transaction271;
      expect(answer).toMatchObject({ type: '271', coverageStatus: 'active' });
      expect(answer.traceNumbers[0]?.reference).toMatch(/^TR-ACT000000001-/);
      // Retrieval is repeatable (a poller that crashed before storing asks again) and matches batchResults().
      expect(await retrieveBatchResults({ ...options, payloadId: undefined }, 'batch-payload-1')).toBe(x12);
      expect(batchPartner.batchResults('batch-payload-1')).toBe(x12);
      const notFound = parseX12((await (async () => {
        await submitBatch({ ...options, payloadId: 'batch-payload-2' }, inquiry('NF0000000002'));
        await new Promise((resolve) => setTimeout(resolve, 1_050));
        return retrieveBatchResults({ ...options, payloadId: undefined }, 'batch-payload-2');
      })()) ?? '').transactions[0] as Transaction271;
      expect(notFound.rejects.map((r) => r.code)).toEqual(['75']);
      expect(batchPartner.stats()).toMatchObject({ batchSubmissions: 2, batchRetrievals: 4 });
    } finally {
      await batchPartner.close();
    }
  });

  test('batch mode checks credentials and knows only its own PayloadIDs', async () => {
    await expect(submitBatch({ ...client, password: 'wrong' }, inquiry('ACT000000003'))).rejects.toBeInstanceOf(TransportAuthError);
    await expect(retrieveBatchResults(client, 'never-submitted')).rejects.toThrow(/HTTP 400 .*PayloadIDIllegal no batch submission with PayloadID never-submitted/);
  });
});
