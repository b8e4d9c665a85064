// 271 and 999 answers the sandbox partner sends, built on the same envelope writer as our 270s.

import { buildInterchange, x12Date } from '../x12/envelope.ts';
import type { InterchangeInfo, Person, Transaction270 } from '../x12/types.ts';

export type BenefitShape = 'active' | 'inactive' | 'terminated' | 'other_payer_primary' | 'not_found' | 'invalid_id' | 'busy';

export const SANDBOX_PLAN = 'SANDBOX GOLD PPO';

interface ResponseContext {
  inquiry: Transaction270;
  interchange: InterchangeInfo;
  controlNumber: number;
  now: Date;
}

function x12(date: string | null | undefined): string {
  return (date ?? '').replaceAll('-', '');
}

function shiftDays(ccyymmdd: string, days: number): string {
  const d = new Date(Date.UTC(Number(ccyymmdd.slice(0, 4)), Number(ccyymmdd.slice(4, 6)) - 1, Number(ccyymmdd.slice(6, 8))));
  d.setUTCDate(d.getUTCDate() + days);
  return x12Date(d).ccyymmdd;
}

function envelopeFor(context: ResponseContext, functionalId: string, version: string) {
  const { interchange } = context;
  return {
    sender: { qualifier: interchange.receiverQualifier, id: interchange.receiverId },
    receiver: { qualifier: interchange.senderQualifier, id: interchange.senderId },
    interchangeControlNumber: context.controlNumber,
    groupControlNumber: context.controlNumber,
    functionalId,
    version,
    usage: interchange.usage === 'P' ? ('P' as const) : ('T' as const),
    createdAt: context.now,
  };
}

function benefitSegments(shape: BenefitShape, serviceDate: string): string[][] {
  const year = serviceDate.slice(0, 4);
  switch (shape) {
    case 'active':
      return [
        ['DTP', '346', 'D8', `${year}0101`],
        ['DTP', '347', 'D8', `${year}1231`],
        ['EB', '1', 'IND', '30', 'PR', SANDBOX_PLAN],
        ['EB', 'B', 'IND', '98', 'PR', SANDBOX_PLAN, '27', '25.00', '', '', '', '', 'Y'],
        ['EB', 'C', 'IND', '30', 'PR', SANDBOX_PLAN, '23', '1500.00', '', '', '', '', 'Y'],
        ['EB', 'A', 'IND', '30', 'PR', SANDBOX_PLAN, '27', '', '0.2', '', '', '', 'Y'],
        ['MSG', 'COINSURANCE APPLIES AFTER DEDUCTIBLE'],
      ];
    case 'inactive':
      return [
        ['EB', '6', 'IND', '30', '', SANDBOX_PLAN],
        ['MSG', 'NO COVERAGE ON FILE FOR DATE OF SERVICE'],
      ];
    case 'terminated':
      return [
        ['DTP', '346', 'D8', shiftDays(serviceDate, -365)],
        ['DTP', '347', 'D8', shiftDays(serviceDate, -30)],
        ['EB', '6', 'IND', '30', 'PR', SANDBOX_PLAN],
      ];
    case 'other_payer_primary':
      return [
        ['DTP', '346', 'D8', `${year}0101`],
        ['EB', '1', 'IND', '30', 'PR', SANDBOX_PLAN],
        ['EB', 'R', 'IND', '30', 'C1', 'PRIMARY COMMERCIAL PLAN'],
        ['LS', '2120'],
        ['NM1', 'PR', '2', 'OTHER PRIMARY PAYER', '', '', '', '', 'PI', '99999'],
        ['LE', '2120'],
      ];
    case 'not_found':
      return [['AAA', 'N', '', '75', 'C']];
    case 'invalid_id':
      return [['AAA', 'N', '', '72', 'C']];
    case 'busy':
      return [];
  }
}

function personName(entityId: string, p: Person): string[] {
  return ['NM1', entityId, '1', p.lastName ?? '', p.firstName ?? '', p.middleName ?? '', '', '', ...(entityId === 'IL' ? ['MI', p.id ?? ''] : [])];
}

function demographics(p: Person): string[][] {
  return p.dob ? [['DMG', 'D8', x12(p.dob), p.gender ?? '']] : [];
}

export function build271(context: ResponseContext, shape: BenefitShape, options: { dependent?: Person } = {}): string {
  const { inquiry } = context;
  const serviceDate = x12(inquiry.serviceDate?.start) || x12Date(context.now).ccyymmdd;
  const trace = inquiry.traceNumbers[0];
  const trn = trace ? [['TRN', '2', trace.reference, trace.originatorId]] : [];
  const provider = inquiry.provider;
  const now = x12Date(context.now);
  const segments: string[][] = [
    ['BHT', '0022', '11', trace?.reference ?? String(context.controlNumber), now.ccyymmdd, now.hhmm],
    ['HL', '1', '', '20', '1'],
    ['NM1', 'PR', '2', inquiry.payer.name, '', '', '', '', inquiry.payer.idQualifier ?? 'PI', inquiry.payer.id ?? ''],
  ];
  // "Unable to respond now" is a payer-level AAA; the subscriber loop is still echoed so the
  // answer can be matched by trace number.
  if (shape === 'busy') segments.push(['AAA', 'Y', '', '42', 'R']);
  {
    segments.push(
      ['HL', '2', '1', '21', '1'],
      provider
        ? ['NM1', '1P', provider.entityType, provider.name, provider.firstName ?? '', '', '', '', provider.idQualifier ?? 'XX', provider.id ?? '']
        : ['NM1', '1P', '2', 'UNKNOWN PROVIDER'],
    );
    const dependent = options.dependent ?? inquiry.dependent;
    const memberFound = shape !== 'not_found' && shape !== 'invalid_id' && shape !== 'busy';
    segments.push(['HL', '3', '2', '22', dependent && memberFound ? '1' : '0']);
    if (!dependent || !memberFound) segments.push(...trn);
    segments.push(personName('IL', inquiry.subscriber));
    if (!dependent || !memberFound) {
      segments.push(...(memberFound ? demographics(inquiry.subscriber) : []), ...benefitSegments(shape, serviceDate));
    } else {
      segments.push(
        ...demographics(inquiry.subscriber),
        ['HL', '4', '3', '23', '0'],
        ...trn,
        personName('03', dependent),
        ...demographics(dependent),
        ['INS', 'N', '19'],
        ...benefitSegments(shape, serviceDate),
      );
    }
  }
  return buildInterchange(envelopeFor(context, 'HB', '005010X279A1'), [
    { type: '271', controlNumber: String(context.controlNumber).padStart(4, '0'), segments },
  ]);
}

/** A 999 rejecting the 270 for an invalid character in NM109 of the subscriber NM1. */
export function build999Reject(context: ResponseContext, nm1Position: number): string {
  const { inquiry, interchange } = context;
  const group = interchange.groups[0];
  const segments: string[][] = [
    ['AK1', 'HS', group?.controlNumber ?? '', '005010X279A1'],
    ['AK2', '270', inquiry.controlNumber, '005010X279A1'],
    ['IK3', 'NM1', String(nm1Position), '2100C', '8'],
    ['IK4', '9', '67', '6', inquiry.subscriber.id ?? ''],
    ['IK5', 'R', '5'],
    ['AK9', 'R', '1', '1', '0'],
  ];
  return buildInterchange(envelopeFor(context, 'FA', '005010X231A1'), [
    { type: '999', controlNumber: String(context.controlNumber).padStart(4, '0'), segments },
  ]);
}
