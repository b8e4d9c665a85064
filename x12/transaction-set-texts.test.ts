import { build835 } from './build-835.ts';
import type { Remittance835Input } from './build-835.ts';
import { parseX12 } from './parse.ts';
import { adjudicate } from './sandbox-835-scenarios.ts';
import { transactionSetTexts } from './transaction-set-texts.ts';

function remittance(n: number): Remittance835Input {
  const claim = adjudicate({
    patientControlNumber: `PCN${n}`, patient: { lastName: 'DOE', firstName: 'PAT', middleName: null, idQualifier: 'MI', id: `M${n}` }, payerClaimControlNumber: `ICN${n}`,
    lines: [{ procedure: '99213', chargeAmount: '150.00', serviceDate: '2026-11-02' }],
  }, 'coinsurance');
  return {
    controlNumber: n, payment: { method: 'CHK', date: '2026-12-01', traceNumber: `CHK${n}`, payerIdentifier: '1999999999' },
    payer: { name: 'PAYER', id: 'P1', address: { line: '1 WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    payee: { name: 'CLINIC', npi: '1234567893' }, claims: [claim],
  };
}

test.each([[false], [true]])('each 835 of a file in its own envelope, bytes as received (line breaks: %s)', (lineBreaks) => {
  const file = build835({ sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'CLINIC' }, interchangeControlNumber: 42, groupControlNumber: 42,
    usage: 'P', lineBreaks, remittances: [remittance(1), remittance(2), remittance(3)] });
  const texts = transactionSetTexts(file, '835');
  expect(texts).toHaveLength(3);
  const head = file.slice(0, file.indexOf('ST*'));
  const tail = file.slice(file.lastIndexOf('GE*'));
  texts.forEach((text, i) => {
    const parsed = parseX12(text);
    expect(parsed.interchange.controlNumber).toBe('000000042');
    expect(parsed.transactions).toHaveLength(1);
    expect(parsed.transactions[0]).toMatchObject({ type: '835', payment: { traceNumber: `CHK${i + 1}` } });
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
    expect(file).toContain(text.slice(head.length, text.length - tail.length));
  });
  // Other transaction sets than the one asked for are left out.
  expect(transactionSetTexts(file, '277')).toEqual([]);
});

test('a set broken by a GE before its SE is left out, the others kept; ids read case- and space-insensitively', () => {
  const file = build835({ sender: { qualifier: 'ZZ', id: 'PAYER' }, receiver: { qualifier: 'ZZ', id: 'CLINIC' }, interchangeControlNumber: 43, groupControlNumber: 43,
    usage: 'P', lineBreaks: true, remittances: [remittance(1), remittance(2)] });
  // A GE inside the second set: that set can't be enveloped as received, so it is not handed out
  // (the posting then keeps the whole file for each of the file's 835s).
  const secondSt = file.indexOf('ST*', file.indexOf('SE*'));
  const broken = file.slice(0, secondSt + file.slice(secondSt).indexOf('CLP*')) + 'GE*1*43~\n' + file.slice(secondSt + file.slice(secondSt).indexOf('CLP*'));
  const texts = transactionSetTexts(broken, '835');
  expect(texts).toHaveLength(1);
  expect(parseX12(texts[0]).transactions[0]).toMatchObject({ type: '835', payment: { traceNumber: 'CHK1' } });
  const spaced = file.replace(/^ST\*/gm, ' st *');
  expect(transactionSetTexts(spaced, '835')).toHaveLength(2);
});
