// The sandbox partner's faults (faults.ts), over real HTTP with the CORE client: a share of random
// 503s, DRIP answers that trickle out past the client's timeout, BAD271 answers that are no valid
// interchange.
import { build270 } from '../x12/build-270.ts';
import { parseX12 } from '../x12/parse.ts';
import { sendRealTime, type CoreClientOptions } from '../x12/transport/core-client.ts';
import { TransportHttpError, TransportTimeoutError } from '../x12/transport/errors.ts';
import { startSandboxPartner, type SandboxPartner } from './server.ts';

let control = 0;
const inquiry = (memberId: string) => {
  control++;
  return build270({
    sender: { qualifier: 'ZZ', id: 'RCMCORE' }, receiver: { qualifier: 'ZZ', id: 'SANDBOX' },
    interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control, usage: 'T',
    payer: { name: 'SANDBOX PAYER', id: 'SBX01' }, provider: { entityType: '2', name: 'SUNRISE CLINIC', npi: '1234567893' },
    subscriber: { memberId, firstName: 'JOHN', lastName: 'DOE', dob: '1980-02-03' },
    trace: { number: `TR-${memberId}-${control}`, originatorId: '9RCMCORE00' }, serviceDate: '2026-03-01',
  });
};
const options = (partner: SandboxPartner, timeoutMs = 3000): CoreClientOptions =>
  ({ url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMCORE', receiverId: 'SANDBOX', timeoutMs });

describe('partner faults', () => {
  let partner: SandboxPartner;
  beforeAll(async () => { partner = await startSandboxPartner({ port: 0, latencyMs: 10, dripEveryMs: 200 }); });
  afterAll(() => partner.close());

  it('DRIP: the 200 and the first bytes come at once, the rest past the timeout: the client times out', async () => {
    await expect(sendRealTime(options(partner, 1500), inquiry('DRIP100'))).rejects.toBeInstanceOf(TransportTimeoutError);
    expect(partner.stats().byScenario.drip).toBe(1);
  });

  it('BAD271: the interchange stops mid-set: the parser says so (no SE, no IEA)', async () => {
    const response = await sendRealTime(options(partner), inquiry('BAD271100'));
    expect(response.httpStatus).toBe(200);
    expect(parseX12(response.payload).warnings).toEqual(expect.arrayContaining([expect.stringContaining('missing SE trailer'), 'Interchange has no IEA trailer at the end']));
  });
});

test('failPercent 100: every real-time 270 gets a 503; 0: none', async () => {
  const failing = await startSandboxPartner({ port: 0, latencyMs: 0, failPercent: 100 });
  try {
    for (let i = 0; i < 3; i++) await expect(sendRealTime(options(failing), inquiry(`ACT${i}`))).rejects.toMatchObject({ status: 503 });
    await expect(sendRealTime(options(failing), inquiry('ACT9'))).rejects.toBeInstanceOf(TransportHttpError);
    expect(failing.stats().byStatus[503]).toBe(4);
  } finally {
    await failing.close();
  }
  const healthy = await startSandboxPartner({ port: 0, latencyMs: 0, failPercent: 0 });
  try {
    expect((await sendRealTime(options(healthy), inquiry('ACT1'))).httpStatus).toBe(200);
  } finally {
    await healthy.close();
  }
});

test('the sweep exchange never takes a cut-off 271 as an answer: a protocol error (PERMANENT), the X12 kept', async () => {
  const { exchange } = await import('../server/eligibility/exchange.ts');
  const { classifyOutcome } = await import('../x12/retry-policy.ts');
  const partner = await startSandboxPartner({ port: 0, latencyMs: 0 });
  try {
    const config = { id: 'p', name: 'Sandbox', mode: 'realtime' as const, endpointUrl: partner.url, senderQualifier: 'ZZ', senderId: 'RCMCORE', receiverQualifier: 'ZZ', receiverId: 'SANDBOX', usage: 'T' as const, timeoutMs: 3000, username: 'sandbox', password: 'sandbox-secret' };
    const cut = await exchange(config, inquiry('BAD271200'), 'pl-1', `TR-BAD271200-${control}`);
    expect(cut.responseType).toBe('ERROR');
    expect(cut.responseX12).toContain('EB*1');
    expect(classifyOutcome(cut.outcome)).toMatchObject({ kind: 'permanent', reason: expect.stringContaining('cut off or miscounted (271 0001: missing SE trailer; Interchange has no IEA trailer at the end)') });
    const whole = await exchange(config, inquiry('ACT200'), 'pl-2', `TR-ACT200-${control}`);
    expect(whole.responseType).toBe('271');
  } finally {
    await partner.close();
  }
});
