// 005010X231A1 999 implementation acknowledgment mapping.

import { AK9_ERRORS, AK9_STATUS, IK3_SEGMENT_ERRORS, IK4_ELEMENT_ERRORS, IK5_ERRORS, IK5_STATUS, describe } from './codes.ts';
import { components, element } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type { ElementError, SegmentError, SetAcknowledgment, Transaction999 } from './types.ts';

const KNOWN_999_SEGMENTS = new Set(['AK1', 'AK2', 'IK3', 'CTX', 'IK4', 'IK5', 'AK9']);

function acceptance(status: string): Transaction999['accepted'] {
  if (status === 'A' || status === 'E') return 'accepted';
  if (status === 'P') return 'partial';
  return 'rejected';
}

function codesFrom(segment: Segment, from: number, to: number, table: Record<string, string>): { code: string; description: string | null }[] {
  const out: { code: string; description: string | null }[] = [];
  for (let i = from; i <= to; i++) {
    const code = element(segment, i);
    if (code) out.push({ code, description: describe(table, code) });
  }
  return out;
}

export function map999(
  body: Segment[],
  header: { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null },
  delimiters: Delimiters,
  warnings: string[],
): Transaction999 {
  const result: Transaction999 = {
    type: '999',
    ...header,
    acknowledgedGroup: { functionalId: '', controlNumber: '', version: null },
    accepted: 'rejected',
    groupStatus: '',
    groupStatusDescription: null,
    counts: { included: null, received: null, accepted: null },
    groupErrors: [],
    sets: [],
    errors: [],
  };
  let set: SetAcknowledgment | null = null;
  let segmentError: SegmentError | null = null;
  const count = (value: string): number | null => (value === '' ? null : Number(value));

  for (const segment of body) {
    switch (segment.id) {
      case 'AK1':
        result.acknowledgedGroup = { functionalId: element(segment, 1), controlNumber: element(segment, 2), version: element(segment, 3) || null };
        break;
      case 'AK2':
        set = {
          transactionType: element(segment, 1),
          controlNumber: element(segment, 2),
          implementationReference: element(segment, 3) || null,
          status: '',
          statusDescription: null,
          errorCodes: [],
          segmentErrors: [],
        };
        result.sets.push(set);
        segmentError = null;
        break;
      case 'IK3': {
        const code = element(segment, 4);
        segmentError = {
          segmentId: element(segment, 1),
          segmentPosition: element(segment, 2),
          loop: element(segment, 3) || null,
          code,
          description: describe(IK3_SEGMENT_ERRORS, code),
          contexts: [],
          elementErrors: [],
        };
        set?.segmentErrors.push(segmentError);
        if (!set) warnings.push(`999 ${header.controlNumber}: IK3 at position ${segment.position} outside an AK2 loop`);
        break;
      }
      case 'CTX': {
        const context = segment.elements.slice(1).join(delimiters.element).replace(new RegExp(`\\${delimiters.element}+$`), '');
        segmentError?.contexts.push(context);
        break;
      }
      case 'IK4': {
        const [position = '', componentPosition, repetitionPosition] = components(segment, 1, delimiters);
        const code = element(segment, 3);
        const elementError: ElementError = {
          position,
          componentPosition: componentPosition || null,
          repetitionPosition: repetitionPosition || null,
          dataElementReference: element(segment, 2) || null,
          code,
          description: describe(IK4_ELEMENT_ERRORS, code),
          badValue: element(segment, 4) || null,
        };
        segmentError?.elementErrors.push(elementError);
        break;
      }
      case 'IK5':
        if (set) {
          set.status = element(segment, 1);
          set.statusDescription = describe(IK5_STATUS, set.status);
          set.errorCodes = codesFrom(segment, 2, 6, IK5_ERRORS);
        }
        segmentError = null;
        break;
      case 'AK9':
        result.groupStatus = element(segment, 1);
        result.groupStatusDescription = describe(AK9_STATUS, result.groupStatus);
        result.accepted = acceptance(result.groupStatus);
        result.counts = { included: count(element(segment, 2)), received: count(element(segment, 3)), accepted: count(element(segment, 4)) };
        result.groupErrors = codesFrom(segment, 5, 9, AK9_ERRORS);
        break;
      default:
        if (!KNOWN_999_SEGMENTS.has(segment.id)) warnings.push(`999 ${header.controlNumber}: unknown segment ${segment.id} at position ${segment.position}`);
    }
  }
  if (result.groupStatus === '') {
    warnings.push(`999 ${header.controlNumber}: no AK9 segment; acceptance derived from IK5`);
    const statuses = result.sets.map((s) => acceptance(s.status));
    result.accepted = statuses.every((s) => s === 'accepted') && statuses.length > 0 ? 'accepted'
      : statuses.some((s) => s === 'accepted') ? 'partial' : 'rejected';
  }
  result.errors = result.sets.flatMap((s) => s.segmentErrors.map((e) => ({ ...e, transactionControlNumber: s.controlNumber })));
  return result;
}
