import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseX12 } from './parse.ts';
import type { Transaction835 } from './remittance-835.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'samples-835');
const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

function remittances(text: string): Transaction835[] {
  return parseX12(text).transactions.filter((t): t is Transaction835 => t.type === '835');
}

const sum = (values: string[]): number => Math.round(values.reduce((s, v) => s + Number(v), 0) * 100) / 100;

/** The three balancing equations the posting SQL checks, recomputed from the parsed JSON. */
function balanced(t: Transaction835): boolean {
  for (const c of t.claims) {
    for (const s of c.services) {
      if (sum([s.chargeAmount, String(-Number(s.paymentAmount))]) !== sum(s.adjustments.map((a) => a.amount))) return false;
    }
    const adjustments = [...c.adjustments, ...c.services.flatMap((s) => s.adjustments)].map((a) => a.amount);
    if (sum([c.chargeAmount, String(-Number(c.paymentAmount))]) !== sum(adjustments)) return false;
  }
  const paid = sum(t.claims.map((c) => c.paymentAmount));
  return sum([String(paid), ...t.providerAdjustments.map((p) => `${-Number(p.amount)}`)]) === Number(t.payment.amount);
}

describe('835 remittances: real public files', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.835')))('%s parses into 835s with payment, trace and claims', (name) => {
    const list = remittances(read(name));
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) {
      expect(Number(t.payment.amount)).toBeGreaterThan(0);
      expect(t.payment.traceNumber).not.toBe('');
      expect(t.claims.length).toBeGreaterThan(0);
    }
  });

  it('managed care 835: ACH payment, claim and line CAS, service date range', () => {
    const [t] = remittances(read('LinuxForHealth__x12__managed-care.835'));
    expect(t?.payment).toEqual({ amount: '945.00', method: 'ACH', creditDebit: 'C', handlingCode: 'I', date: '2000-23-16', traceNumber: '7170066655', payerIdentifier: '1935665544' });
    expect(t?.payer.name).toBe('RUSHMORE LIFE');
    expect(t?.payee).toMatchObject({ name: 'ACME MEDICAL CENTER', npi: '5544667733', taxId: '777667755' });
    const second = t?.claims[1];
    expect(second).toMatchObject({ patientControlNumber: '8765432112', status: '1', chargeAmount: '1200.00', paymentAmount: '495.00', patientResponsibility: '600.00', filingIndicator: '12', payerClaimControlNumber: '94077799230000' });
    expect(second?.adjustments).toEqual([{ group: 'CO', reason: 'A2', amount: '55.00', quantity: null }]);
    expect(second?.patient).toMatchObject({ lastName: 'SETTLE', firstName: 'SUSAN', id: '44455666610' });
    expect(second?.services[0]).toMatchObject({ procedure: { qualifier: 'HC', code: '93555', modifiers: [], description: null }, chargeAmount: '1200.00', paymentAmount: '550.00', serviceDate: '2002-03-10', serviceDateEnd: '2002-03-12' });
    expect(second?.services[0]?.adjustments.map((a) => `${a.group}-${a.reason} ${a.amount}`)).toEqual(['PR-1 600.00', 'CO-45 50.00']);
    expect(t && balanced(t)).toBe(true);
  });

  it('Medicare Part A 835: MIA/MOA remarks, LX header numbers, PLB with a composite reason', () => {
    const [t] = remittances(read('LinuxForHealth__x12__medicare-part-a.835'));
    expect(t?.claims.map((c) => [c.patientControlNumber, c.headerNumber, c.facilityCode, c.frequencyCode])).toEqual([['666123', '110212', '11', '1'], ['777777', '130212', '13', '1']]);
    expect(t?.claims[1]?.remarks).toEqual([{ source: 'MOA', code: 'MA02' }]);
    expect(t?.providerAdjustments).toEqual([{ reason: 'CV', reference: 'CP', amount: '-1.27', providerId: '6543210903', fiscalPeriodDate: '2002-12-31' }]);
    expect(t?.claims[0]?.dates).toEqual([{ qualifier: '232', date: '2002-08-16' }, { qualifier: '233', date: '2002-08-24' }]);
  });

  it('secondary payment 835: SVC composite written with ">" in a ":" interchange still gives code and modifier, with a warning', () => {
    const result = parseX12(read('LinuxForHealth__x12__secondary-payment.835'));
    const t = result.transactions[0] as Transaction835;
    const line = t.claims[1]?.services[1];
    expect(line?.procedure).toEqual({ qualifier: 'HC', code: '66543', modifiers: ['26'], description: null });
    expect(line?.revenueCode).toBe('220');
    expect(line?.adjustments.map((a) => `${a.group}-${a.reason} ${a.amount}`)).toEqual(['PR-1 150.00', 'PR-2 70.00', 'CO-42 85.00']);
    expect(result.warnings.some((w) => w.includes('HC>66543>26'))).toBe(true);
    expect(t.payee).toMatchObject({ idQualifier: 'FI', id: '599944521', taxId: '599944521', npi: null });
    expect(t.claims[1]?.renderingProvider?.lastName).toBe('SMITH JONES PA');
  });

  it('COB 835: negative CAS amount and line AMT*B6 allowed amount', () => {
    const [t] = remittances(read('LinuxForHealth__x12__cob-contractural-adjustment.835'));
    const line = t?.claims[0]?.services[0];
    expect(line?.adjustments).toEqual([{ group: 'OA', reason: '23', amount: '516.00', quantity: null }, { group: 'OA', reason: '94', amount: '-9.00', quantity: null }]);
    expect(line?.allowedAmount).toBe('550.00');
    expect(line?.units).toBe('1.00');
  });
});

