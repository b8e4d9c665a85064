// Builds a 005010X279A1 270 eligibility inquiry for one subscriber (and optionally one
// dependent who is the patient). Control numbers come from the caller, which keeps them
// unique per trading partner.

import { X12BuildError, buildInterchange, checkValue, toX12Date } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface Build270Input {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** ST02, 4 to 9 digits; a number is zero-padded to 4. */
  transactionControlNumber: number | string;
  usage: 'P' | 'T';
  createdAt?: Date;
  /** BHT03; defaults to the trace number. */
  referenceId?: string;
  payer: { name: string; id: string; idQualifier?: 'PI' | 'XV' | 'FI' | 'NI' };
  provider: { entityType: '1' | '2'; name: string; firstName?: string; npi: string };
  subscriber: { memberId: string; firstName: string; lastName: string; dob?: string; gender?: 'M' | 'F' | 'U' };
  dependent?: { firstName: string; lastName: string; dob: string; gender?: 'M' | 'F' | 'U' };
  /** TRN*1: our trace number (echoed in the 271's TRN*2) and the originator id (10 characters, "1" + EIN or "9" + id). */
  trace: { number: string; originatorId: string };
  /** DTP*291 (D8), YYYY-MM-DD. */
  serviceDate: string;
  /** EQ01 service type codes; 30 (health benefit plan coverage) when omitted. */
  serviceTypes?: string[];
  lineBreaks?: boolean;
}

export function build270(input: Build270Input): string {
  const { payer, provider, subscriber, dependent, trace } = input;
  if (!/^\d{10}$/.test(provider.npi)) throw new X12BuildError(`provider.npi must be 10 digits, got ${JSON.stringify(provider.npi)}`);
  if (!subscriber.memberId) throw new X12BuildError('subscriber.memberId is required');
  if (!trace.number) throw new X12BuildError('trace.number is required');
  if (!/^\S{10}$/.test(trace.originatorId)) throw new X12BuildError(`trace.originatorId must be 10 characters, got ${JSON.stringify(trace.originatorId)}`);
  const serviceTypes = input.serviceTypes && input.serviceTypes.length > 0 ? input.serviceTypes : ['30'];
  for (const code of serviceTypes) if (!/^[A-Z0-9]{1,2}$/.test(code)) throw new X12BuildError(`service type ${JSON.stringify(code)} is not an EQ01 code`);
  const serviceDate = toX12Date('serviceDate', input.serviceDate);
  const createdAt = input.createdAt ?? new Date();
  const v = checkValue;

  const trn = ['TRN', '1', v('trace.number', trace.number), v('trace.originatorId', trace.originatorId)];
  const inquiry = [
    ['DTP', '291', 'D8', serviceDate],
    ['EQ', serviceTypes.join('^')],
  ];
  const providerName = provider.entityType === '1'
    ? ['NM1', '1P', '1', v('provider.name', provider.name), v('provider.firstName', provider.firstName ?? ''), '', '', '', 'XX', provider.npi]
    : ['NM1', '1P', '2', v('provider.name', provider.name), '', '', '', '', 'XX', provider.npi];
  const subscriberDemographics = subscriber.dob
    ? [['DMG', 'D8', toX12Date('subscriber.dob', subscriber.dob), subscriber.gender]]
    : [];

  const segments: (string | undefined)[][] = [
    ['BHT', '0022', '13', v('referenceId', input.referenceId ?? trace.number), ...bhtDateTime(createdAt)],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', v('payer.name', payer.name), '', '', '', '', payer.idQualifier ?? 'PI', v('payer.id', payer.id)],
    ['HL', '2', '1', '21', '1'],
    providerName,
    ['HL', '3', '2', '22', dependent ? '1' : '0'],
  ];
  const subscriberName = ['NM1', 'IL', '1', v('subscriber.lastName', subscriber.lastName), v('subscriber.firstName', subscriber.firstName), '', '', '', 'MI', v('subscriber.memberId', subscriber.memberId)];
  if (!dependent) {
    segments.push(trn, subscriberName, ...subscriberDemographics, ...inquiry);
  } else {
    segments.push(
      subscriberName,
      ...subscriberDemographics,
      ['HL', '4', '3', '23', '0'],
      trn,
      ['NM1', '03', '1', v('dependent.lastName', dependent.lastName), v('dependent.firstName', dependent.firstName)],
      ['DMG', 'D8', toX12Date('dependent.dob', dependent.dob), dependent.gender],
      ...inquiry,
    );
  }
  return buildInterchange(
    {
      sender: input.sender,
      receiver: input.receiver,
      interchangeControlNumber: input.interchangeControlNumber,
      groupControlNumber: input.groupControlNumber,
      functionalId: 'HS',
      version: '005010X279A1',
      usage: input.usage,
      createdAt,
      lineBreaks: input.lineBreaks,
    },
    [{ type: '270', controlNumber: transactionControlNumber(input.transactionControlNumber), segments }],
  );
}

function transactionControlNumber(value: number | string): string {
  return typeof value === 'number' ? String(value).padStart(4, '0') : value;
}

function bhtDateTime(date: Date): [string, string] {
  const iso = date.toISOString();
  return [iso.slice(0, 10).replaceAll('-', ''), iso.slice(11, 16).replace(':', '')];
}
