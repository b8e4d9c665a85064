// 005010X221A1 835 mapping: payment (BPR/TRN), payer/payee (N1*PR/PE), claims (CLP with
// CAS, NM1, MIA/MOA, DTM, REF, AMT) and their service lines (SVC with CAS, DTM, REF*6R,
// AMT*B6, LQ*HE), and provider-level adjustments (PLB). Amounts stay the decimal strings
// the payer sent; balancing is checked in SQL where the posting happens.

import { isoDate } from './map-common.ts';
import { components, element } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type {
  Adjustment835, Claim835, Name835, Procedure835, ProviderAdjustment835, Service835, Transaction835,
} from './remittance-835.ts';

type Header = { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null };

const IGNORED_835_SEGMENTS = new Set(['N2', 'N3', 'N4', 'PER', 'RDM', 'TS3', 'TS2', 'QTY', 'CUR']);
const MAX_WARNINGS = 100;
const PROCEDURE_QUALIFIERS = /^(HC|AD|ER|HP|IV|N4|NU|WK|ZZ)([^A-Za-z0-9 ])(.+)$/;

/** "-.50" and "12" stay as sent, but an empty element is null. */
function amountOrNull(value: string): string | null {
  return value === '' ? null : value;
}

function amount(value: string): string {
  return value === '' ? '0' : value;
}

function readName(nm1: Segment): Name835 {
  return {
    entityId: element(nm1, 1),
    lastName: element(nm1, 3) || null,
    firstName: element(nm1, 4) || null,
    middleName: element(nm1, 5) || null,
    idQualifier: element(nm1, 8) || null,
    id: element(nm1, 9) || null,
  };
}

/** CAS: group, then up to six (reason, amount, quantity) triples. */
export function readAdjustments(cas: Segment): Adjustment835[] {
  const group = element(cas, 1);
  const result: Adjustment835[] = [];
  for (let i = 0; i < 6; i++) {
    const reason = element(cas, 2 + i * 3);
    if (!reason) continue;
    result.push({ group, reason, amount: amount(element(cas, 3 + i * 3)), quantity: amountOrNull(element(cas, 4 + i * 3)) });
  }
  return result;
}

/**
 * SVC01/SVC06 composite. Some payers write the composite with a separator other than ISA16
 * (real files send "HC>55669" in a ":" interchange); a lone component that starts with a
 * known qualifier and a punctuation mark is split on that mark, with a warning.
 */
function readProcedure(segment: Segment, position: number, delimiters: Delimiters, warn: (m: string) => void): Procedure835 | null {
  let parts = components(segment, position, delimiters);
  if (parts.length === 1 && parts[0]) {
    const odd = PROCEDURE_QUALIFIERS.exec(parts[0]);
    if (odd) {
      warn(`SVC at segment ${segment.position}: composite ${parts[0]} uses "${odd[2]}" instead of the component separator "${delimiters.component}"; split on it`);
      parts = parts[0].split(odd[2] ?? '');
    }
  }
  if (parts.length === 0 || parts.every((p) => p === '')) return null;
  return {
    qualifier: parts[0] ?? '',
    code: parts[1] ?? '',
    modifiers: parts.slice(2, 6).filter(Boolean),
    description: parts[6] || null,
  };
}

