// 837 health care claim mapping (005010X222A1 professional, X223 institutional, X224 dental;
// 4010 X098/X096/X097 read as best effort). The HL hierarchy gives each claim its billing
// provider (HL 20), subscriber and payer (HL 22) and dependent patient (HL 23); after CLM, an
// NM1*IL/PR belongs to another payer (2330A/B), not to the claim's own subscriber.

import { amountOrRaw } from './decimal.ts';
import { isoDate } from './map-common.ts';
import { components, element } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type { ParsedAdjustment837, ParsedClaim837, ParsedLineAdjudication837, ParsedOtherPayer837, ParsedServiceLine837, PartyRef, Transaction837 } from './types-claims.ts';

/** Principal and other diagnoses, ICD-10 (ABK/ABF) or ICD-9 (BK/BF); admitting (ABJ), value codes, occurrence codes... are left out. */
const DIAGNOSIS_QUALIFIERS = new Set(['ABK', 'ABF', 'BK', 'BF']);

export function variantOf(implementationReference: string | null): Transaction837['variant'] {
  const ref = implementationReference ?? '';
  if (/X222|X098/.test(ref)) return 'professional';
  if (/X223|X096/.test(ref)) return 'institutional';
  if (/X224|X097/.test(ref)) return 'dental';
  return 'unknown';
}

export function partyFrom(nm1: Segment): PartyRef {
  const firstName = element(nm1, 4);
  return {
    name: element(nm1, 3),
    ...(firstName ? { firstName } : {}),
    idQualifier: element(nm1, 8) || null,
    id: element(nm1, 9) || null,
  };
}

const LIKELY_COMPONENT_SEPARATORS = ['>', ':', '\\', '<', '|', '^'];

/**
 * A composite's components. Some files (seen in public samples) declare ':' in ISA16 but write
 * '>' inside composites: when a value has no declared separator but one of the usual others,
 * split on that one, with a warning, rather than reading "HC>99213" as a procedure code.
 */
function compositeReader(delimiters: Delimiters, warn: (segment: Segment, message: string) => void): (segment: Segment, position: number) => string[] {
  let warned = false;
  return (segment, position) => {
    const parts = components(segment, position, delimiters);
    if (parts.length > 1) return parts;
    const value = parts[0] ?? '';
    const other = LIKELY_COMPONENT_SEPARATORS.find((c) => c !== delimiters.component && value.includes(c));
    if (!other) return parts;
    if (!warned) warn(segment, `${segment.id}${String(position).padStart(2, '0')} ${JSON.stringify(value)} uses ${JSON.stringify(other)} as component separator, not ISA16 ${JSON.stringify(delimiters.component)}; composites read with ${JSON.stringify(other)} (reported once)`);
    warned = true;
    return value.split(other);
  };
}

/** The triples of a CAS segment (reason, amount, quantity from CAS02 on, six at most). */
function casAdjustments(cas: Segment, where: string, warnings: string[]): ParsedAdjustment837[] {
  const group = element(cas, 1);
  const out: ParsedAdjustment837[] = [];
  for (let i = 2; i < cas.elements.length; i += 3) {
    const reason = element(cas, i);
    if (!reason) continue;
    const quantity = element(cas, i + 2);
    out.push({ group, reason, amount: amountOrRaw(element(cas, i + 1), where, warnings), quantity: quantity || null });
  }
  return out;
}

function dateRange(dtp: Segment): { start: string | null; end: string | null } {
  const format = element(dtp, 2);
  const value = element(dtp, 3);
  if (format === 'RD8') {
    const [start = '', end = ''] = value.split('-');
    return { start: isoDate(start), end: end ? isoDate(end) : null };
  }
  return { start: value ? isoDate(value) : null, end: null };
}

