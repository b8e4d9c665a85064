// Whether an interchange arrived whole before what it says is applied: a transaction set without
// its SE, an SE whose segment count disagrees with its set, or no IEA at the end mean segments were
// lost on the way (an upload or a download cut off). Group counts and control numbers are not
// looked at: payers' files get them wrong (../shared/x12-samples has an IEA02 and an IEA01 that
// disagree) and no segment is lost by it. The real-time 271 path makes the same judgement from
// the parser's warnings (server/eligibility/exchange.ts).
import { readX12Lazily } from './parse.ts';
import { element, X12SyntaxError, type Segment, type TokenizeOptions } from './tokenize.ts';
import type { ParsedX12 } from './types.ts';

/** What was lost, one phrase a problem; empty when the interchange is whole. */
export function lostSegments(segments: readonly Segment[]): string[] {
  const lost: string[] = [];
  let open: { type: string; controlNumber: string; at: number } | null = null;
  segments.forEach((segment, i) => {
    if (segment.id === 'ST') {
      if (open) lost.push(`${open.type} ${open.controlNumber} has no SE before the next ST`);
      open = { type: element(segment, 1), controlNumber: element(segment, 2), at: i };
    } else if (segment.id === 'SE' && open) {
      const counted = i - open.at + 1;
      if (element(segment, 1) !== String(counted)) lost.push(`${open.type} ${open.controlNumber}: SE01 says ${element(segment, 1)} segments but ${counted} arrived`);
      open = null;
    } else if ((segment.id === 'GE' || segment.id === 'IEA') && open) {
      lost.push(`${open.type} ${open.controlNumber} has no SE`);
      open = null;
    }
  });
  const last = open as { type: string; controlNumber: string } | null;
  if (last) lost.push(`${last.type} ${last.controlNumber} has no SE`);
  if (segments.at(-1)?.id !== 'IEA') lost.push('the interchange has no IEA at its end');
  return lost;
}

/** Throws (a 400 invalid_x12 at the routes) when segments were lost; nothing of the file is applied. */
export function assertArrivedWhole(segments: readonly Segment[]): void {
  const lost = lostSegments(segments);
  if (lost.length > 0) throw new X12SyntaxError(`the interchange did not arrive whole (${lost.join('; ')}); nothing of it was applied`);
}

/** parseX12 for an interchange whose content is applied: refused (assertArrivedWhole) before any set is mapped. */
export function parseWholeX12(input: string, options: TokenizeOptions = {}): ParsedX12 {
  const read = readX12Lazily(input, options);
  assertArrivedWhole(read.segments);
  const transactions = [...read.transactions];
  return { interchange: read.interchange, transactions, warnings: read.warnings };
}
