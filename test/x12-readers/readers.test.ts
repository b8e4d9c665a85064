// The X12 readers give what reading in place gives: every shared real-world sample read in a worker
// thread equals parseX12's JSON, and a syntax error is still an X12SyntaxError with the same text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build835, type Remittance835Input } from '../../x12/build-835.ts';
import { parseX12 } from '../../x12/parse.ts';
import { X12SyntaxError } from '../../x12/tokenize.ts';
import { transactionSetTexts } from '../../x12/transaction-set-texts.ts';
import { readSample, sampleFiles } from '../../x12/test-support/samples.ts';
import { readAcknowledgments } from '../../server/claims/acknowledgment-input.ts';
import { transactionToPost, type TransactionToPost } from '../../server/remittances/transaction-to-post.ts';
import { closeX12Readers, readRemittanceFile, readX12 } from '../../server/x12-readers/pool.ts';
import { X12Source } from '../../server/x12-readers/x12-source.ts';

const previous = process.env.X12_READ_INLINE_MAX_CHARS;
beforeAll(() => {
  process.env.X12_READ_INLINE_MAX_CHARS = '0'; // every interchange goes to a thread
});
afterAll(async () => {
  if (previous === undefined) delete process.env.X12_READ_INLINE_MAX_CHARS;
  else process.env.X12_READ_INLINE_MAX_CHARS = previous;
  await closeX12Readers();
});

describe('readX12 in a worker thread', () => {
  it.each(sampleFiles().map((name) => [name]))('reads %s as parseX12 does', async (name) => {
    const x12 = readSample(name);
    expect(await readX12('parse', { x12 })).toEqual(parseX12(x12));
  });

  it('reads the bytes of a body sent as X12 (transferred to the thread) as the text', async () => {
    for (const name of sampleFiles()) {
      const x12 = readSample(name);
      const source = new X12Source(Buffer.from(x12, 'utf8'));
      expect(await readX12('parse', { x12: source })).toEqual(parseX12(x12));
      expect(source.text).toBe(x12); // the route's own bytes stay readable after the transfer of a copy
    }
  });

  it('reads the acknowledgments of a 999 as readAcknowledgments does', async () => {
    const x12 = readSample(sampleFiles().find((name) => /999_rejected/.test(name))!);
    const acks = await readX12('acknowledgments', { x12 });
    expect(acks).toEqual(readAcknowledgments(x12));
    expect(acks[0].kind).toBe('999');
  });

  it('throws the X12SyntaxError of reading in place, naming the limit', async () => {
    const x12 = readSample(sampleFiles().find((name) => name.endsWith('.271'))!);
    let inPlace: unknown;
    try {
      parseX12(x12, { maxSegments: 3 });
    } catch (error) {
      inPlace = error;
    }
    await expect(readX12('parse', { x12, maxSegments: 3 })).rejects.toThrow(X12SyntaxError);
    await expect(readX12('parse', { x12, maxSegments: 3 })).rejects.toThrow((inPlace as Error).message);
    expect((inPlace as Error).message).toMatch(/more than 3 segments/);
  });
});

describe('readRemittanceFile: a remittance file\'s 835s handed out as they are read', () => {
  const samples835 = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'x12', 'test-support', 'samples-835');
  const files = fs.readdirSync(samples835).filter((name) => name.endsWith('.835')).map((name) => fs.readFileSync(path.join(samples835, name), 'utf8'));

  /** What the posting was given before the read streamed: every 835 of parseX12, each with its own ST..SE when there are several. */
  function readInPlace(x12: string): { controlNumber: string; transactions: TransactionToPost[] } {
    const parsed = parseX12(x12);
    const transactions = parsed.transactions.filter((t) => (t.type as string) === '835');
    const texts = transactions.length > 1 ? transactionSetTexts(x12, '835') : [];
    return { controlNumber: parsed.interchange.controlNumber, transactions: transactions.map((t, i) => transactionToPost(t, texts.length === transactions.length ? texts[i] : null)) };
  }

  async function readAll(x12: string | X12Source) {
    const file = await readRemittanceFile({ x12 });
    const transactions: TransactionToPost[] = [];
    for await (const transaction of file.transactions) transactions.push(transaction);
    return { controlNumber: file.controlNumber, count: file.count, transactions };
  }

  it('hands out in a thread, text or bytes, what parseX12 reads in place (real 835s, several in a file, line-wrapped)', async () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.some((x12) => readInPlace(x12).transactions.length > 1)).toBe(true);
    for (const x12 of files) {
      const expected = readInPlace(x12);
      expect(await readAll(x12)).toEqual({ ...expected, count: expected.transactions.length });
      expect(await readAll(new X12Source(Buffer.from(x12, 'utf8')))).toEqual({ ...expected, count: expected.transactions.length });
    }
  });

  it('refuses an unreadable file before handing out any 835, with the X12SyntaxError of reading in place', async () => {
    const x12 = files[0];
    await expect(readRemittanceFile({ x12, maxSegments: 5 })).rejects.toThrow(X12SyntaxError);
    await expect(readRemittanceFile({ x12, maxSegments: 5 })).rejects.toThrow(/more than 5 segments/);
    const noRemittance = readSample(sampleFiles().find((name) => name.endsWith('.271'))!);
    expect(await readAll(noRemittance)).toMatchObject({ count: 0, transactions: [] });
  });

  it('hands out the first 835 of a file while a later one is still being read', async () => {
    const remittance = (trace: string, claims: number, controlNumber: number): Remittance835Input => ({
      controlNumber, payment: { method: 'ACH', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1411289245' },
      payer: { name: 'UNITED HEALTHCARE', id: '87726', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
      payee: { name: 'DEMO CLINIC', npi: '1234567893' },
      claims: Array.from({ length: claims }, (_, i) => ({ patientControlNumber: `${trace}-${i}`, status: '1', chargeAmount: '100.00', paymentAmount: '80.00',
        patientResponsibility: null, payerClaimControlNumber: null, filingIndicator: 'CI', patient: { lastName: 'DOE', firstName: 'JANE', middleName: null, idQualifier: 'MI', id: 'M1' },
        services: [{ procedure: { qualifier: 'HC', code: '99213', modifiers: [], description: null }, chargeAmount: '100.00', paymentAmount: '80.00', units: '1',
          serviceDate: '2026-11-01', remarks: [], adjustments: [{ group: 'CO', reason: '45', amount: '20.00', quantity: null }] }] })),
    });
    // The second 835 is 20,000 claims: mapping it takes a reader thread a few hundred milliseconds.
    const x12 = build835({ sender: { qualifier: 'ZZ', id: 'UHC' }, receiver: { qualifier: 'ZZ', id: 'DEMO' }, interchangeControlNumber: 9001, groupControlNumber: 9001,
      usage: 'P', remittances: [remittance('SMALL', 1, 1), remittance('LARGE', 20_000, 2)] });
    const t0 = performance.now();
    const file = await readRemittanceFile({ x12 });
    expect(file).toMatchObject({ controlNumber: '000009001', count: 2 });
    const arrived: number[] = [];
    const claims: number[] = [];
    for await (const transaction of file.transactions) {
      arrived.push(performance.now() - t0);
      claims.push(transaction.claimKeys.length);
    }
    expect(claims).toEqual([1, 20_000]);
    // The first came while the second was still being mapped: handed out together, they would
    // arrive within a millisecond or two of each other. Mapping 20,000 claims takes a few hundred
    // milliseconds, more on a busy machine; a share of the whole read (20 %) failed under load,
    // where reading the file up to the first 835 grows too.
    expect(arrived[1] - arrived[0]).toBeGreaterThan(50);
  });
});