export function map837(
  body: Segment[],
  header: { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null },
  delimiters: Delimiters,
  warnings: string[],
): Transaction837 {
  const result: Transaction837 = {
    type: '837',
    ...header,
    variant: variantOf(header.implementationReference),
    purpose: null,
    claimOrEncounter: null,
    submitter: null,
    receiver: null,
    claims: [],
  };
  const where = (segment: Segment): string => `837 ${header.controlNumber} segment ${segment.position}`;
  const composite = compositeReader(delimiters, (segment, message) => warnings.push(`${where(segment)}: ${message}`));

  let billingProvider: PartyRef | null = null;
  let payer: PartyRef | null = null;
  let subscriber: PartyRef | null = null;
  let patient: PartyRef | null = null;
  let payerResponsibility: string | null = null;
  let claimFilingIndicator: string | null = null;
  let level = '';
  let claim: ParsedClaim837 | null = null;
  let line: ParsedServiceLine837 | null = null;
  /** 2330x (other subscriber/payer) after an SBR inside the claim: its NM1s are not the claim's own. */
  let inOtherPayer = false;
  /** The 2320 loop being read (COB), and the 2430 loop of the current line. */
  let otherPayer: ParsedOtherPayer837 | null = null;
  let lineAdjudication: ParsedLineAdjudication837 | null = null;

  for (const segment of body) {
    switch (segment.id) {
      case 'BHT':
        result.purpose = element(segment, 2) || null;
        result.claimOrEncounter = element(segment, 6) || null;
        break;
      case 'HL':
        claim = null;
        line = null;
        inOtherPayer = false;
        otherPayer = null;
        lineAdjudication = null;
        level = element(segment, 3);
        if (level === '20') {
          billingProvider = null;
          subscriber = null;
          patient = null;
          payer = null;
        } else if (level === '22') {
          subscriber = null;
          patient = null;
          payer = null;
          payerResponsibility = null;
          claimFilingIndicator = null;
        } else if (level === '23') {
          patient = null;
        } else warnings.push(`${where(segment)}: HL03 ${level} is not an 837 level (20, 22, 23)`);
        break;
      case 'SBR':
        if (claim) {
          inOtherPayer = true;
          otherPayer = {
            payerResponsibility: element(segment, 1) || null, relationship: element(segment, 2) || null, groupNumber: element(segment, 3) || null,
            claimFilingIndicator: element(segment, 9) || null, adjustments: [], paidAmount: null, remainingPatientLiability: null,
            subscriber: null, payer: null, payerClaimControlNumber: null, adjudicationDate: null,
          };
          claim.otherPayers.push(otherPayer);
        } else {
          payerResponsibility = element(segment, 1) || null;
          claimFilingIndicator = element(segment, 9) || null;
        }
        break;
      case 'NM1': {
        const entity = element(segment, 1);
        if (!line && inOtherPayer && otherPayer) {
          if (entity === 'IL') otherPayer.subscriber = partyFrom(segment);
          else if (entity === 'PR') otherPayer.payer = partyFrom(segment);
        }
        if (line || inOtherPayer) break;
        if (claim) {
          if (entity === '82') claim.renderingProvider = partyFrom(segment);
          else if (entity === '77') claim.serviceFacility = partyFrom(segment);
          break;
        }
        if (entity === '41') result.submitter = partyFrom(segment);
        else if (entity === '40') result.receiver = partyFrom(segment);
        else if (entity === '85') billingProvider = partyFrom(segment);
        else if (entity === 'IL') subscriber = partyFrom(segment);
        else if (entity === 'PR') payer = partyFrom(segment);
        else if (entity === 'QC') patient = partyFrom(segment);
        break;
      }
      case 'CLM': {
        const clm05 = composite(segment, 5);
        line = null;
        inOtherPayer = false;
        otherPayer = null;
        lineAdjudication = null;
        claim = {
          patientControlNumber: element(segment, 1),
          chargeAmount: amountOrRaw(element(segment, 2), where(segment), warnings),
          facilityCode: clm05[0] || null,
          frequencyCode: clm05[2] || null,
          payerClaimControlNumber: null,
          billingProvider,
          payer,
          payerResponsibility,
          claimFilingIndicator,
          subscriber,
          patient: level === '23' ? patient : null,
          diagnoses: [],
          renderingProvider: null,
          serviceFacility: null,
          otherPayers: [],
          lines: [],
        };
        if (!claim.patientControlNumber) warnings.push(`${where(segment)}: CLM01 (patient control number) is empty`);
        if (!billingProvider) warnings.push(`${where(segment)}: claim ${claim.patientControlNumber} has no billing provider (2010AA NM1*85)`);
        result.claims.push(claim);
        break;
      }
      case 'REF':
        if (!line && inOtherPayer && otherPayer && element(segment, 1) === 'F8') otherPayer.payerClaimControlNumber = element(segment, 2) || null;
        else if (line && element(segment, 1) === '6R') line.lineItemControlNumber = element(segment, 2) || null;
        else if (claim && !line && !inOtherPayer && element(segment, 1) === 'F8') claim.payerClaimControlNumber = element(segment, 2) || null;
        break;
      case 'HI':
        if (!claim || line) break;
        for (let i = 1; i < segment.elements.length; i++) {
          const [qualifier = '', code = ''] = composite(segment, i);
          if (DIAGNOSIS_QUALIFIERS.has(qualifier) && code) claim.diagnoses.push(code);
        }
        break;
      case 'LX':
        if (!claim) {
          warnings.push(`${where(segment)}: LX outside a claim`);
          break;
        }
        inOtherPayer = false;
        lineAdjudication = null;
        line = {
          lineNumber: element(segment, 1),
          procedure: null,
          procedureQualifier: null,
          modifiers: [],
          revenueCode: null,
          chargeAmount: '0.00',
          unitBasis: null,
          units: null,
          diagnosisPointers: [],
          serviceDate: null,
          serviceDateEnd: null,
          lineItemControlNumber: null,
          adjudications: [],
        };
        claim.lines.push(line);
        break;
      case 'SV1':
      case 'SV2':
      case 'SV3': {
        if (!line) {
          warnings.push(`${where(segment)}: ${segment.id} outside a service line (LX)`);
          break;
        }
        // SV2 starts with the revenue code; the procedure, amount and units follow one element later.
        const shift = segment.id === 'SV2' ? 1 : 0;
        if (segment.id === 'SV2') line.revenueCode = element(segment, 1) || null;
        const [qualifier = '', procedure = '', ...modifiers] = composite(segment, 1 + shift);
        line.procedureQualifier = qualifier || null;
        line.procedure = procedure || null;
        line.modifiers = modifiers.slice(0, 4).filter(Boolean);
        line.chargeAmount = amountOrRaw(element(segment, 2 + shift), where(segment), warnings);
        if (segment.id === 'SV3') {
          line.units = element(segment, 6) || null;
          line.unitBasis = line.units ? 'UN' : null;
          line.diagnosisPointers = composite(segment, 11).filter(Boolean);
        } else {
          line.unitBasis = element(segment, 3 + shift) || null;
          line.units = element(segment, 4 + shift) || null;
          if (segment.id === 'SV1') line.diagnosisPointers = composite(segment, 7).filter(Boolean);
        }
        break;
      }
      case 'SVD': {
        if (!line) break;
        const [, procedure = '', ...modifiers] = composite(segment, 3);
        lineAdjudication = {
          payerId: element(segment, 1), paidAmount: amountOrRaw(element(segment, 2), where(segment), warnings), procedure: procedure || null,
          modifiers: modifiers.filter(Boolean), units: element(segment, 5) || null, adjustments: [], adjudicationDate: null,
        };
        line.adjudications.push(lineAdjudication);
        break;
      }
      case 'CAS':
        if (lineAdjudication) lineAdjudication.adjustments.push(...casAdjustments(segment, where(segment), warnings));
        else if (!line && inOtherPayer && otherPayer) otherPayer.adjustments.push(...casAdjustments(segment, where(segment), warnings));
        break;
      case 'AMT':
        if (!line && inOtherPayer && otherPayer) {
          if (element(segment, 1) === 'D') otherPayer.paidAmount = amountOrRaw(element(segment, 2), where(segment), warnings);
          else if (element(segment, 1) === 'EAF') otherPayer.remainingPatientLiability = amountOrRaw(element(segment, 2), where(segment), warnings);
        }
        break;
      case 'DTP':
        if (element(segment, 1) === '573') {
          const date = isoDate(element(segment, 3));
          if (lineAdjudication) lineAdjudication.adjudicationDate = date;
          else if (!line && inOtherPayer && otherPayer) otherPayer.adjudicationDate = date;
        } else if (line && element(segment, 1) === '472') {
          const { start, end } = dateRange(segment);
          line.serviceDate = start;
          line.serviceDateEnd = end;
        }
        break;
      default:
        break;
    }
  }
  for (const c of result.claims) {
    if (c.lines.length === 0) warnings.push(`837 ${header.controlNumber}: claim ${c.patientControlNumber} has no service lines`);
  }
  return result;
}
