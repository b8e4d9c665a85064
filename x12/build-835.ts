// Builds 005010X221A1 835 remittances from the same shape the parser returns (remittance-835.ts),
// so the sandbox partner can answer claims with paid, adjusted, denied, reversed and corrected
// claims, and a parsed 835 rebuilds. The builder writes the numbers it is given: it checks
// formats, not balancing (the sandbox sends one unbalanced file on purpose), except that an
// omitted BPR02 is filled with the balanced amount Σ CLP04 − Σ PLB.

import { X12BuildError, buildInterchange, checkValue, toX12Date } from './envelope.ts';
import type { Party } from './envelope.ts';
import type { Adjustment835, Claim835, Name835, Procedure835, ProviderAdjustment835, Service835 } from './remittance-835.ts';

/** A claim to write: the parsed Claim835 with everything optional that a payer may leave out. */
export type Claim835Input = Pick<Claim835, 'patientControlNumber' | 'status' | 'chargeAmount' | 'paymentAmount'>
  & Partial<Omit<Claim835, 'patientControlNumber' | 'status' | 'chargeAmount' | 'paymentAmount' | 'services' | 'patient'>>
  & { patient: Name835 | Omit<Name835, 'entityId'>; services?: Service835Input[] };

export type Service835Input = Pick<Service835, 'procedure' | 'chargeAmount' | 'paymentAmount'> & Partial<Omit<Service835, 'procedure' | 'chargeAmount' | 'paymentAmount'>>;

export interface Remittance835Input {
  /** ST02, 4 to 9 characters; a number is zero-padded to 4. */
  controlNumber: number | string;
  payment: {
    /** BPR02; when omitted, the balanced amount Σ CLP04 − Σ PLB. */
    amount?: string;
    /** BPR04: ACH, CHK, NON (no payment: every claim denied or offset). */
    method: 'ACH' | 'CHK' | 'NON' | 'BOP' | 'FWT';
    /** BPR16 YYYY-MM-DD */
    date: string;
    traceNumber: string;
    /** TRN03: "1" + the payer's EIN. */
    payerIdentifier: string;
    /** ACH only: BPR07/09 (payer's bank) and BPR13/15 (provider's bank); sandbox defaults otherwise. */
    ach?: { payerRouting: string; payerAccount: string; payeeRouting: string; payeeAccount: string };
  };
  /** DTM*405; defaults to the payment date. */
  productionDate?: string;
  payer: { name: string; id?: string; address: { line: string; city: string; state: string; postalCode: string }; technicalContactPhone?: string };
  payee: { name: string; npi: string; taxId?: string };
  claims: Claim835Input[];
  providerAdjustments?: Omit<ProviderAdjustment835, 'providerId' | 'fiscalPeriodDate'>[];
  /** PLB02 YYYY-MM-DD; defaults to December 31 of the payment year. */
  fiscalPeriodDate?: string;
}

export interface Build835Input {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  usage: 'P' | 'T';
  createdAt?: Date;
  lineBreaks?: boolean;
  remittances: Remittance835Input[];
}

const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;
const GROUPS = new Set(['CO', 'PR', 'OA', 'PI', 'CR']);

function money(field: string, value: string): string {
  if (!AMOUNT.test(value)) throw new X12BuildError(`${field} must be a decimal amount like 12.34, got ${JSON.stringify(value)}`);
  return value;
}

function cents(value: string): number {
  return Math.round(Number(value) * 100);
}

function fromCents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Σ CLP04 − Σ PLB04: the BPR02 of a balanced remittance. */
export function balancedPaymentAmount(remittance: Pick<Remittance835Input, 'claims' | 'providerAdjustments'>): string {
  const paid = remittance.claims.reduce((sum, c) => sum + cents(c.paymentAmount), 0);
  const plb = (remittance.providerAdjustments ?? []).reduce((sum, p) => sum + cents(p.amount), 0);
  return fromCents(paid - plb);
}