export function map835(body: Segment[], header: Header, delimiters: Delimiters, warnings: string[]): Transaction835 {
  // Capped like the tokenizer's: a hostile file of unknown segments must not grow the answer without bound.
  let warned = 0;
  const warn = (message: string): void => {
    warned++;
    if (warned <= MAX_WARNINGS) warnings.push(`835 ${header.controlNumber}: ${message}`);
    else if (warned === MAX_WARNINGS + 1) warnings.push(`835 ${header.controlNumber}: further warnings left out`);
  };
  const result: Transaction835 = {
    type: '835',
    ...header,
    payment: { amount: '0', method: '', creditDebit: '', handlingCode: '', date: null, traceNumber: '', payerIdentifier: '' },
    productionDate: null,
    payer: { name: '', id: null, idQualifier: null },
    payee: { name: '', npi: null, idQualifier: null, id: null, taxId: null },
    claims: [],
    providerAdjustments: [],
  };
  let party: 'payer' | 'payee' | null = null;
  let headerNumber: string | null = null;
  let claim: Claim835 | null = null;
  let service: Service835 | null = null;

  for (const segment of body) {
    switch (segment.id) {
      case 'BPR':
        result.payment.handlingCode = element(segment, 1);
        result.payment.amount = amount(element(segment, 2));
        result.payment.creditDebit = element(segment, 3);
        result.payment.method = element(segment, 4);
        result.payment.date = element(segment, 16) ? isoDate(element(segment, 16)) : null;
        break;
      case 'TRN':
        result.payment.traceNumber = element(segment, 2);
        result.payment.payerIdentifier = element(segment, 3);
        break;
      case 'N1': {
        const code = element(segment, 1);
        party = code === 'PR' ? 'payer' : code === 'PE' ? 'payee' : null;
        const idQualifier = element(segment, 3) || null;
        const id = element(segment, 4) || null;
        if (party === 'payer') result.payer = { name: element(segment, 2), idQualifier, id };
        else if (party === 'payee') {
          result.payee = { name: element(segment, 2), idQualifier, id, npi: idQualifier === 'XX' ? id : null, taxId: idQualifier === 'FI' ? id : null };
        } else warn(`N1*${code} at segment ${segment.position} is not a payer or payee; ignored`);
        break;
      }
      case 'LX':
        headerNumber = element(segment, 1) || null;
        claim = null;
        service = null;
        break;
      case 'CLP':
        service = null;
        claim = {
          patientControlNumber: element(segment, 1),
          status: element(segment, 2),
          chargeAmount: amount(element(segment, 3)),
          paymentAmount: amount(element(segment, 4)),
          patientResponsibility: amountOrNull(element(segment, 5)),
          filingIndicator: element(segment, 6) || null,
          payerClaimControlNumber: element(segment, 7) || null,
          facilityCode: element(segment, 8) || null,
          frequencyCode: element(segment, 9) || null,
          drgCode: element(segment, 11) || null,
          patient: null, insured: null, corrected: null, renderingProvider: null, crossover: null,
          remarks: [], dates: [], references: [], allowedAmount: null, amounts: [], adjustments: [], services: [],
          headerNumber,
        };
        result.claims.push(claim);
        break;
      case 'CAS':
        if (service) service.adjustments.push(...readAdjustments(segment));
        else if (claim) claim.adjustments.push(...readAdjustments(segment));
        else warn(`CAS at segment ${segment.position} outside a claim; ignored`);
        break;
      case 'NM1': {
        if (!claim) break; // payer/payee names come from N1
        const name = readName(segment);
        switch (name.entityId) {
          case 'QC': claim.patient = name; break;
          case 'IL': claim.insured = name; break;
          case '74': claim.corrected = name; break;
          case '82': claim.renderingProvider = name; break;
          case 'TT': claim.crossover = name; break;
          default: break; // PR corrected priority payer, GB other subscriber: not posted
        }
        break;
      }
      case 'MIA':
        if (claim) for (const i of [5, 20, 21, 22, 23]) if (element(segment, i)) claim.remarks.push({ source: 'MIA', code: element(segment, i) });
        break;
      case 'MOA':
        if (claim) for (const i of [3, 4, 5, 6, 7]) if (element(segment, i)) claim.remarks.push({ source: 'MOA', code: element(segment, i) });
        break;
      case 'DTM': {
        const date = { qualifier: element(segment, 1), date: isoDate(element(segment, 2)) };
        if (service) {
          service.dates.push(date);
          if (date.qualifier === '472' || date.qualifier === '150') service.serviceDate = date.date;
          if (date.qualifier === '151') service.serviceDateEnd = date.date;
        } else if (claim) claim.dates.push(date);
        else if (date.qualifier === '405') result.productionDate = date.date;
        break;
      }
      case 'REF': {
        const ref = { qualifier: element(segment, 1), value: element(segment, 2) };
        if (service) {
          if (ref.qualifier === '6R') service.lineControlNumber = ref.value;
        } else if (claim) claim.references.push(ref);
        else if (party === 'payee' && ref.qualifier === 'TJ' && !result.payee.taxId) result.payee.taxId = ref.value;
        break;
      }
      case 'AMT': {
        const value = { qualifier: element(segment, 1), amount: amount(element(segment, 2)) };
        if (service) {
          service.amounts.push(value);
          if (value.qualifier === 'B6') service.allowedAmount = value.amount;
        } else if (claim) {
          claim.amounts.push(value);
          if (value.qualifier === 'B6') claim.allowedAmount = value.amount;
        }
        break;
      }
      case 'SVC': {
        if (!claim) { warn(`SVC at segment ${segment.position} outside a claim; ignored`); break; }
        const procedure = readProcedure(segment, 1, delimiters, warn) ?? { qualifier: '', code: '', modifiers: [], description: null };
        service = {
          procedure,
          modifiers: procedure.modifiers,
          originalProcedure: readProcedure(segment, 6, delimiters, warn),
          chargeAmount: amount(element(segment, 2)),
          paymentAmount: amount(element(segment, 3)),
          revenueCode: element(segment, 4) || null,
          units: amountOrNull(element(segment, 5)),
          originalUnits: amountOrNull(element(segment, 7)),
          lineControlNumber: null,
          serviceDate: null,
          serviceDateEnd: null,
          dates: [],
          allowedAmount: null,
          amounts: [],
          adjustments: [],
          remarks: [],
        };
        claim.services.push(service);
        break;
      }
      case 'LQ':
        if (service && element(segment, 1) === 'HE') service.remarks.push(element(segment, 2));
        break;
      case 'PLB':
        claim = null;
        service = null;
        result.providerAdjustments.push(...readProviderAdjustments(segment, delimiters));
        break;
      default:
        if (!IGNORED_835_SEGMENTS.has(segment.id)) warn(`unknown segment ${segment.id} at position ${segment.position}`);
    }
  }
  if (!result.payment.traceNumber) warn('no TRN reassociation trace number');
  return result;
}

/** PLB: provider id, fiscal period date, then up to six (reason:reference composite, amount) pairs. */
function readProviderAdjustments(plb: Segment, delimiters: Delimiters): ProviderAdjustment835[] {
  const providerId = element(plb, 1);
  const fiscalPeriodDate = element(plb, 2) ? isoDate(element(plb, 2)) : null;
  const result: ProviderAdjustment835[] = [];
  for (let i = 0; i < 6; i++) {
    const [reason, reference] = components(plb, 3 + i * 2, delimiters);
    if (!reason) continue;
    result.push({ reason, reference: reference || null, amount: amount(element(plb, 4 + i * 2)), providerId, fiscalPeriodDate });
  }
  return result;
}
