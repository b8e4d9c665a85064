// Builds a 005010X212 277 claim status response: the sandbox partner's answer to a 276.
// Each claim echoes the request's trace (TRN*2) and carries one or more STC statuses
// (category:code:entity, e.g. A1:20:PR received, F1:65 paid, F2 denied, P1 pending).
// The 277 is read back by map-277.ts (written with the 277CA by the claims engineer).

import { X12BuildError, buildInterchange, checkValue, toX12Date } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface ClaimStatus277Input {
  /** TRN02 of the 276 this answers. */
  traceNumber: string;
  patientControlNumber: string;
  payerClaimControlNumber?: string;
  subscriber: { memberId: string; firstName: string; lastName: string };
  /** At most three STC composites (STC01, STC10, STC11). */
  statuses: { category: string; code: string; entity?: string }[];
  /** STC02 YYYY-MM-DD */
  effectiveDate: string;
  /** STC04 and STC05, decimal strings. */
  chargeAmount: string;
  paidAmount?: string;
  /** STC06 adjudication/payment date, STC08 check date, STC09 check or EFT number. */
  paymentDate?: string;
  checkNumber?: string;
  serviceDate: string;
  serviceDateEnd?: string;
}

export interface ClaimStatusResponseInput {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  transactionControlNumber: number | string;
  usage: 'P' | 'T';
  createdAt?: Date;
  lineBreaks?: boolean;
  /** BHT03: the 276's BHT03. */
  referenceId: string;
  payer: { name: string; id: string };
  informationReceiver: { name: string; etin: string };
  provider: { name: string; npi: string };
  claims: ClaimStatus277Input[];
}

function stcComposite(field: string, s: { category: string; code: string; entity?: string }): string {
  if (!/^[A-Z][A-Z0-9]$/.test(s.category)) throw new X12BuildError(`${field}.category must be a claim status category code like A1 or F2, got ${JSON.stringify(s.category)}`);
  if (!/^[A-Z0-9]{1,30}$/.test(s.code)) throw new X12BuildError(`${field}.code must be a claim status code, got ${JSON.stringify(s.code)}`);
  return [s.category, s.code, ...(s.entity ? [checkValue(`${field}.entity`, s.entity)] : [])].join(':');
}

export function build277(input: ClaimStatusResponseInput): string {
  const v = checkValue;
  if (!/^\d{10}$/.test(input.provider.npi)) throw new X12BuildError(`provider.npi must be 10 digits, got ${JSON.stringify(input.provider.npi)}`);
  if (input.claims.length === 0) throw new X12BuildError('claims must not be empty');
  const createdAt = input.createdAt ?? new Date();
  const iso = createdAt.toISOString();
  const segments: string[][] = [
    ['BHT', '0010', '08', v('referenceId', input.referenceId), iso.slice(0, 10).replaceAll('-', ''), iso.slice(11, 16).replace(':', ''), 'DG'],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', v('payer.name', input.payer.name), '', '', '', '', 'PI', v('payer.id', input.payer.id)],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '41', '2', v('informationReceiver.name', input.informationReceiver.name), '', '', '', '', '46', v('informationReceiver.etin', input.informationReceiver.etin)],
    ['HL', '3', '2', '19', '1'],
    ['NM1', '1P', '2', v('provider.name', input.provider.name), '', '', '', '', 'XX', input.provider.npi],
  ];
  let hl = 3;
  for (const [i, claim] of input.claims.entries()) {
    const f = `claims[${i}]`;
    if (claim.statuses.length === 0 || claim.statuses.length > 3) throw new X12BuildError(`${f}.statuses must have 1 to 3 entries`);
    const [first, second, third] = claim.statuses.map((s, j) => stcComposite(`${f}.statuses[${j}]`, s));
    const start = toX12Date(`${f}.serviceDate`, claim.serviceDate);
    const end = claim.serviceDateEnd ? toX12Date(`${f}.serviceDateEnd`, claim.serviceDateEnd) : start;
    hl++;
    segments.push(
      ['HL', String(hl), '3', '22', '0'],
      ['NM1', 'IL', '1', v(`${f}.subscriber.lastName`, claim.subscriber.lastName), v(`${f}.subscriber.firstName`, claim.subscriber.firstName), '', '', '', 'MI', v(`${f}.subscriber.memberId`, claim.subscriber.memberId)],
      ['TRN', '2', v(`${f}.traceNumber`, claim.traceNumber)],
      ['STC', first ?? '', toX12Date(`${f}.effectiveDate`, claim.effectiveDate), '', claim.chargeAmount, claim.paidAmount ?? '0',
        claim.paymentDate ? toX12Date(`${f}.paymentDate`, claim.paymentDate) : '', '', claim.paymentDate ? toX12Date(`${f}.paymentDate`, claim.paymentDate) : '',
        v(`${f}.checkNumber`, claim.checkNumber ?? ''), second ?? '', third ?? ''],
      ...(claim.payerClaimControlNumber ? [['REF', '1K', v(`${f}.payerClaimControlNumber`, claim.payerClaimControlNumber)]] : []),
      ['REF', 'EJ', v(`${f}.patientControlNumber`, claim.patientControlNumber)],
      end === start ? ['DTP', '472', 'D8', start] : ['DTP', '472', 'RD8', `${start}-${end}`],
    );
  }
  return buildInterchange(
    {
      sender: input.sender, receiver: input.receiver,
      interchangeControlNumber: input.interchangeControlNumber, groupControlNumber: input.groupControlNumber,
      functionalId: 'HN', version: '005010X212', usage: input.usage, createdAt, lineBreaks: input.lineBreaks,
    },
    [{ type: '277', controlNumber: typeof input.transactionControlNumber === 'number' ? String(input.transactionControlNumber).padStart(4, '0') : input.transactionControlNumber, segments }],
  );
}
