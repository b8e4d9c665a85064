// Builds a 005010X231A1 999 implementation acknowledgment of one functional group: per
// transaction set AK2, its segment errors (IK3) with element errors (IK4), IK5; then AK9.
// Used by the sandbox partner to answer 837 batches.

import { X12BuildError, buildInterchange } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface ElementError999 {
  /** IK401-1: element position in the segment. */
  position: number;
  component?: number;
  repetition?: number;
  /** IK402 data element reference number. */
  dataElementReference?: string;
  /** IK403: 1 mandatory element missing, 7 invalid code value, 8 invalid date... */
  code: string;
  /** IK404, a copy of the bad data. */
  badValue?: string;
}

export interface SegmentError999 {
  segmentId: string;
  /** IK302: position of the segment counted from ST (ST is 1). */
  position: number;
  /** IK303 loop identifier, 1 to 4 characters, e.g. 2300 or 2010. */
  loop?: string;
  /** IK304: 8 segment has data element errors, 3 required segment missing... */
  code: string;
  elementErrors?: ElementError999[];
}

export interface SetAcknowledgment999 {
  transactionType: string;
  controlNumber: string;
  implementationReference?: string;
  /** IK501: A accepted, E accepted with errors, R rejected. */
  status: 'A' | 'E' | 'R';
  /** IK502..IK506: 5 control number mismatch, I5 implementation one or more segments in error... */
  errorCodes?: string[];
  segmentErrors?: SegmentError999[];
}

export interface Build999Input {
  sender: Party;
  receiver: Party;
  interchangeControlNumber: number;
  groupControlNumber: number;
  transactionControlNumber?: string;
  usage: 'P' | 'T';
  createdAt?: Date;
  acknowledgedGroup: { functionalId: string; controlNumber: string; version: string };
  sets: SetAcknowledgment999[];
  /** AK905..AK909 group-level error codes. */
  groupErrorCodes?: string[];
  lineBreaks?: boolean;
}

/** AK901: A when every set is accepted, R when none is, P (partially accepted) otherwise; E when all accepted but some with errors. */
export function groupStatus(sets: SetAcknowledgment999[]): 'A' | 'E' | 'P' | 'R' {
  const accepted = sets.filter((s) => s.status !== 'R').length;
  if (accepted === 0) return 'R';
  if (accepted < sets.length) return 'P';
  return sets.some((s) => s.status === 'E') ? 'E' : 'A';
}

export function build999(input: Build999Input): string {
  if (input.sets.length === 0) throw new X12BuildError('a 999 acknowledges at least one transaction set');
  const segments: (string | undefined)[][] = [
    ['AK1', input.acknowledgedGroup.functionalId, input.acknowledgedGroup.controlNumber, input.acknowledgedGroup.version],
  ];
  for (const set of input.sets) {
    if (set.status !== 'A' && (set.segmentErrors?.length ?? 0) === 0 && (set.errorCodes?.length ?? 0) === 0) {
      throw new X12BuildError(`set ${set.controlNumber}: an ${set.status} acknowledgment needs segment errors or IK5 error codes`);
    }
    segments.push(['AK2', set.transactionType, set.controlNumber, set.implementationReference]);
    for (const error of set.segmentErrors ?? []) {
      if (error.loop && error.loop.length > 4) throw new X12BuildError(`set ${set.controlNumber}: IK303 loop ${JSON.stringify(error.loop)} is longer than 4 characters (write 2010, not 2010AA)`);
      segments.push(['IK3', error.segmentId, String(error.position), error.loop, error.code]);
      for (const e of error.elementErrors ?? []) {
        const position = [String(e.position), e.component ? String(e.component) : '', e.repetition ? String(e.repetition) : ''].join(':').replace(/:+$/, '');
        segments.push(['IK4', position, e.dataElementReference, e.code, e.badValue]);
      }
    }
    segments.push(['IK5', set.status, ...(set.errorCodes ?? []).slice(0, 5)]);
  }
  const accepted = input.sets.filter((s) => s.status !== 'R').length;
  segments.push(['AK9', groupStatus(input.sets), String(input.sets.length), String(input.sets.length), String(accepted), ...(input.groupErrorCodes ?? []).slice(0, 5)]);
  return buildInterchange({
    sender: input.sender,
    receiver: input.receiver,
    interchangeControlNumber: input.interchangeControlNumber,
    groupControlNumber: input.groupControlNumber,
    functionalId: 'FA',
    version: '005010X231A1',
    usage: input.usage,
    createdAt: input.createdAt,
    lineBreaks: input.lineBreaks,
  }, [{ type: '999', controlNumber: input.transactionControlNumber ?? '0001', segments }]);
}
