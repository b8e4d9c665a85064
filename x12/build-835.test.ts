import { X12BuildError } from './envelope.ts';
import { balancedPaymentAmount, build835 } from './build-835.ts';
import type { Build835Input, Remittance835Input } from './build-835.ts';
import { parseX12 } from './parse.ts';
import type { Transaction835 } from './remittance-835.ts';
import { adjudicate, reverse } from './sandbox-835-scenarios.ts';
import type { Scenario835, SubmittedClaim } from './sandbox-835-scenarios.ts';

function submitted(n: number): SubmittedClaim {
  return {
    patientControlNumber: `PCN${n}`,
    patient: { lastName: 'DOE', firstName: `PAT${n}`, middleName: null, idQualifier: 'MI', id: `M${n}` },
    payerClaimControlNumber: `ICN${n}`,
    lines: [
      { procedure: '99213', modifiers: ['25'], chargeAmount: '150.00', serviceDate: '2026-11-02', lineControlNumber: `L${n}A` },
      { procedure: '85025', chargeAmount: '45.55', units: '2', serviceDate: '2026-11-02', lineControlNumber: `L${n}B` },
    ],
  };
}

const SCENARIOS: Scenario835[] = [
  'paid', 'contractual', 'deductible', 'coinsurance', 'copay',
  'denied-missing-info', 'denied-timely-filing', 'denied-authorization', 'denied-duplicate', 'denied-medical-necessity',
];

