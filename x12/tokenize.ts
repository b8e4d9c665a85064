// Splits an X12 interchange into segments. Delimiters are read from the ISA itself:
// the element separator is the character after "ISA"; the component separator and the
// segment terminator follow the 16th element separator. Counting separators instead of
// using fixed offsets (105/106) reads ISAs whose elements are not padded to width.

export interface Delimiters {
  element: string;
  component: string;
  segment: string;
  /** ISA11 in 5010 and later; null in 4010 envelopes where ISA11 is the standards identifier "U". */
  repetition: string | null;
}

export interface Segment {
  /** Segment id, e.g. "NM1". */
  id: string;
  /** elements[0] is the id, so elements[1] is XX01 as the guides number them. */
  elements: string[];
  /** 1-based position of the segment in the file. */
  position: number;
}

export interface TokenizedX12 {
  delimiters: Delimiters;
  segments: Segment[];
  warnings: string[];
}

export class X12SyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'X12SyntaxError';
  }
}

const ISA_ELEMENT_COUNT = 16;

export function detectDelimiters(text: string): { delimiters: Delimiters; isaEnd: number; warnings: string[] } {
  const warnings: string[] = [];
  if (!text.startsWith('ISA')) throw new X12SyntaxError('Not an X12 interchange: the text does not begin with an ISA segment');
  const element = text[3];
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) {
    throw new X12SyntaxError(`ISA element separator ${JSON.stringify(element ?? '')} is not a usable delimiter`);
  }
  let index = 3;
  for (let seen = 0; seen < ISA_ELEMENT_COUNT; seen++) {
    index = text.indexOf(element, index + (seen === 0 ? 0 : 1));
    if (index < 0) throw new X12SyntaxError(`ISA segment has fewer than ${ISA_ELEMENT_COUNT} elements`);
  }
  const component = text[index + 1];
  let segment = text[index + 2];
  if (component === undefined || segment === undefined) throw new X12SyntaxError('ISA segment is truncated before its segment terminator');
  if (segment === '\r' && text[index + 3] === '\n') segment = '\n';
  // A fixed-width ISA has its 16th element separator at offset 103 (ISA16 is character 105).
  if (index !== 103) warnings.push(`ISA is not fixed width (ISA16 at character ${index + 2}, expected 105); delimiters read by counting separators`);
  const isaElements = text.slice(0, index + 2).split(element);
  const version = (isaElements[12] ?? '').trim();
  const isa11 = isaElements[11] ?? '';
  let repetition: string | null = null;
  if (version >= '00501' && isa11.length === 1 && !/[A-Za-z0-9 ]/.test(isa11)) repetition = isa11;
  if (new Set([element, component, segment, ...(repetition ? [repetition] : [])]).size !== (repetition ? 4 : 3)) {
    warnings.push('ISA delimiters are not distinct; splitting may be ambiguous');
  }
  return { delimiters: { element, component, segment, repetition }, isaEnd: index + 2, warnings };
}

const MAX_WARNINGS = 100;
// No X12 segment has more than a few dozen elements (ISA 16, BPR 21, SV1 21, CAS 19).
const MAX_ELEMENTS = 256;
const LAYOUT_BEFORE = new Set(['\r', '\n', '\t', ' ']);
const LAYOUT_AFTER = new Set(['\r', '\n']);

// One pass over the text with index arithmetic (no regex per segment): hostile input (runs of CR,
// of terminators, of separators) costs time linear in its length (issue 13).
export interface TokenizeOptions {
  /** Refuse (X12SyntaxError) an interchange with more segments: what an untrusted sender may make us map. */
  maxSegments?: number;
}

export function tokenize(input: string, options: TokenizeOptions = {}): TokenizedX12 {
  const maxSegments = options.maxSegments ?? Infinity;
  let start = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < input.length && /\s/.test(input[start] as string)) start++;
  const text = start === 0 ? input : input.slice(start);
  const { delimiters, warnings } = detectDelimiters(text);
  const segments: Segment[] = [];
  let unreadable = 0;
  const terminator = delimiters.segment;
  let from = 0;
  while (from <= text.length) {
    let end = text.indexOf(terminator, from);
    if (end < 0) end = text.length;
    let pieceStart = from;
    let pieceEnd = terminator === '\n' && end > from && text[end - 1] === '\r' ? end - 1 : end;
    from = end + 1;
    // Line breaks (and stray spaces) after terminators are layout, not data.
    while (pieceStart < pieceEnd && LAYOUT_BEFORE.has(text[pieceStart] as string)) pieceStart++;
    while (pieceEnd > pieceStart && LAYOUT_AFTER.has(text[pieceEnd - 1] as string)) pieceEnd--;
    if (pieceStart === pieceEnd) continue;
    // split with a limit stops early: a segment of millions of separators is not made into an array.
    const elements = text.slice(pieceStart, pieceEnd).split(delimiters.element, MAX_ELEMENTS + 2);
    const id = (elements[0] ?? '').trim().toUpperCase();
    if (elements.length > MAX_ELEMENTS + 1) throw new X12SyntaxError(`segment ${segments.length + 1} (${id.slice(0, 3)}) has more than ${MAX_ELEMENTS} elements`);
    elements[0] = id;
    if (!/^[A-Z0-9]{2,3}$/.test(id) && ++unreadable <= MAX_WARNINGS) warnings.push(`Segment ${segments.length + 1} has an unreadable id ${JSON.stringify(id.slice(0, 10))}`);
    segments.push({ id, elements, position: segments.length + 1 });
    if (segments.length > maxSegments) throw new X12SyntaxError(`the interchange has more than ${maxSegments} segments, the limit for this route`);
  }
  if (unreadable > MAX_WARNINGS) warnings.push(`${unreadable - MAX_WARNINGS} more segments have unreadable ids`);
  return { delimiters, segments, warnings };
}

export function element(segment: Segment | undefined, position: number): string {
  return (segment?.elements[position] ?? '').trim();
}

export function components(segment: Segment | undefined, position: number, delimiters: Delimiters): string[] {
  const value = element(segment, position);
  return value === '' ? [] : value.split(delimiters.component);
}

export function repetitions(segment: Segment | undefined, position: number, delimiters: Delimiters): string[] {
  const value = element(segment, position);
  if (value === '') return [];
  return delimiters.repetition ? value.split(delimiters.repetition) : [value];
}
