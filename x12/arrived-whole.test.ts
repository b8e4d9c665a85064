// An interchange is applied only when it arrived whole (x12/arrived-whole.ts): every public sample
// a payer could send us is whole, and a file cut anywhere before its IEA, or a set whose SE01
// count says segments are missing, is not.
import { readX12Lazily } from './parse.ts';
import { lostSegments } from './arrived-whole.ts';
import { readSample, sampleFiles } from './test-support/samples.ts';

const segmentsOf = (text: string) => readX12Lazily(text).segments;

test('every public sample but one 270 (which we never receive) arrived whole, their wrong group counts and control numbers included', () => {
  const lost = Object.fromEntries(sampleFiles().map((name) => [name, lostSegments(segmentsOf(readSample(name)))]).filter(([, problems]) => problems.length > 0));
  expect(lost).toEqual({ 'imsweb__x12-parser__x270.txt': ['270 000121: SE01 says 15 segments but 14 arrived'] });
});

test('a file cut before its IEA, GE or SE, or a set that lost segments, did not arrive whole', () => {
  const whole = readSample('imsweb__x12-parser__x12_999_rejected.txt').trim();
  const segments = whole.split('~').map((s) => s.trim()).filter(Boolean);
  const cut = (n: number) => `${segments.slice(0, segments.length - n).join('~')}~`;
  expect(lostSegments(segmentsOf(whole))).toEqual([]);
  expect(lostSegments(segmentsOf(cut(1)))).toEqual(['the interchange has no IEA at its end']);
  expect(lostSegments(segmentsOf(cut(3)))).toEqual(['999 95832987 has no SE', 'the interchange has no IEA at its end']);
  const missingLine = segments.filter((_, i) => i !== 4).join('~') + '~';
  expect(lostSegments(segmentsOf(missingLine))).toEqual([expect.stringMatching(/^999 95832987: SE01 says \d+ segments but \d+ arrived$/)]);
});
