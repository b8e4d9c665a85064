// The sandbox payer adjudicates the claims its 277CA accepted into 835s the sender retrieves over
// CORE batch (X12_835_Request_005010X221A1, Payload = the last ISA13 retrieved). The outcome of
// each claim follows the last two digits of its patient control number (README.md "835
// remittances"); a replacement (frequency 7) reverses the earlier payment and pays the correction.
// Every 835 passes pyx12.
import { build837P } from '../x12/build-837p.ts';
import type { Claim837 } from '../x12/claim-837.ts';
import { parseX12 } from '../x12/parse.ts';
import type { Transaction835 } from '../x12/remittance-835.ts';
import { sampleHeader, selfClaim } from '../x12/test-support/claims-837.ts';
import { pyx12Validate } from '../x12/test-support/pyx12.ts';
import { PAYLOAD_TYPE_835_REQUEST, PAYLOAD_TYPE_837P, retrieveBatchResults, submitBatch } from '../x12/transport/core-client.ts';
import type { CoreClientOptions } from '../x12/transport/core-client.ts';
import { remittanceScenarioFor } from '../x12/sandbox-835-scenarios.ts';
import { startSandboxPartner } from './server.ts';
import type { SandboxPartner } from './server.ts';

let partner: SandboxPartner;
let client: CoreClientOptions;

beforeAll(async () => {
  partner = await startSandboxPartner({ port: 0, ack999DelayMs: 0, ack277DelayMs: 0, remittanceDelayMs: 1_000 });
  client = { url: partner.url, username: 'sandbox', password: 'sandbox-secret', senderId: 'RCMREMIT', receiverId: 'SANDBOXCH', timeoutMs: 3000 };
});
afterAll(() => partner.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cents = (v: string | null) => Math.round(Number(v ?? '0') * 100);

function claim(pcn: string, overrides: Partial<Claim837> = {}): Claim837 {
  return selfClaim({ patientControlNumber: pcn, ...overrides });
}

async function send(isa13: number, claims: Claim837[]) {
  const { text } = build837P(sampleHeader({ interchangeControlNumber: isa13, groupControlNumber: isa13 }), claims);
  await submitBatch({ ...client, payloadId: `remit-${isa13}` }, text, PAYLOAD_TYPE_837P);
}

async function retrieve(after: number): Promise<string | null> {
  return retrieveBatchResults(client, String(after), PAYLOAD_TYPE_835_REQUEST);
}

test('the mix: paid, CO-45, PR-1/2/3, each denial with its CARC/RARC, PLB interest, an unknown claim, an unbalanced remittance', async () => {
  const pcns = ['R00', 'R20', 'R45', 'R55', 'R65', 'R70', 'R75', 'R78', 'R81', 'R84', 'R88', 'R93', 'R97'];
  expect(pcns.map(remittanceScenarioFor)).toEqual([
    'paid', 'contractual', 'deductible', 'coinsurance', 'copay', 'denied-missing-info', 'denied-timely-filing', 'denied-authorization',
    'denied-duplicate', 'denied-medical-necessity', 'interest', 'unknown-claim', 'unbalanced',
  ]);
  await send(7101, pcns.map((pcn) => claim(pcn)));
  expect(await retrieve(0)).toBeNull(); // not adjudicated yet
  await sleep(1_050);
  const x12 = await retrieve(0);
  expect(x12).not.toBeNull();
  expect(pyx12Validate(x12 ?? '', '835.x12')).toMatchObject({ ok: true });
  const parsed = parseX12(x12 ?? '');
  const [main, held] = parsed.transactions as Transaction835[];
  const byPcn = new Map(main.claims.map((c) => [c.patientControlNumber, c]));
  expect(byPcn.get('R00')).toMatchObject({ status: '1', chargeAmount: '125.00', paymentAmount: '125.00' });
  const groupsOf = (pcn: string) => (byPcn.get(pcn)?.services ?? []).flatMap((s) => s.adjustments.map((a) => `${a.group}-${a.reason}`));
  expect(groupsOf('R20')).toEqual(['CO-45']);
  expect(groupsOf('R45')).toContain('PR-1');
  expect(groupsOf('R55')).toContain('PR-2');
  expect(groupsOf('R65')).toContain('PR-3');
  expect(byPcn.get('R70')).toMatchObject({ status: '4', paymentAmount: '0.00' });
  expect(groupsOf('R70')).toEqual(['CO-16']);
  expect(byPcn.get('R70')?.services[0]?.remarks).toEqual(['M51']);
  expect(['R75', 'R78', 'R81', 'R84'].map(groupsOf)).toEqual([['CO-29'], ['CO-197'], ['CO-18'], ['CO-50']]);
  // The unknown claim comes back under a patient control number that was never sent.
  expect(byPcn.has('R93')).toBe(false);
  expect(byPcn.has('XR93')).toBe(true);
  // PLB interest (L6, negative: added to the payment) for the claim paid late, and the payment balances.
  expect(main.providerAdjustments).toEqual([expect.objectContaining({ reason: 'L6', amount: '-2.37' })]);
  const paid = main.claims.reduce((s, c) => s + cents(c.paymentAmount), 0);
  expect(cents(main.payment.amount)).toBe(paid + 237);
  // The unbalanced claim sits alone in a remittance whose BPR02 is a dollar over Σ CLP04.
  expect(held.claims.map((c) => c.patientControlNumber)).toEqual(['R97']);
  expect(cents(held.payment.amount)).toBe(cents(held.claims[0].paymentAmount) + 100);
  expect(partner.stats().byRemittanceScenario).toMatchObject({ paid: 1, 'denied-duplicate': 1, unbalanced: 1, 'unknown-claim': 1 });

  // The cursor: asked again after this file's ISA13, nothing more.
  expect(await retrieve(parsed.interchange.controlNumber ? Number(parsed.interchange.controlNumber) : 0)).toBeNull();
});

test('a replacement claim (frequency 7, REF*F8) reverses the earlier payment (CLP02 22) and pays the correction; a void (8) reverses only', async () => {
  await send(7201, [claim('V70'), claim('V21')]);
  await sleep(1_050);
  const first = partner.remittances('RCMREMIT').at(-1);
  const firstClaims = (parseX12(first?.x12 ?? '').transactions[0] as Transaction835).claims;
  const denied = firstClaims.find((c) => c.patientControlNumber === 'V70');
  const other = firstClaims.find((c) => c.patientControlNumber === 'V21');
  expect(denied?.status).toBe('4');

  await send(7202, [
    claim('V70', { frequencyCode: '7', payerClaimControlNumber: denied?.payerClaimControlNumber ?? '' }),
    claim('V21', { frequencyCode: '8', payerClaimControlNumber: other?.payerClaimControlNumber ?? '' }),
  ]);
  expect(partner.stats().byClaimScenario.duplicate_claim ?? 0).toBe(0);
  await sleep(1_050);
  const second = await retrieve(first?.interchangeControlNumber ?? 0);
  expect(pyx12Validate(second ?? '', '835.x12')).toMatchObject({ ok: true });
  const claims = (parseX12(second ?? '').transactions[0] as Transaction835).claims;
  expect(claims.map((c) => [c.patientControlNumber, c.status, c.payerClaimControlNumber === denied?.payerClaimControlNumber])).toEqual([
    ['V70', '22', true], ['V70', '1', false], ['V21', '22', false],
  ]);
  expect(claims[2].paymentAmount).toBe(`-${other?.paymentAmount}`);
});
