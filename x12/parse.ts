// parseX12: reads an interchange (ISA/GS/ST...SE/GE/IEA, or ISA/TA1/IEA) into normalized JSON.
// Standards violations real partners commit (wrong counts, mismatched control numbers,
// 4010 envelopes, unexpected GS01) become warnings, never exceptions.

import { TA1_ACK_CODES, TA1_NOTE_CODES, describe } from './codes.ts';
import { isoDate } from './map-common.ts';
import { map270 } from './map-270.ts';
import { map271 } from './map-271.ts';
import { map277 } from './map-277.ts';
import { map837 } from './map-837.ts';
import { map999 } from './map-999.ts';
import { map835 } from './map-835.ts';
import { map276 } from './map-276.ts';
import { detectDelimiters, element, tokenize } from './tokenize.ts';
import type { Delimiters, Segment, TokenizeOptions } from './tokenize.ts';
import type { FunctionalGroupInfo, InterchangeInfo, ParsedTransaction, ParsedX12, TransactionTA1 } from './types.ts';

const EXPECTED_GS01: Record<string, string> = { '270': 'HS', '271': 'HB', '999': 'FA', '837': 'HC', '835': 'HP', '276': 'HR', '277': 'HN' };

function readInterchange(isa: Segment, delimiters: Delimiters): InterchangeInfo {
  return {
    authorizationQualifier: element(isa, 1),
    securityQualifier: element(isa, 3),
    senderQualifier: element(isa, 5),
    senderId: element(isa, 6),
    receiverQualifier: element(isa, 7),
    receiverId: element(isa, 8),
    date: element(isa, 9),
    time: element(isa, 10),
    version: element(isa, 12),
    controlNumber: element(isa, 13),
    acknowledgmentRequested: element(isa, 14),
    usage: element(isa, 15),
    delimiters,
    groups: [],
  };
}

function readTA1(ta1: Segment): TransactionTA1 {
  const code = element(ta1, 4);
  const acknowledgment = code === 'A' ? 'accepted' : code === 'E' ? 'accepted_with_errors' : code === 'R' ? 'rejected' : 'unknown';
  return {
    type: 'TA1',
    controlNumber: element(ta1, 1),
    date: element(ta1, 2),
    time: element(ta1, 3),
    acknowledgmentCode: code,
    acknowledgment,
    acknowledgmentDescription: describe(TA1_ACK_CODES, code),
    noteCode: element(ta1, 5),
    noteDescription: describe(TA1_NOTE_CODES, element(ta1, 5)),
  };
}

function sameControlNumber(a: string, b: string): boolean {
  return a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b));
}

/**
 * Some payers wrap files at a fixed width (80 columns with CRLF), breaking lines inside
 * segments and even inside the ISA. When the segment terminator is not itself a line break,
 * line breaks are never data, so they are removed before tokenizing.
 */
function unwrapLines(text: string): { text: string; unwrapped: boolean } {
  if (!/[\r\n]/.test(text)) return { text, unwrapped: false };
  const stripped = text.replace(/^\uFEFF/, '').replace(/^\s+/, '').replace(/[\r\n]+/g, '');
  try {
    const { delimiters } = detectDelimiters(stripped);
    if (delimiters.segment === '\n' || /[\r\n]/.test(delimiters.segment) || /[A-Za-z0-9 ]/.test(delimiters.segment)) return { text, unwrapped: false };
    const brokenInside = new RegExp(`[^${escapeClass(delimiters.segment)}\\r\\n][\\r\\n]+[^\\r\\n]`).test(text.trimEnd());
    return { text: stripped, unwrapped: brokenInside };
  } catch {
    return { text, unwrapped: false };
  }
}

function escapeClass(character: string): string {
  return character.replace(/[\\\]^-]/g, '\\$&');
}

export function parseX12(input: string, options: TokenizeOptions = {}): ParsedX12 {
  const read = readX12Lazily(input, options);
  const transactions = [...read.transactions];
  return { interchange: read.interchange, transactions, warnings: read.warnings };
}

/** An interchange tokenized whole (so every syntax error, and the segment limit, is thrown here),
 *  its transaction sets mapped one at a time as `transactions` is iterated: a reader can hand out
 *  the first transaction before the last is mapped. `interchange.groups` and `warnings` are
 *  complete once `transactions` has been read to its end. */
export function readX12Lazily(input: string, options: TokenizeOptions = {}): { interchange: InterchangeInfo; segments: readonly Segment[]; transactions: Iterable<ParsedTransaction>; warnings: string[] } {
  const { text, unwrapped } = unwrapLines(input);
  const { delimiters, segments, warnings } = tokenize(text, options);
  if (unwrapped) warnings.push('Line breaks inside segments (a fixed-width wrapped file) were removed before reading');
  const isa = segments[0] as Segment;
  const interchange = readInterchange(isa, delimiters);
  if (interchange.version < '00501') warnings.push(`Interchange version ${interchange.version} (ISA12) predates 005010; read as best effort`);
  return { interchange, segments, transactions: mapTransactions(segments, interchange, delimiters, warnings), warnings };
}