/** One CAS segment per group, six triples at most each (more triples start another CAS). */
function casSegments(field: string, adjustments: Adjustment835[]): string[][] {
  const byGroup = new Map<string, Adjustment835[]>();
  for (const [i, a] of adjustments.entries()) {
    if (!GROUPS.has(a.group)) throw new X12BuildError(`${field}[${i}].group must be one of CO, PR, OA, PI, CR, got ${JSON.stringify(a.group)}`);
    if (!/^[A-Z0-9]{1,5}$/.test(a.reason)) throw new X12BuildError(`${field}[${i}].reason must be a CARC, got ${JSON.stringify(a.reason)}`);
    money(`${field}[${i}].amount`, a.amount);
    byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
  }
  const segments: string[][] = [];
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      segments.push(['CAS', group, ...list.slice(i, i + 6).flatMap((a) => [a.reason, a.amount, a.quantity ?? ''])]);
    }
  }
  return segments;
}

function procedureComposite(field: string, p: Procedure835): string {
  if (!p.code) throw new X12BuildError(`${field}.code is required`);
  const parts = [checkValue(`${field}.qualifier`, p.qualifier || 'HC'), checkValue(`${field}.code`, p.code), ...p.modifiers.slice(0, 4).map((m, i) => checkValue(`${field}.modifiers[${i}]`, m))];
  if (p.description) {
    while (parts.length < 6) parts.push('');
    parts.push(checkValue(`${field}.description`, p.description));
  }
  return parts.join(':');
}

function nameSegment(field: string, entityId: string, name: Omit<Name835, 'entityId'>, entityType: '1' | '2'): string[] {
  const v = checkValue;
  return ['NM1', entityId, entityType, v(`${field}.lastName`, name.lastName ?? ''), v(`${field}.firstName`, name.firstName ?? ''), v(`${field}.middleName`, name.middleName ?? ''),
    '', '', name.id ? name.idQualifier ?? 'MI' : '', v(`${field}.id`, name.id ?? '')];
}

function claimSegments(field: string, claim: Claim835Input): string[][] {
  const v = checkValue;
  if (!claim.patientControlNumber) throw new X12BuildError(`${field}.patientControlNumber is required`);
  if (!/^\d{1,2}$/.test(claim.status)) throw new X12BuildError(`${field}.status must be a CLP02 claim status code, got ${JSON.stringify(claim.status)}`);
  const segments: string[][] = [[
    'CLP', v(`${field}.patientControlNumber`, claim.patientControlNumber), claim.status,
    money(`${field}.chargeAmount`, claim.chargeAmount), money(`${field}.paymentAmount`, claim.paymentAmount),
    claim.patientResponsibility ? money(`${field}.patientResponsibility`, claim.patientResponsibility) : '',
    v(`${field}.filingIndicator`, claim.filingIndicator ?? '12'), v(`${field}.payerClaimControlNumber`, claim.payerClaimControlNumber ?? ''),
    v(`${field}.facilityCode`, claim.facilityCode ?? '11'), v(`${field}.frequencyCode`, claim.frequencyCode ?? '1'),
    '', v(`${field}.drgCode`, claim.drgCode ?? ''),
  ]];
  segments.push(...casSegments(`${field}.adjustments`, claim.adjustments ?? []));
  segments.push(nameSegment(`${field}.patient`, 'QC', claim.patient, '1'));
  if (claim.insured) segments.push(nameSegment(`${field}.insured`, 'IL', claim.insured, '1'));
  if (claim.corrected) segments.push(nameSegment(`${field}.corrected`, '74', claim.corrected, '1'));
  if (claim.renderingProvider) segments.push(nameSegment(`${field}.renderingProvider`, '82', claim.renderingProvider, '1'));
  if (claim.crossover) {
    segments.push(['NM1', 'TT', '2', v(`${field}.crossover.lastName`, claim.crossover.lastName ?? ''), '', '', '', '', claim.crossover.idQualifier ?? 'PI', v(`${field}.crossover.id`, claim.crossover.id ?? '')]);
  }
  const remarks = claim.remarks ?? [];
  const mia = remarks.filter((r) => r.source === 'MIA').map((r) => v(`${field}.remarks`, r.code));
  const moa = remarks.filter((r) => r.source === 'MOA').map((r) => v(`${field}.remarks`, r.code));
  if (mia.length > 0) segments.push(['MIA', '0', '', '', '0', mia[0] ?? '', ...Array<string>(14).fill(''), ...mia.slice(1, 5)]);
  if (moa.length > 0) segments.push(['MOA', '', '', ...moa.slice(0, 5)]);
  for (const ref of claim.references ?? []) segments.push(['REF', v(`${field}.references`, ref.qualifier), v(`${field}.references`, ref.value)]);
  for (const d of claim.dates ?? []) segments.push(['DTM', v(`${field}.dates`, d.qualifier), toX12Date(`${field}.dates`, d.date)]);
  for (const a of claim.amounts ?? []) segments.push(['AMT', v(`${field}.amounts`, a.qualifier), money(`${field}.amounts`, a.amount)]);
  for (const [i, s] of (claim.services ?? []).entries()) segments.push(...serviceSegments(`${field}.services[${i}]`, s));
  return segments;
}