function remittance(claims: Remittance835Input['claims'], extra: Partial<Remittance835Input> = {}): Remittance835Input {
  return {
    controlNumber: 1,
    payment: { method: 'ACH', date: '2026-12-01', traceNumber: 'EFT0001', payerIdentifier: '1999999999' },
    payer: { name: 'SANDBOX PAYER', id: 'SBX01', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    payee: { name: 'SANDBOX CLINIC', npi: '1234567893', taxId: '123456789' },
    claims,
    ...extra,
  };
}

function input(remittances: Remittance835Input[]): Build835Input {
  return {
    sender: { qualifier: 'ZZ', id: 'SANDBOXPAYER' },
    receiver: { qualifier: 'ZZ', id: 'RCMCORE' },
    interchangeControlNumber: 9001,
    groupControlNumber: 9001,
    usage: 'T',
    createdAt: new Date('2026-12-01T10:00:00Z'),
    remittances,
  };
}

const cents = (v: string | null): number => Math.round(Number(v ?? '0') * 100);

describe('build835 and the sandbox scenarios', () => {
  const claims = SCENARIOS.map((s, i) => adjudicate(submitted(i + 1), s));
  const original = adjudicate(submitted(99), 'contractual');
  const corrected = { ...adjudicate({ ...submitted(99), payerClaimControlNumber: 'ICN99B' }, 'paid') };
  const unknown = adjudicate({ ...submitted(0), patientControlNumber: 'NOT-OURS-1' }, 'paid');
  const all = [...claims, reverse(original), corrected, unknown];
  const x12 = build835(input([
    remittance(all, { providerAdjustments: [{ reason: 'L6', reference: 'ICN1', amount: '-3.21' }, { reason: 'WO', reference: 'ICN77', amount: '10.00' }] }),
    remittance([adjudicate(submitted(50), 'paid')], { controlNumber: 2, payment: { method: 'CHK', date: '2026-12-01', traceNumber: 'CHK0002', payerIdentifier: '1999999999', amount: '1.00' } }),
  ]));
  const parsed = parseX12(x12);
  const [balanced, unbalanced] = parsed.transactions as Transaction835[];

  it('reads back without warnings as two 835s with every claim, line and adjustment', () => {
    expect(parsed.warnings).toEqual([]);
    expect(parsed.interchange.groups[0]).toMatchObject({ functionalId: 'HP', version: '005010X221A1' });
    expect(balanced?.claims.map((c) => [c.patientControlNumber, c.status])).toEqual([
      ...SCENARIOS.map((s, i) => [`PCN${i + 1}`, s.startsWith('denied') ? '4' : '1']), ['PCN99', '22'], ['PCN99', '1'], ['NOT-OURS-1', '1'],
    ]);
    expect(balanced?.payee).toMatchObject({ npi: '1234567893', taxId: '123456789' });
    expect(balanced?.payment).toMatchObject({ method: 'ACH', traceNumber: 'EFT0001', payerIdentifier: '1999999999', date: '2026-12-01' });
    expect(balanced?.claims[0]?.services[1]).toMatchObject({ procedure: { code: '85025' }, units: '2', lineControlNumber: 'L1B', serviceDate: '2026-11-02', allowedAmount: '45.55' });
  });

  it('every claim and line balances and BPR02 = Σ CLP04 − Σ PLB (interest L6 adds to the payment)', () => {
    for (const c of balanced?.claims ?? []) {
      for (const s of c.services) expect(cents(s.chargeAmount) - cents(s.paymentAmount)).toBe(s.adjustments.reduce((t, a) => t + cents(a.amount), 0));
      const lineAdjustments = c.services.flatMap((s) => s.adjustments);
      expect(cents(c.chargeAmount) - cents(c.paymentAmount)).toBe([...c.adjustments, ...lineAdjustments].reduce((t, a) => t + cents(a.amount), 0));
    }
    const paid = (balanced?.claims ?? []).reduce((t, c) => t + cents(c.paymentAmount), 0);
    expect(cents(balanced?.payment.amount ?? null)).toBe(paid - 1000 + 321);
    expect(balanced?.providerAdjustments.map((p) => [p.reason, p.reference, p.amount])).toEqual([['L6', 'ICN1', '-3.21'], ['WO', 'ICN77', '10.00']]);
    expect(balancedPaymentAmount({ claims: all, providerAdjustments: [{ reason: 'L6', reference: null, amount: '-3.21' }, { reason: 'WO', reference: null, amount: '10.00' }] })).toBe(balanced?.payment.amount);
  });

  it('writes the group codes, CARCs and RARCs of each outcome', () => {
    const codes = (i: number): string[] => (balanced?.claims[i]?.services ?? []).flatMap((s) => s.adjustments.map((a) => `${a.group}-${a.reason}`));
    expect(codes(0)).toEqual([]);
    expect(codes(1)).toEqual(['CO-45', 'CO-45']);
    expect(codes(2)).toEqual(['CO-45', 'PR-1', 'CO-45']);
    expect(codes(3)).toEqual(['CO-45', 'PR-2', 'CO-45', 'PR-2']);
    expect(codes(4)).toEqual(['CO-45', 'PR-3', 'CO-45']);
    expect([5, 6, 7, 8, 9].map((i) => codes(i)[0])).toEqual(['CO-16', 'CO-29', 'CO-197', 'CO-18', 'CO-50']);
    expect(balanced?.claims[5]?.services[0]?.remarks).toEqual(['M51']);
    expect(balanced?.claims[5]).toMatchObject({ paymentAmount: '0.00', patientResponsibility: null });
    const coinsurance = balanced?.claims[3]?.services.flatMap((s) => s.adjustments).filter((a) => a.group === 'PR') ?? [];
    expect(cents(balanced?.claims[3]?.patientResponsibility ?? null)).toBe(coinsurance.reduce((t, a) => t + cents(a.amount), 0));
    expect(coinsurance.length).toBe(2);
  });

  it('a reversal negates the earlier adjudication under the same ICN; the correction carries a new one', () => {
    const [reversal, correction] = balanced?.claims.slice(10, 12) ?? [];
    expect(reversal).toMatchObject({ status: '22', chargeAmount: '-195.55', paymentAmount: `-${original.paymentAmount}`, payerClaimControlNumber: 'ICN99' });
    expect(reversal?.services[0]?.adjustments[0]).toMatchObject({ group: 'CO', reason: '45', amount: '-30.00' });
    expect(correction).toMatchObject({ status: '1', paymentAmount: '195.55', payerClaimControlNumber: 'ICN99B' });
  });

  it('the second remittance keeps the BPR02 it was given (the sandbox\'s unbalanced file)', () => {
    expect(unbalanced?.payment).toMatchObject({ amount: '1.00', method: 'CHK', traceNumber: 'CHK0002' });
    expect(unbalanced?.claims[0]?.paymentAmount).toBe('195.55');
  });

  it('rejects bad input naming the field', () => {
    const bad = (r: Partial<Remittance835Input>) => () => build835(input([remittance(claims.slice(0, 1), r)]));
    expect(bad({ payee: { name: 'X', npi: '123' } })).toThrow(/remittances\[0\]\.payee\.npi must be 10 digits/);
    expect(bad({ claims: [{ ...claims[0]!, chargeAmount: '12,00' }] })).toThrow(/remittances\[0\]\.claims\[0\]\.chargeAmount must be a decimal amount/);
    expect(bad({ claims: [{ ...claims[0]!, adjustments: [{ group: 'XX', reason: '45', amount: '1.00', quantity: null }] }] })).toThrow(/claims\[0\]\.adjustments\[0\]\.group must be one of/);
    expect(bad({ claims: [{ ...claims[0]!, patientControlNumber: 'A*B' }] })).toThrow(X12BuildError);
  });
});
