// Builds a TA1 interchange acknowledgment: ISA, TA1, IEA with no functional group (IEA01 0).

import { OUTBOUND_DELIMITERS, X12BuildError, checkControlNumber, checkValue, x12Date } from './envelope.ts';
import type { Party } from './envelope.ts';

export interface BuildTA1Input {
  sender: Party;
  receiver: Party;
  /** ISA13 of this acknowledgment. */
  interchangeControlNumber: number;
  usage: 'P' | 'T';
  createdAt?: Date;
  /** The acknowledged interchange: its ISA13, ISA09 (YYMMDD) and ISA10 (HHMM). */
  acknowledged: { controlNumber: string; date: string; time: string };
  /** TA104: A accepted, E accepted with errors, R rejected. */
  code: 'A' | 'E' | 'R';
  /** TA105 note code: 000 no error, 001 control numbers do not match, 006 invalid sender id... */
  noteCode: string;
  lineBreaks?: boolean;
}

export function buildTA1(input: BuildTA1Input): string {
  const { element, component, repetition, segment } = OUTBOUND_DELIMITERS;
  const { acknowledged } = input;
  if (!/^\d{9}$/.test(acknowledged.controlNumber)) throw new X12BuildError(`acknowledged.controlNumber must be the 9-digit ISA13, got ${JSON.stringify(acknowledged.controlNumber)}`);
  if (!/^\d{6}$/.test(acknowledged.date) || !/^\d{4}$/.test(acknowledged.time)) throw new X12BuildError('acknowledged.date/time must be the ISA09 YYMMDD and ISA10 HHMM of the acknowledged interchange');
  if (!/^\d{3}$/.test(input.noteCode)) throw new X12BuildError(`noteCode must be a 3-digit TA105 code, got ${JSON.stringify(input.noteCode)}`);
  const when = x12Date(input.createdAt ?? new Date());
  const control = String(checkControlNumber('interchangeControlNumber', input.interchangeControlNumber)).padStart(9, '0');
  const id = (field: string, value: string): string => {
    checkValue(field, value);
    if (value.length === 0 || value.length > 15) throw new X12BuildError(`${field} must be 1 to 15 characters`);
    return value.padEnd(15, ' ');
  };
  const lines = [
    ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), input.sender.qualifier.padEnd(2, ' '), id('sender.id', input.sender.id),
      input.receiver.qualifier.padEnd(2, ' '), id('receiver.id', input.receiver.id), when.yymmdd, when.hhmm, repetition, '00501', control, '0', input.usage, component].join(element),
    ['TA1', acknowledged.controlNumber, acknowledged.date, acknowledged.time, input.code, input.noteCode].join(element),
    ['IEA', '0', control].join(element),
  ];
  const terminator = input.lineBreaks ? `${segment}\n` : segment;
  return lines.join(terminator) + terminator;
}