function serviceSegments(field: string, s: Service835Input): string[][] {
  const v = checkValue;
  const procedure = { ...s.procedure, modifiers: s.procedure.modifiers ?? s.modifiers ?? [] };
  const segments: string[][] = [[
    'SVC', procedureComposite(`${field}.procedure`, procedure), money(`${field}.chargeAmount`, s.chargeAmount), money(`${field}.paymentAmount`, s.paymentAmount),
    v(`${field}.revenueCode`, s.revenueCode ?? ''), s.units ?? '',
    s.originalProcedure ? procedureComposite(`${field}.originalProcedure`, s.originalProcedure) : '', s.originalUnits ?? '',
  ]];
  if (s.serviceDate) {
    if (s.serviceDateEnd && s.serviceDateEnd !== s.serviceDate) {
      segments.push(['DTM', '150', toX12Date(`${field}.serviceDate`, s.serviceDate)], ['DTM', '151', toX12Date(`${field}.serviceDateEnd`, s.serviceDateEnd)]);
    } else segments.push(['DTM', '472', toX12Date(`${field}.serviceDate`, s.serviceDate)]);
  }
  segments.push(...casSegments(`${field}.adjustments`, s.adjustments ?? []));
  if (s.lineControlNumber) segments.push(['REF', '6R', v(`${field}.lineControlNumber`, s.lineControlNumber)]);
  if (s.allowedAmount) segments.push(['AMT', 'B6', money(`${field}.allowedAmount`, s.allowedAmount)]);
  for (const remark of s.remarks ?? []) segments.push(['LQ', 'HE', v(`${field}.remarks`, remark)]);
  return segments;
}

function plbSegments(field: string, remittance: Remittance835Input, paymentYear: string): string[][] {
  const adjustments = remittance.providerAdjustments ?? [];
  const fiscal = toX12Date(`${field}.fiscalPeriodDate`, remittance.fiscalPeriodDate ?? `${paymentYear}-12-31`);
  const segments: string[][] = [];
  for (let i = 0; i < adjustments.length; i += 6) {
    segments.push(['PLB', remittance.payee.npi, fiscal, ...adjustments.slice(i, i + 6).flatMap((a, j) => {
      if (!/^[A-Z0-9]{2}$/.test(a.reason)) throw new X12BuildError(`${field}.providerAdjustments[${i + j}].reason must be a PLB03-1 code like L6, got ${JSON.stringify(a.reason)}`);
      return [a.reference ? `${a.reason}:${checkValue(`${field}.providerAdjustments[${i + j}].reference`, a.reference)}` : a.reason, money(`${field}.providerAdjustments[${i + j}].amount`, a.amount)];
    })]);
  }
  return segments;
}

