// The text of each transaction set of an interchange in its own envelope, bytes as received: the
// ISA, the GS of its functional group, its ST..SE, that group's GE and the IEA. What a posted 835
// keeps as its X12 (billing.remittance.x12) when the file carried several: each remittance row then
// holds its own payment, not every other check of the file again (a file of 10 835s of 1,000
// claims is 3 MB; stored whole with each, that is 30 MB written and 10 times the PHI).
import { detectDelimiters } from './tokenize.ts';

interface Piece { id: string; text: string; elements: string[] }

/** The transaction sets whose ST01 is `setId`, in file order, each enveloped as described above. */
export function transactionSetTexts(input: string, setId: string): string[] {
  let start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < input.length && /\s/.test(input[start] as string)) start++;
  const text = start === 0 ? input : input.slice(start);
  const { delimiters } = detectDelimiters(text);
  // Each segment with the layout after its terminator (a line break), as it was received.
  const pieces: Piece[] = [];
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf(delimiters.segment, from);
    end = end < 0 ? text.length : end + 1;
    while (end < text.length && /[\r\n]/.test(text[end] as string)) end++;
    const segment = text.slice(from, end);
    const elements = segment.trim().split(delimiters.element, 3);
    pieces.push({ id: (elements[0] ?? '').trim().toUpperCase(), text: segment, elements });
    from = end;
  }
  const isa = pieces.find((p) => p.id === 'ISA')?.text ?? '';
  const iea = pieces.findLast((p) => p.id === 'IEA')?.text ?? '';
  const sets: string[] = [];
  let gs = '';
  let body: string[] | null = null;
  let groupSets: string[] = [];
  for (const piece of pieces) {
    if (piece.id === 'GS') {
      gs = piece.text;
      groupSets = [];
    } else if (piece.id === 'ST') {
      body = piece.elements[1]?.trim() === setId ? [piece.text] : null;
    } else if (piece.id === 'SE') {
      if (body) groupSets.push(body.join('') + piece.text);
      body = null;
    } else if (piece.id === 'GE') {
      for (const set of groupSets) sets.push(isa + gs + set + piece.text + iea);
      groupSets = [];
    } else if (body) {
      body.push(piece.text);
    }
  }
  return sets;
}
