// 005010X279A1 270 mapping: what the sandbox partner (and tests) need to answer an inquiry.

import { applyDemographics, applyName, emptyPerson, levelLetter, readDate, readEntity, readTrace } from './map-common.ts';
import { element, repetitions } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type { Person, Transaction270 } from './types.ts';

const KNOWN_270_SEGMENTS = new Set(['BHT', 'HL', 'NM1', 'TRN', 'REF', 'N3', 'N4', 'PRV', 'DMG', 'INS', 'HI', 'DTP', 'EQ', 'AMT', 'III']);

export function map270(
  body: Segment[],
  header: { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null },
  delimiters: Delimiters,
  warnings: string[],
): Transaction270 {
  const result: Transaction270 = {
    type: '270',
    ...header,
    traceNumbers: [],
    payer: { name: '', id: null, idQualifier: null },
    provider: null,
    subscriber: emptyPerson(),
    dependent: null,
    serviceDate: null,
    serviceTypes: [],
  };
  let letter = '?';
  const person = (): Person | null => (letter === 'C' ? result.subscriber : letter === 'D' ? result.dependent : null);
  for (const segment of body) {
    switch (segment.id) {
      case 'HL':
        letter = levelLetter(element(segment, 3));
        if (letter === 'D') result.dependent = emptyPerson();
        break;
      case 'NM1':
        if (letter === 'A') result.payer = { name: element(segment, 3), idQualifier: element(segment, 8) || null, id: element(segment, 9) || null };
        else if (letter === 'B') result.provider = readEntity(segment);
        else {
          const p = person();
          if (p) applyName(p, segment);
        }
        break;
      case 'TRN':
        result.traceNumbers.push(readTrace(segment));
        break;
      case 'DMG': {
        const p = person();
        if (p) applyDemographics(p, segment);
        break;
      }
      case 'DTP': {
        const date = readDate(segment);
        if (date.qualifier === '291' || date.qualifier === '307' || date.qualifier === '472') result.serviceDate = date;
        break;
      }
      case 'EQ':
        result.serviceTypes.push(...repetitions(segment, 1, delimiters));
        break;
      default:
        if (!KNOWN_270_SEGMENTS.has(segment.id)) warnings.push(`270 ${header.controlNumber}: unknown segment ${segment.id} at position ${segment.position}`);
    }
  }
  return result;
}