function* mapTransactions(segments: Segment[], interchange: InterchangeInfo, delimiters: Delimiters, warnings: string[]): Generator<ParsedTransaction> {

  let group: FunctionalGroupInfo | null = null;
  let groupsSeen = 0;
  let setsInGroup = 0;
  let isaControl = interchange.controlNumber;
  let st: Segment | null = null;
  let body: Segment[] = [];

  const finishTransaction = (se: Segment | null): ParsedTransaction | null => {
    if (!st) return null;
    const type = element(st, 1);
    const controlNumber = element(st, 2);
    const header = { controlNumber, implementationReference: element(st, 3) || null, groupControlNumber: group?.controlNumber ?? null };
    if (!se) warnings.push(`${type} ${controlNumber}: missing SE trailer`);
    else {
      const counted = body.length + 2;
      if (element(se, 1) !== String(counted)) warnings.push(`${type} ${controlNumber}: SE01 says ${element(se, 1)} segments but the transaction set has ${counted}`);
      if (element(se, 2) !== controlNumber) warnings.push(`${type} ${controlNumber}: SE02 ${element(se, 2)} does not match ST02 ${controlNumber}`);
    }
    const expectedGs01 = EXPECTED_GS01[type];
    if (group && expectedGs01 && group.functionalId !== expectedGs01) {
      warnings.push(`${type} ${controlNumber}: functional group GS01 is ${group.functionalId}, expected ${expectedGs01}`);
    }
    let transaction: ParsedTransaction;
    if (type === '271') transaction = map271(body, header, delimiters, warnings);
    else if (type === '270') transaction = map270(body, header, delimiters, warnings);
    else if (type === '999') transaction = map999(body, header, delimiters, warnings);
    else if (type === '837') transaction = map837(body, header, delimiters, warnings);
    else if (type === '277') transaction = map277(body, header, delimiters, warnings);
    else if (type === '835') transaction = map835(body, header, delimiters, warnings);
    else if (type === '276') transaction = map276(body, header, warnings);
    else {
      warnings.push(`Transaction set ${type} ${controlNumber} is not mapped; reported with its segment count only`);
      transaction = { type: 'other', transactionSetId: type, ...header, segmentCount: body.length + 2 };
    }
    setsInGroup++;
    st = null;
    body = [];
    return transaction;
  };

  for (const segment of segments.slice(1)) {
    if (st && segment.id !== 'SE' && segment.id !== 'ST' && segment.id !== 'GE' && segment.id !== 'IEA') {
      body.push(segment);
      continue;
    }
    switch (segment.id) {
      case 'ISA':
        warnings.push(`Further interchange ${element(segment, 13)} at segment ${segment.position}; its transactions are included`);
        isaControl = element(segment, 13);
        groupsSeen = 0;
        break;
      case 'TA1':
        yield readTA1(segment);
        break;
      case 'GS':
        if (st) yield finishTransaction(null) as ParsedTransaction;
        group = {
          functionalId: element(segment, 1),
          senderId: element(segment, 2),
          receiverId: element(segment, 3),
          date: isoDate(element(segment, 4)),
          time: element(segment, 5),
          controlNumber: element(segment, 6),
          version: element(segment, 8),
        };
        if (group.version && !group.version.startsWith('005010')) warnings.push(`Functional group ${group.controlNumber}: version ${group.version} (GS08) is not 005010`);
        interchange.groups.push(group);
        groupsSeen++;
        setsInGroup = 0;
        break;
      case 'ST':
        if (st) yield finishTransaction(null) as ParsedTransaction;
        st = segment;
        body = [];
        break;
      case 'SE':
        if (!st) warnings.push(`SE at segment ${segment.position} without ST`);
        else yield finishTransaction(segment) as ParsedTransaction;
        break;
      case 'GE':
        if (st) yield finishTransaction(null) as ParsedTransaction;
        if (!group) warnings.push(`GE at segment ${segment.position} without GS`);
        else {
          if (element(segment, 1) !== String(setsInGroup)) warnings.push(`Functional group ${group.controlNumber}: GE01 says ${element(segment, 1)} transaction sets but the group has ${setsInGroup}`);
          if (!sameControlNumber(element(segment, 2), group.controlNumber)) warnings.push(`Functional group ${group.controlNumber}: GE02 ${element(segment, 2)} does not match GS06`);
        }
        group = null;
        break;
      case 'IEA':
        if (st) yield finishTransaction(null) as ParsedTransaction;
        if (element(segment, 1) !== String(groupsSeen)) warnings.push(`Interchange ${isaControl}: IEA01 says ${element(segment, 1)} groups but the interchange has ${groupsSeen}`);
        if (element(segment, 2) !== isaControl) warnings.push(`Interchange ${isaControl}: IEA02 ${element(segment, 2)} does not match ISA13 ${isaControl}`);
        break;
      default:
        warnings.push(`Segment ${segment.id} at position ${segment.position} is outside any transaction set`);
    }
  }
  if (st) yield finishTransaction(null) as ParsedTransaction;
  if (segments.at(-1)?.id !== 'IEA') warnings.push('Interchange has no IEA trailer at the end');
}