function remittanceSegments(field: string, r: Remittance835Input): string[][] {
  const v = checkValue;
  if (!/^\d{10}$/.test(r.payee.npi)) throw new X12BuildError(`${field}.payee.npi must be 10 digits, got ${JSON.stringify(r.payee.npi)}`);
  if (!r.payment.traceNumber) throw new X12BuildError(`${field}.payment.traceNumber is required`);
  if (!/^\S{10}$/.test(r.payment.payerIdentifier)) throw new X12BuildError(`${field}.payment.payerIdentifier must be 10 characters ("1" + EIN), got ${JSON.stringify(r.payment.payerIdentifier)}`);
  const amount = money(`${field}.payment.amount`, r.payment.amount ?? balancedPaymentAmount(r));
  const date = toX12Date(`${field}.payment.date`, r.payment.date);
  const ach = r.payment.ach ?? { payerRouting: '011000015', payerAccount: '1234567', payeeRouting: '021000021', payeeAccount: '7654321' };
  const bpr = r.payment.method === 'ACH'
    ? ['BPR', 'I', amount, 'C', 'ACH', 'CCP', '01', v(`${field}.ach`, ach.payerRouting), 'DA', v(`${field}.ach`, ach.payerAccount), r.payment.payerIdentifier, '', '01', v(`${field}.ach`, ach.payeeRouting), 'DA', v(`${field}.ach`, ach.payeeAccount), date]
    : ['BPR', r.payment.method === 'NON' ? 'H' : 'I', amount, 'C', r.payment.method, '', '', '', '', '', '', '', '', '', '', '', date];
  const segments: string[][] = [
    bpr,
    ['TRN', '1', v(`${field}.payment.traceNumber`, r.payment.traceNumber), r.payment.payerIdentifier],
    ['DTM', '405', toX12Date(`${field}.productionDate`, r.productionDate ?? r.payment.date)],
    ['N1', 'PR', v(`${field}.payer.name`, r.payer.name)],
    ['N3', v(`${field}.payer.address.line`, r.payer.address.line)],
    ['N4', v(`${field}.payer.address.city`, r.payer.address.city), v(`${field}.payer.address.state`, r.payer.address.state), v(`${field}.payer.address.postalCode`, r.payer.address.postalCode)],
    ['PER', 'BL', 'EDI SUPPORT', 'TE', v(`${field}.payer.technicalContactPhone`, r.payer.technicalContactPhone ?? '8005550100')],
    ['N1', 'PE', v(`${field}.payee.name`, r.payee.name), 'XX', r.payee.npi],
  ];
  if (r.payer.id) segments.splice(6, 0, ['REF', '2U', v(`${field}.payer.id`, r.payer.id)]);
  if (r.payee.taxId) segments.push(['REF', 'TJ', v(`${field}.payee.taxId`, r.payee.taxId)]);
  if (r.claims.length > 0) segments.push(['LX', '1']);
  for (const [i, claim] of r.claims.entries()) segments.push(...claimSegments(`${field}.claims[${i}]`, claim));
  segments.push(...plbSegments(field, r, date.slice(0, 4)));
  return segments;
}

export function build835(input: Build835Input): string {
  if (input.remittances.length === 0) throw new X12BuildError('remittances must not be empty');
  return buildInterchange(
    {
      sender: input.sender,
      receiver: input.receiver,
      interchangeControlNumber: input.interchangeControlNumber,
      groupControlNumber: input.groupControlNumber,
      functionalId: 'HP',
      version: '005010X221A1',
      usage: input.usage,
      createdAt: input.createdAt,
      lineBreaks: input.lineBreaks,
    },
    input.remittances.map((r, i) => ({
      type: '835',
      controlNumber: typeof r.controlNumber === 'number' ? String(r.controlNumber).padStart(4, '0') : r.controlNumber,
      segments: remittanceSegments(`remittances[${i}]`, r),
      implementationReference: false,
    })),
  );
}
