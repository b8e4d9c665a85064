// The X12 readers give what reading in place gives: every shared real-world sample read in a worker
// thread equals parseX12's JSON, and a syntax error is still an X12SyntaxError with the same text.
import { parseX12 } from '../../x12/parse.ts';
import { X12SyntaxError } from '../../x12/tokenize.ts';
import { readSample, sampleFiles } from '../../x12/test-support/samples.ts';
import { readAcknowledgments } from '../../server/claims/acknowledgment-input.ts';
import { closeX12Readers, readX12 } from '../../server/x12-readers/pool.ts';
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
