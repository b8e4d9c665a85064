// 005010X279A1 271 mapping: walks the HL levels (2000A payer, 2000B receiver, 2000C
// subscriber, 2000D dependent) and their 2100/2110/2120 loops.

import {
  AAA_FOLLOW_UP_ACTIONS, AAA_REJECT_REASONS, COVERAGE_LEVELS, EB_ACTIVE_CODES, EB_BENEFIT_CODES,
  EB_INACTIVE_CODES, INSURANCE_TYPES, SERVICE_TYPES, TIME_PERIODS, describe,
} from './codes.ts';
import {
  applyAddress, applyDemographics, applyName, emptyPerson, levelLetter, readDate, readEntity, readReference, readTrace,
} from './map-common.ts';
import { components, element, repetitions } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type { Benefit, CoverageStatus, Person, Reject, Transaction271 } from './types.ts';

const KNOWN_271_SEGMENTS = new Set([
  'BHT', 'HL', 'NM1', 'PER', 'AAA', 'PRV', 'TRN', 'REF', 'N3', 'N4', 'DMG', 'INS', 'HI', 'DTP', 'MPI',
  'EB', 'HSD', 'MSG', 'III', 'LS', 'LE',
]);

function numberOrNull(value: string): number | null {
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function readBenefit(eb: Segment, loop: string, delimiters: Delimiters): Benefit {
  const code = element(eb, 1);
  const serviceTypes = repetitions(eb, 3, delimiters);
  const procedure = components(eb, 13, delimiters);
  return {
    loop,
    code,
    description: describe(EB_BENEFIT_CODES, code),
    coverageLevel: element(eb, 2) || null,
    coverageLevelDescription: describe(COVERAGE_LEVELS, element(eb, 2)),
    serviceTypes,
    serviceTypeDescriptions: serviceTypes.map((s) => SERVICE_TYPES[s] ?? s),
    insuranceType: element(eb, 4) || null,
    insuranceTypeDescription: describe(INSURANCE_TYPES, element(eb, 4)),
    planDescription: element(eb, 5) || null,
    timePeriod: element(eb, 6) || null,
    timePeriodDescription: describe(TIME_PERIODS, element(eb, 6)),
    amount: numberOrNull(element(eb, 7)),
    percent: numberOrNull(element(eb, 8)),
    quantityQualifier: element(eb, 9) || null,
    quantity: numberOrNull(element(eb, 10)),
    authorizationRequired: element(eb, 11) || null,
    inNetwork: element(eb, 12) || null,
    procedure: procedure.length > 0 ? procedure : null,
    dates: [],
    messages: [],
    references: [],
    relatedEntities: [],
  };
}

function readReject(aaa: Segment, loop: string): Reject {
  const code = element(aaa, 3);
  const followUpAction = element(aaa, 4);
  return {
    loop,
    valid: element(aaa, 1),
    code,
    description: describe(AAA_REJECT_REASONS, code),
    followUpAction,
    followUpActionDescription: describe(AAA_FOLLOW_UP_ACTIONS, followUpAction),
  };
}

export function deriveCoverageStatus(benefits: Benefit[], rejects: Reject[]): CoverageStatus {
  const levelRejects = rejects.filter((r) => /^2(000|100)[A-D]$/.test(r.loop));
  if (benefits.length === 0 && levelRejects.length > 0) return 'rejected';
  if (benefits.some((b) => EB_ACTIVE_CODES.has(b.code))) return 'active';
  if (benefits.some((b) => EB_INACTIVE_CODES.has(b.code))) return 'inactive';
  return 'unknown';
}

export function map271(
  body: Segment[],
  header: { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null },
  delimiters: Delimiters,
  warnings: string[],
): Transaction271 {
  const result: Transaction271 = {
    type: '271',
    ...header,
    referenceId: null,
    traceNumbers: [],
    payer: { name: '', id: null, idQualifier: null },
    receiver: null,
    subscriber: emptyPerson(),
    dependent: null,
    coverageStatus: 'unknown',
    planName: null,
    planDates: {},
    benefits: [],
    rejects: [],
  };
  let letter = '?';
  let loop: '2000' | '2100' | '2110' | '2120' = '2000';
  let benefit: Benefit | null = null;
  const person = (): Person | null => (letter === 'C' ? result.subscriber : letter === 'D' ? result.dependent : null);

  for (const segment of body) {
    switch (segment.id) {
      case 'BHT':
        result.referenceId = element(segment, 3) || null;
        break;
      case 'HL':
        letter = levelLetter(element(segment, 3));
        loop = '2000';
        benefit = null;
        if (letter === '?') warnings.push(`271 ${header.controlNumber}: HL*${element(segment, 1)} has unknown level code ${element(segment, 3)}`);
        if (letter === 'D') result.dependent = emptyPerson();
        break;
      case 'NM1':
        if (loop === '2120' || loop === '2110') {
          benefit?.relatedEntities.push(readEntity(segment));
          break;
        }
        loop = '2100';
        if (letter === 'A') {
          result.payer = { name: element(segment, 3), idQualifier: element(segment, 8) || null, id: element(segment, 9) || null };
        } else if (letter === 'B') {
          result.receiver = readEntity(segment);
        } else {
          const p = person();
          if (p) applyName(p, segment);
        }
        break;
      case 'TRN':
        result.traceNumbers.push(readTrace(segment));
        break;
      case 'AAA':
        result.rejects.push(readReject(segment, `${loop === '2120' ? '2110' : loop}${letter}`));
        break;
      case 'EB':
        loop = '2110';
        benefit = readBenefit(segment, `2110${letter}`, delimiters);
        result.benefits.push(benefit);
        break;
      case 'MSG':
        benefit?.messages.push(element(segment, 1));
        break;
      case 'LS':
        loop = '2120';
        break;
      case 'LE':
        loop = '2110';
        break;
      case 'REF':
        if (loop === '2110') benefit?.references.push(readReference(segment));
        else person()?.references.push(readReference(segment));
        break;
      case 'DTP': {
        const date = readDate(segment);
        if (loop === '2110' && benefit) benefit.dates.push(date);
        else if (loop === '2100') result.planDates[date.name] = { start: date.start, end: date.end };
        break;
      }
      case 'DMG': {
        const p = person();
        if (p) applyDemographics(p, segment);
        break;
      }
      case 'N3':
      case 'N4': {
        const p = loop === '2100' ? person() : null;
        if (p) applyAddress(p, segment);
        break;
      }
      case 'INS': {
        const p = person();
        if (p) p.relationship = element(segment, 2) || null;
        break;
      }
      default:
        if (!KNOWN_271_SEGMENTS.has(segment.id)) {
          warnings.push(`271 ${header.controlNumber}: unknown segment ${segment.id} at position ${segment.position}`);
        }
    }
  }
  result.coverageStatus = deriveCoverageStatus(result.benefits, result.rejects);
  const activePlan = result.benefits.find((b) => EB_ACTIVE_CODES.has(b.code) && b.planDescription);
  result.planName = activePlan?.planDescription ?? result.benefits.find((b) => b.planDescription)?.planDescription ?? null;
  return result;
}