describe('835 remittances: wrapped lines, two payers, odd delimiters, several interchanges', () => {
  const wrapped = read('rcm-core__two-payers-wrapped-80.835');

  it('reads a file wrapped at 80 columns (breaks inside segments and the ISA) as two payers\' 835s', () => {
    const result = parseX12(wrapped);
    const list = result.transactions as Transaction835[];
    expect(list.map((t) => [t.payer.name, t.payment.method, t.payment.amount, t.payment.traceNumber])).toEqual([
      ['GOOD HEALTH PLAN', 'ACH', '519.25', 'EFT20261201A'],
      ['OTHER MUTUAL', 'CHK', '75.00', 'CHK20001'],
    ]);
    expect(result.warnings).toEqual(['Line breaks inside segments (a fixed-width wrapped file) were removed before reading']);
    expect(list.every(balanced)).toBe(true);
  });

  it('keeps every element the posting needs: RARCs, line control numbers, original procedure, reversal, crossover, PLB', () => {
    const [t] = remittances(wrapped);
    const [paid, denied, reversal, correction, crossover, sixTriples] = t?.claims ?? [];
    expect(paid?.services[0]).toMatchObject({ procedure: { code: '99213', modifiers: ['25'] }, lineControlNumber: 'LINE1001A', allowedAmount: '180.00' });
    expect(paid?.services[0]?.adjustments).toEqual([
      { group: 'CO', reason: '45', amount: '20.00', quantity: null },
      { group: 'PR', reason: '1', amount: '20.00', quantity: '1' },
      { group: 'PR', reason: '2', amount: '10.00', quantity: null },
    ]);
    expect(paid?.services[1]).toMatchObject({ procedure: { code: '85027' }, originalProcedure: { qualifier: 'HC', code: '85025', modifiers: [] }, remarks: ['N130'] });
    expect(paid?.insured?.id).toBe('M1000');
    expect(denied).toMatchObject({ status: '4', paymentAmount: '0', adjustments: [{ group: 'CO', reason: '16', amount: '150.00', quantity: null }] });
    expect(denied?.remarks).toEqual([{ source: 'MOA', code: 'MA130' }, { source: 'MOA', code: 'N382' }]);
    expect(reversal).toMatchObject({ patientControlNumber: 'PCN1003', status: '22', paymentAmount: '-96.00', payerClaimControlNumber: 'ICN1003' });
    expect(correction).toMatchObject({ patientControlNumber: 'PCN1003', status: '1', payerClaimControlNumber: 'ICN1003B', corrected: { entityId: '74', lastName: 'POE', firstName: 'EDGAR', middleName: 'A' } });
    expect(crossover).toMatchObject({ status: '19', crossover: { entityId: 'TT', lastName: 'MEDIGAP CARRIER', idQualifier: 'PI', id: 'MG001' } });
    expect(sixTriples?.services[0]?.adjustments.map((a) => a.reason)).toEqual(['45', '59', '97', 'B10', 'A2', '253', '1']);
    expect(sixTriples?.remarks).toEqual([{ source: 'MIA', code: 'MA01' }]);
    expect(t?.providerAdjustments.map((p) => [p.reason, p.reference, p.amount])).toEqual([['L6', null, '-5.25'], ['WO', 'ICN0999', '50.00']]);
  });

  it('reads the same remittances with | ^ { delimiters, one segment a line, two interchanges in one file', () => {
    const plain = wrapped.replace(/\r\n/g, '');
    const odd = plain
      .replaceAll('*', '|')
      .replaceAll(':', '}')
      .replace(/\|\^\|00501/, '|{|00501')
      .replaceAll('~', '\n');
    const second = odd.replaceAll('000004711', '000004712');
    const list = remittances(odd + second);
    expect(list).toHaveLength(4);
    expect(list.map((t) => t.payment.traceNumber)).toEqual(['EFT20261201A', 'CHK20001', 'EFT20261201A', 'CHK20001']);
    expect(list[0]?.claims[0]?.services[0]?.procedure).toEqual({ qualifier: 'HC', code: '99213', modifiers: ['25'], description: null });
    expect(list[2]?.providerAdjustments[1]).toMatchObject({ reason: 'WO', reference: 'ICN0999' });
    expect(list.every(balanced)).toBe(true);
  });
});

describe('835 remittances: hostile input', () => {
  it('caps the warnings of a transaction full of unknown segments', () => {
    const plain = readFileSync(path.join(dir, 'rcm-core__two-payers-wrapped-80.835'), 'utf8').replace(/\r\n/g, '');
    const junk = plain.replace('LX*1~', `LX*1~${'ZZZ*1~'.repeat(5000)}`);
    const result = parseX12(junk);
    expect(result.warnings.filter((w) => w.includes('unknown segment ZZZ')).length).toBe(100);
    expect(result.warnings).toContain('835 0001: further warnings left out');
    expect((result.transactions[0] as Transaction835).claims).toHaveLength(6);
  });
});
