// Writes ISA/GS/ST...SE/GE/IEA around transaction set bodies with the standard delimiters
// (* element, : component, ^ repetition, ~ segment). Shared by the 270 builder and the
// sandbox partner's 271/999 answers so every envelope we emit has the same shape.

export const OUTBOUND_DELIMITERS = { element: '*', component: ':', repetition: '^', segment: '~' } as const;

export class X12BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'X12BuildError';
  }
}

export interface Party {
  /** ISA05/ISA07 interchange id qualifier, e.g. ZZ (mutually defined), 30 (federal tax id). */
  qualifier: string;
  /** ISA06/ISA08 (at most 15 characters); also used as GS02/GS03 unless applicationId is given. */
  id: string;
  applicationId?: string;
}

export interface EnvelopeInput {
  sender: Party;
  receiver: Party;
  /** ISA13, 1..999999999; the caller keeps it unique per trading partner. */
  interchangeControlNumber: number;
  /** GS06, 1..999999999. */
  groupControlNumber: number;
  /** GS01: HS (270), HB (271), FA (999). */
  functionalId: string;
  /** GS08 and ST03, e.g. 005010X279A1. */
  version: string;
  usage: 'P' | 'T';
  createdAt?: Date;
  acknowledgmentRequested?: boolean;
  /** Put a line break after each segment terminator (for people; partners accept both). */
  lineBreaks?: boolean;
}

export interface TransactionSetInput {
  /** ST01, e.g. 270. */
  type: string;
  /** ST02, 4 to 9 characters. */
  controlNumber: string;
  /** The segments between ST and SE, each as [id, element1, element2, ...]. */
  segments: (string | undefined)[][];
  /** ST03 (GS08 repeated); false for guides that mark it Not Used (835 005010X221A1). */
  implementationReference?: boolean;
}

const FORBIDDEN = /[*:^~\r\n]/;

export function checkValue(field: string, value: string): string {
  if (FORBIDDEN.test(value)) throw new X12BuildError(`${field} contains a delimiter character (* : ^ ~ or a line break): ${JSON.stringify(value)}`);
  return value;
}

export function checkControlNumber(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 999_999_999) throw new X12BuildError(`${field} must be an integer from 1 to 999999999, got ${value}`);
  return value;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function x12Date(date: Date): { ccyymmdd: string; yymmdd: string; hhmm: string } {
  const ccyymmdd = `${date.getUTCFullYear()}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}`;
  return { ccyymmdd, yymmdd: ccyymmdd.slice(2), hhmm: `${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}` };
}

/** YYYY-MM-DD (or CCYYMMDD) to CCYYMMDD, rejecting anything that is not a calendar date. */
export function toX12Date(field: string, value: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) {
    throw new X12BuildError(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return `${m[1]}${m[2]}${m[3]}`;
}

function isaId(field: string, value: string): string {
  checkValue(field, value);
  if (value.length === 0 || value.length > 15) throw new X12BuildError(`${field} must be 1 to 15 characters, got ${JSON.stringify(value)}`);
  return value.padEnd(15, ' ');
}

function segmentText(elements: (string | undefined)[]): string {
  const values = elements.map((e) => e ?? '');
  while (values.length > 1 && values[values.length - 1] === '') values.pop();
  return values.join(OUTBOUND_DELIMITERS.element);
}

export function buildInterchange(envelope: EnvelopeInput, transactionSets: TransactionSetInput[]): string {
  const { element, repetition, component, segment } = OUTBOUND_DELIMITERS;
  const when = x12Date(envelope.createdAt ?? new Date());
  const isaControl = String(checkControlNumber('interchangeControlNumber', envelope.interchangeControlNumber)).padStart(9, '0');
  const gsControl = String(checkControlNumber('groupControlNumber', envelope.groupControlNumber));
  const isa = [
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
    checkValue('sender.qualifier', envelope.sender.qualifier).padEnd(2, ' '), isaId('sender.id', envelope.sender.id),
    checkValue('receiver.qualifier', envelope.receiver.qualifier).padEnd(2, ' '), isaId('receiver.id', envelope.receiver.id),
    when.yymmdd, when.hhmm, repetition, '00501', isaControl, envelope.acknowledgmentRequested ? '1' : '0', envelope.usage, component,
  ].join(element);
  const lines: string[] = [isa];
  lines.push(segmentText([
    'GS', envelope.functionalId,
    checkValue('sender.applicationId', envelope.sender.applicationId ?? envelope.sender.id),
    checkValue('receiver.applicationId', envelope.receiver.applicationId ?? envelope.receiver.id),
    when.ccyymmdd, when.hhmm, gsControl, 'X', envelope.version,
  ]));
  for (const set of transactionSets) {
    const control = checkValue('transactionControlNumber', set.controlNumber);
    if (control.length < 4 || control.length > 9) throw new X12BuildError(`transactionControlNumber must be 4 to 9 characters, got ${JSON.stringify(control)}`);
    lines.push(segmentText(['ST', set.type, control, set.implementationReference === false ? '' : envelope.version]));
    for (const s of set.segments) lines.push(segmentText(s));
    lines.push(segmentText(['SE', String(set.segments.length + 2), control]));
  }
  lines.push(segmentText(['GE', String(transactionSets.length), gsControl]));
  lines.push(segmentText(['IEA', '1', isaControl]));
  const terminator = envelope.lineBreaks ? `${segment}\n` : segment;
  return lines.join(terminator) + terminator;
}
