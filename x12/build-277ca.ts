// Builds a 005010X214 277CA claim acknowledgment: one information source (2000A), one
// information receiver (2000B, the submitter) with its totals, and per billing provider
// (2000C) the patients (2000D, HL03 PT) with one 2200D per claim: TRN*2 echoes CLM01, STC
// carries category:code:entity, REF*1K the payer's claim control number. Used by the sandbox
// partner; a claim is accepted when its first status category is A1 or A2.

import { ACCEPTED_CATEGORIES } from './codes-claim-status.ts';
import { decimalAmount } from './decimal.ts';
import { X12BuildError, buildInterchange, checkValue, toX12Date, x12Date } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface Status277CA {
  category: string;
  code: string;
  entity?: string;
}

export interface Claim277CA {
  /** CLM01 of the acknowledged claim (TRN02). */
  patientControlNumber: string;
  patient: { lastName: string; firstName?: string; memberId: string };
  /** Claim charge, decimal string. */
  chargeAmount: string;
  /** YYYY-MM-DD, the claim's first and last service dates. */
  serviceDate: string;
  serviceDateEnd?: string;
  /** STC01, STC10, STC11: at most three. */
  statuses: Status277CA[];
  payerClaimControlNumber?: string;
  clearinghouseTraceNumber?: string;
  message?: string;
}

export interface Build277CAInput {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  transactionControlNumber?: string;
  usage: 'P' | 'T';
  createdAt?: Date;
  /** BHT03. */
  referenceId: string;
  /** 2100A NM1*AY (clearinghouse, 46) or NM1*PR (payer, PI). */
  informationSource: { kind: 'clearinghouse' | 'payer'; name: string; id: string };
  /** TRN*1 of 2200A. */
  receiptTrace: string;
  /** DTP*050 / DTP*009, YYYY-MM-DD. */
  receivedDate: string;
  processedDate: string;
  /** 2100B NM1*41: the submitter of the 837. */
  informationReceiver: { name: string; id: string };
  /** TRN*2 of 2200B: the 837's BHT03 or ISA13. */
  batchTrace: string;
  providers: { name: string; npi: string; trace: string; claims: Claim277CA[] }[];
  lineBreaks?: boolean;
}

function isAccepted(claim: Claim277CA): boolean {
  return ACCEPTED_CATEGORIES.has(claim.statuses[0]?.category ?? '');
}

function cents(amount: string): number {
  const normal = decimalAmount(amount);
  if (normal === null) throw new X12BuildError(`${JSON.stringify(amount)} is not a decimal amount`);
  return Math.round(Number(normal) * 100);
}

function r(centsValue: number): string {
  return String(centsValue / 100);
}

function composite(status: Status277CA, field: string): string {
  for (const part of [status.category, status.code, status.entity ?? '']) checkValue(field, part);
  return [status.category, status.code, status.entity ?? ''].join(':').replace(/:+$/, '');
}

function totals(claims: Claim277CA[]): { accepted: number; rejected: number; acceptedCents: number; rejectedCents: number } {
  const out = { accepted: 0, rejected: 0, acceptedCents: 0, rejectedCents: 0 };
  for (const claim of claims) {
    if (isAccepted(claim)) {
      out.accepted++;
      out.acceptedCents += cents(claim.chargeAmount);
    } else {
      out.rejected++;
      out.rejectedCents += cents(claim.chargeAmount);
    }
  }
  return out;
}

