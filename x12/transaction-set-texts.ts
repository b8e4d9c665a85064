// The text of each transaction set of an interchange in its own envelope, bytes as received: the
// ISA, the GS of its functional group, its ST..SE, that group's GE and the IEA. What a posted 835
// keeps as its X12 (billing.remittance.x12) when the file carried several: each remittance row then
// holds its own payment, not every other check of the file again (a file of 10 835s of 1,000
// claims is 3 MB; stored whole with each, that is 30 MB written and 10 times the PHI).
//
// One pass over the text that looks only at each segment's id (and ST01), keeping offsets: the
// sets are sliced out at the end. Cutting every segment into strings first took 30-200 ms for a
// 3 MB file (mostly garbage collection), before the file's first 835 could be posted; this takes 7-20.
import { detectDelimiters } from './tokenize.ts';

const SPACE = /\s/;
const LINE_BREAK = /[\r\n]/;

/** The transaction sets whose ST01 is `setId`, in file order, each enveloped as described above.
 *  A set whose ST..SE is broken by a GS or GE (a malformed file) is left out. */
export function transactionSetTexts(input: string, setId: string): string[] {
  let start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < input.length && SPACE.test(input[start] as string)) start++;
  const text = start === 0 ? input : input.slice(start);
  const { delimiters } = detectDelimiters(text);
  const separator = delimiters.element;
  let isa: string | null = null;
  let iea = '';
  let gs = '';
  let setStart = -1;
  let groupSets: Array<[number, number]> = [];
  const sets: Array<{ gs: string; from: number; to: number; ge: string }> = [];
  let from = 0;
  while (from < text.length) {
    // Each segment with the layout after its terminator (a line break), as it was received.
    let end = text.indexOf(delimiters.segment, from);
    end = end < 0 ? text.length : end + 1;
    while (end < text.length && LINE_BREAK.test(text[end] as string)) end++;
    // Its id (and ST01) as the segment trimmed and split at the element separator reads them.
    let first = from;
    while (first < end && SPACE.test(text[first] as string)) first++;
    let last = end;
    while (last > first && SPACE.test(text[last - 1] as string)) last--;
    let idEnd = text.indexOf(separator, first);
    if (idEnd < 0 || idEnd > last) idEnd = last;
    const id = text.slice(first, idEnd).trim().toUpperCase();
    if (id === 'ISA') {
      isa ??= text.slice(from, end);
    } else if (id === 'IEA') {
      iea = text.slice(from, end);
    } else if (id === 'GS') {
      gs = text.slice(from, end);
      groupSets = [];
      setStart = -1;
    } else if (id === 'ST') {
      let st01End = idEnd < last ? text.indexOf(separator, idEnd + 1) : -1;
      if (st01End < 0 || st01End > last) st01End = last;
      setStart = idEnd < last && text.slice(idEnd + 1, st01End).trim() === setId ? from : -1;
    } else if (id === 'SE') {
      if (setStart >= 0) groupSets.push([setStart, end]);
      setStart = -1;
    } else if (id === 'GE') {
      const ge = text.slice(from, end);
      for (const [setFrom, setTo] of groupSets) sets.push({ gs, from: setFrom, to: setTo, ge });
      groupSets = [];
      setStart = -1;
    }
    from = end;
  }
  return sets.map((set) => (isa ?? '') + set.gs + text.slice(set.from, set.to) + set.ge + iea);
}
