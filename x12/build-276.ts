// Builds a 005010X212 276 real-time claim status request for one claim (sent over CORE like
// the 270). Our patient control number goes in REF*EJ and, unless a trace is given, in TRN02,
// so the 277's TRN*2 names the claim directly.

import { X12BuildError, buildInterchange, checkValue, toX12Date } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface ClaimStatusRequestInput {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** ST02; a number is zero-padded to 4. */
  transactionControlNumber: number | string;
  usage: 'P' | 'T';
  createdAt?: Date;
  lineBreaks?: boolean;
  payer: { name: string; id: string };
  /** 2100B information receiver (the submitter); defaults to the provider with its NPI. */
  informationReceiver?: { name: string; etin: string };
  provider: { name: string; npi: string };
  subscriber: { memberId: string; firstName: string; lastName: string; dob?: string; gender?: 'M' | 'F' | 'U' };
  dependent?: { firstName: string; lastName: string; dob: string; gender?: 'M' | 'F' | 'U' };
  claim: {
    patientControlNumber: string;
    /** TRN02; defaults to the patient control number. */
    traceNumber?: string;
    /** REF*1K, when the payer already assigned one (from a 277CA or 835). */
    payerClaimControlNumber?: string;
    /** AMT*T3, decimal string. */
    chargeAmount: string;
    /** DTP*472 YYYY-MM-DD; a range when serviceDateEnd differs. */
    serviceDate: string;
    serviceDateEnd?: string;
  };
}

export function build276(input: ClaimStatusRequestInput): string {
  const v = checkValue;
  const { payer, provider, subscriber, dependent, claim } = input;
  if (!/^\d{10}$/.test(provider.npi)) throw new X12BuildError(`provider.npi must be 10 digits, got ${JSON.stringify(provider.npi)}`);
  if (!subscriber.memberId) throw new X12BuildError('subscriber.memberId is required');
  if (!claim.patientControlNumber) throw new X12BuildError('claim.patientControlNumber is required');
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(claim.chargeAmount)) throw new X12BuildError(`claim.chargeAmount must be a decimal amount like 125.00, got ${JSON.stringify(claim.chargeAmount)}`);
  const start = toX12Date('claim.serviceDate', claim.serviceDate);
  const end = claim.serviceDateEnd ? toX12Date('claim.serviceDateEnd', claim.serviceDateEnd) : start;
  const createdAt = input.createdAt ?? new Date();
  const iso = createdAt.toISOString();
  const receiver = input.informationReceiver ?? { name: provider.name, etin: provider.npi };

  const claimSegments: string[][] = [
    ['TRN', '1', v('claim.traceNumber', claim.traceNumber ?? claim.patientControlNumber)],
    ...(claim.payerClaimControlNumber ? [['REF', '1K', v('claim.payerClaimControlNumber', claim.payerClaimControlNumber)]] : []),
    ['REF', 'EJ', v('claim.patientControlNumber', claim.patientControlNumber)],
    ['AMT', 'T3', claim.chargeAmount],
    end === start ? ['DTP', '472', 'D8', start] : ['DTP', '472', 'RD8', `${start}-${end}`],
  ];
  const subscriberName = ['NM1', 'IL', '1', v('subscriber.lastName', subscriber.lastName), v('subscriber.firstName', subscriber.firstName), '', '', '', 'MI', v('subscriber.memberId', subscriber.memberId)];
  const segments: string[][] = [
    ['BHT', '0010', '13', v('claim.patientControlNumber', claim.traceNumber ?? claim.patientControlNumber), iso.slice(0, 10).replaceAll('-', ''), iso.slice(11, 16).replace(':', '')],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', v('payer.name', payer.name), '', '', '', '', 'PI', v('payer.id', payer.id)],
    ['HL', '2', '1', '21', '1'],
    ['NM1', '41', '2', v('informationReceiver.name', receiver.name), '', '', '', '', '46', v('informationReceiver.etin', receiver.etin)],
    ['HL', '3', '2', '19', '1'],
    ['NM1', '1P', '2', v('provider.name', provider.name), '', '', '', '', 'XX', provider.npi],
  ];
  if (!dependent) {
    segments.push(['HL', '4', '3', '22', '0']);
    if (subscriber.dob) segments.push(['DMG', 'D8', toX12Date('subscriber.dob', subscriber.dob), subscriber.gender ?? 'U']);
    segments.push(subscriberName, ...claimSegments);
  } else {
    segments.push(
      ['HL', '4', '3', '22', '1'],
      subscriberName,
      ['HL', '5', '4', '23'],
      ['DMG', 'D8', toX12Date('dependent.dob', dependent.dob), dependent.gender ?? 'U'],
      ['NM1', 'QC', '1', v('dependent.lastName', dependent.lastName), v('dependent.firstName', dependent.firstName)],
      ...claimSegments,
    );
  }
  return buildInterchange(
    {
      sender: input.sender, receiver: input.receiver,
      interchangeControlNumber: input.interchangeControlNumber, groupControlNumber: input.groupControlNumber,
      functionalId: 'HR', version: '005010X212', usage: input.usage, createdAt, lineBreaks: input.lineBreaks,
    },
    [{ type: '276', controlNumber: typeof input.transactionControlNumber === 'number' ? String(input.transactionControlNumber).padStart(4, '0') : input.transactionControlNumber, segments }],
  );
}