export function build277CA(input: Build277CAInput): string {
  if (input.providers.length === 0 || input.providers.some((p) => p.claims.length === 0)) throw new X12BuildError('a 277CA needs at least one provider, each with at least one claim');
  const v = checkValue;
  const createdAt = input.createdAt ?? new Date();
  const when = x12Date(createdAt);
  const today = toX12Date('processedDate', input.processedDate);
  const all = input.providers.flatMap((p) => p.claims);
  const sum = totals(all);
  const source = input.informationSource;
  const segments: (string | undefined)[][] = [
    ['BHT', '0085', '08', v('referenceId', input.referenceId), when.ccyymmdd, `${when.hhmm}00`, 'TH'],
    ['HL', '1', '', '20', '1'],
    ['NM1', source.kind === 'payer' ? 'PR' : 'AY', '2', v('informationSource.name', source.name), '', '', '', '', source.kind === 'payer' ? 'PI' : '46', v('informationSource.id', source.id)],
    ['TRN', '1', v('receiptTrace', input.receiptTrace)],
    ['DTP', '050', 'D8', toX12Date('receivedDate', input.receivedDate)],
    ['DTP', '009', 'D8', today],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '41', '2', v('informationReceiver.name', input.informationReceiver.name), '', '', '', '', '46', v('informationReceiver.id', input.informationReceiver.id)],
    ['TRN', '2', v('batchTrace', input.batchTrace)],
    ['STC', 'A1:19:PR', today, 'WQ', r(sum.acceptedCents + sum.rejectedCents)],
    ...(sum.accepted > 0 ? [['QTY', '90', String(sum.accepted)]] : []),
    ...(sum.rejected > 0 ? [['QTY', 'AA', String(sum.rejected)]] : []),
    ...(sum.accepted > 0 ? [['AMT', 'YU', r(sum.acceptedCents)]] : []),
    ...(sum.rejected > 0 ? [['AMT', 'YY', r(sum.rejectedCents)]] : []),
  ];
  let hl = 2;
  for (const provider of input.providers) {
    if (!/^\d{10}$/.test(provider.npi)) throw new X12BuildError(`provider.npi must be 10 digits, got ${JSON.stringify(provider.npi)}`);
    const providerHl = ++hl;
    const t = totals(provider.claims);
    segments.push(
      ['HL', String(providerHl), '2', '19', '1'],
      ['NM1', '85', '2', v('provider.name', provider.name), '', '', '', '', 'XX', provider.npi],
      ['TRN', '1', v('provider.trace', provider.trace)],
      // 2200C STC02 (effective date) is "not used" in X214, unlike 2200B and 2200D.
      ['STC', 'A1:19:PR', '', 'WQ', r(t.acceptedCents + t.rejectedCents)],
      ...(t.accepted > 0 ? [['QTY', 'QA', String(t.accepted)]] : []),
      ...(t.rejected > 0 ? [['QTY', 'QC', String(t.rejected)]] : []),
      ...(t.accepted > 0 ? [['AMT', 'YU', r(t.acceptedCents)]] : []),
      ...(t.rejected > 0 ? [['AMT', 'YY', r(t.rejectedCents)]] : []),
    );
    for (const claim of provider.claims) {
      if (claim.statuses.length === 0 || claim.statuses.length > 3) throw new X12BuildError(`claim ${claim.patientControlNumber}: 1 to 3 statuses`);
      const [first, second, third] = claim.statuses.map((s) => composite(s, `claim ${claim.patientControlNumber} status`));
      const start = toX12Date('serviceDate', claim.serviceDate);
      const end = claim.serviceDateEnd ? toX12Date('serviceDateEnd', claim.serviceDateEnd) : null;
      segments.push(
        ['HL', String(++hl), String(providerHl), 'PT'],
        ['NM1', 'QC', '1', v('patient.lastName', claim.patient.lastName), claim.patient.firstName ? v('patient.firstName', claim.patient.firstName) : '', '', '', '', 'MI', v('patient.memberId', claim.patient.memberId)],
        ['TRN', '2', v('patientControlNumber', claim.patientControlNumber)],
        ['STC', first, today, isAccepted(claim) ? 'WQ' : 'U', r(cents(claim.chargeAmount)), '', '', '', '', '', second, third, claim.message ? v('message', claim.message) : ''],
        ...(claim.payerClaimControlNumber ? [['REF', '1K', v('payerClaimControlNumber', claim.payerClaimControlNumber)]] : []),
        ...(claim.clearinghouseTraceNumber ? [['REF', 'D9', v('clearinghouseTraceNumber', claim.clearinghouseTraceNumber)]] : []),
        end && end !== start ? ['DTP', '472', 'RD8', `${start}-${end}`] : ['DTP', '472', 'D8', start],
      );
    }
  }
  return buildInterchange({
    sender: input.sender,
    receiver: input.receiver,
    interchangeControlNumber: input.interchangeControlNumber,
    groupControlNumber: input.groupControlNumber,
    functionalId: 'HN',
    version: '005010X214',
    usage: input.usage,
    createdAt,
    lineBreaks: input.lineBreaks,
  }, [{ type: '277', controlNumber: input.transactionControlNumber ?? '0001', segments }]);
}
