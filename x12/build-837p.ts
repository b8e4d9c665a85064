// A streaming 005010X222A1 837P writer: one interchange, one functional group (HC), at most
// 5,000 claims per transaction set. Claims are written as they come (an iterable or async
// iterable, e.g. a database cursor), so 100k claims never become one string: only the
// counters (segments in the current set, HL numbers, sets in the group) are kept.
//
// Consecutive claims with the same billing provider share one 2000A, with the same payer and
// subscriber one 2000B, with the same dependent patient one 2000C: order the claims by
// billing provider, payer, subscriber, patient to get compact files (any order is valid).

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { OUTBOUND_DELIMITERS, X12BuildError, checkControlNumber, x12Date } from './envelope.ts';
import type { Address837, Adjustment837, Claim837, Interchange837Header, OtherPayer837, Patient837, Subscriber837 } from './claim-837.ts';
import { check837Header, checkClaim837, x12Amount } from './validate-837p.ts';

export const MAX_CLAIMS_PER_TRANSACTION_SET = 5000;
const IMPLEMENTATION = '005010X222A1';
const { element: E, component: C, segment: S } = OUTBOUND_DELIMITERS;

export interface Build837Options {
  /** Claims per ST/SE; the guide recommends at most 5,000 (the default). */
  maxClaimsPerTransactionSet?: number;
  /** A line break after each segment terminator (for people; partners accept both). */
  lineBreaks?: boolean;
}

export interface TransactionSet837Summary {
  controlNumber: string;
  claimCount: number;
  segmentCount: number;
  /** CLM01 of each claim in the set, in file order (a 999 that rejects the set rejects these). */
  patientControlNumbers: string[];
}

export interface Build837Summary {
  interchangeControlNumber: string;
  groupControlNumber: string;
  claimCount: number;
  bytes: number;
  transactionSets: TransactionSet837Summary[];
}

function seg(...elements: (string | null | undefined)[]): string {
  let end = elements.length;
  while (end > 1 && !elements[end - 1]) end--;
  let out = elements[0] as string;
  for (let i = 1; i < end; i++) out += E + (elements[i] ?? '');
  return out;
}

function ymd(date: string): string {
  // Checked as YYYY-MM-DD before any segment is written.
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

function pushAddress(out: string[], address: Address837): void {
  out.push(seg('N3', address.line1, address.line2), seg('N4', address.city, address.state, address.zip));
}

/**
 * CAS segments of one loop: one per group code (in order of first use), six reason/amount/quantity
 * triples each; a group with more reasons continues in another CAS of the same group.
 */
function casSegments(adjustments: Adjustment837[], out: string[]): void {
  const byGroup = new Map<string, Adjustment837[]>();
  for (const a of adjustments) {
    const list = byGroup.get(a.group);
    if (list) list.push(a);
    else byGroup.set(a.group, [a]);
  }
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const elements: (string | null | undefined)[] = ['CAS', group];
      for (const a of list.slice(i, i + 6)) elements.push(a.reason, x12Amount(a.amount), a.quantity ? x12Amount(a.quantity) : '');
      out.push(seg(...elements));
    }
  }
}

/** Loops 2320, 2330A and 2330B of one payer that adjudicated the claim before the destination payer. */
function otherPayerSegments(op: OtherPayer837, out: string[]): void {
  const adj = op.adjudication;
  out.push(seg('SBR', op.payerResponsibility, op.relationshipToPatient, op.groupNumber, '', '', '', '', '', op.claimFilingIndicator));
  if (adj) {
    casSegments(adj.adjustments, out);
    out.push(seg('AMT', 'D', x12Amount(adj.paidAmount)));
    if (adj.remainingPatientLiability) out.push(seg('AMT', 'EAF', x12Amount(adj.remainingPatientLiability)));
  }
  // OI03 benefits assigned and OI06 release of information: as CLM08/CLM09 of this claim.
  out.push(seg('OI', '', '', 'Y', '', '', 'Y'));
  const s = op.subscriber;
  out.push(seg('NM1', 'IL', '1', s.lastName, s.firstName, s.middleName, '', '', 'MI', s.memberId));
  out.push(seg('NM1', 'PR', '2', op.payer.name, '', '', '', '', 'PI', op.payer.payerId));
  // The adjudication date goes with the lines (2430 DTP*573); here only when no line was adjudicated.
  if (adj && adj.lines.length === 0) out.push(seg('DTP', '573', 'D8', ymd(adj.date)));
  if (op.payerClaimControlNumber) out.push(seg('REF', 'F8', op.payerClaimControlNumber));
}

/** Loop 2430 of each other payer that adjudicated service line lineNumber (1-based). */
function lineAdjudicationSegments(otherPayers: OtherPayer837[], lineNumber: number, out: string[]): void {
  for (const op of otherPayers) {
    const adj = op.adjudication;
    const line = adj?.lines.find((l) => l.lineNumber === lineNumber);
    if (!adj || !line) continue;
    let procedure = `HC${C}${line.procedure}`;
    for (const modifier of line.modifiers ?? []) procedure += C + modifier;
    out.push(seg('SVD', op.payer.payerId, x12Amount(line.paidAmount), procedure, '', x12Amount(line.units)));
    casSegments(line.adjustments, out);
    out.push(seg('DTP', '573', 'D8', ymd(adj.date)));
  }
}

/** Everything the person's loop writes, joined by the element separator (checked absent from the values). */
function personKey(p: Subscriber837 | Patient837): string {
  const a = p.address;
  const sub = 'memberId' in p ? `${E}${p.memberId}${E}${p.groupNumber ?? ''}${E}${p.relationshipToPatient}` : '';
  return `${p.lastName}${E}${p.firstName}${E}${p.middleName ?? ''}${E}${p.dob}${E}${p.gender}${E}${a.line1}${E}${a.line2 ?? ''}${E}${a.city}${E}${a.state}${E}${a.zip}${sub}`;
}

/** Holds the counters of one interchange; each method returns the text to append. */
export class Writer837P {
  readonly summary: Build837Summary;
  private readonly header: Interchange837Header;
  private readonly maxPerSet: number;
  private readonly terminator: string;
  private readonly when: { ccyymmdd: string; yymmdd: string; hhmm: string };
  private readonly isaControl: string;
  private readonly gsControl: string;
  private set: TransactionSet837Summary | null = null;
  private hl = 0;
  private providerHl = 0;
  private providerKey = '';
  private subscriberHl = 0;
  private subscriberKey = '';
  private patientKey = '';
  private lineBuffer: string[] = [];
  private finished = false;

  constructor(header: Interchange837Header, options: Build837Options = {}) {
    check837Header(header);
    this.header = header;
    this.maxPerSet = options.maxClaimsPerTransactionSet ?? MAX_CLAIMS_PER_TRANSACTION_SET;
    if (!Number.isInteger(this.maxPerSet) || this.maxPerSet < 1) throw new X12BuildError(`maxClaimsPerTransactionSet must be a positive integer, got ${this.maxPerSet}`);
    this.terminator = options.lineBreaks ? `${S}\n` : S;
    const createdAt = new Date(header.createdAt);
    if (Number.isNaN(createdAt.getTime())) throw new X12BuildError(`createdAt must be an ISO 8601 timestamp, got ${JSON.stringify(header.createdAt)}`);
    this.when = x12Date(createdAt);
    this.isaControl = String(checkControlNumber('interchangeControlNumber', header.interchangeControlNumber)).padStart(9, '0');
    this.gsControl = String(checkControlNumber('groupControlNumber', header.groupControlNumber));
    this.summary = { interchangeControlNumber: this.isaControl, groupControlNumber: this.gsControl, claimCount: 0, bytes: 0, transactionSets: [] };
  }

  /** ISA and GS. */
  start(): string {
    const h = this.header;
    const isa = [
      'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
      h.sender.qualifier.padEnd(2, ' '), h.sender.id.padEnd(15, ' '),
      h.receiver.qualifier.padEnd(2, ' '), h.receiver.id.padEnd(15, ' '),
      this.when.yymmdd, this.when.hhmm, OUTBOUND_DELIMITERS.repetition, '00501', this.isaControl,
      h.acknowledgmentRequested === false ? '0' : '1', h.usage, C,
    ].join(E);
    const gs = seg('GS', 'HC', h.sender.applicationId ?? h.sender.id, h.receiver.applicationId ?? h.receiver.id,
      this.when.ccyymmdd, this.when.hhmm, this.gsControl, 'X', IMPLEMENTATION);
    return this.emit([isa, gs], false);
  }

  /** The claim's segments, opening (and closing) transaction sets and HL levels as needed. */
  claim(claim: Claim837): string {
    if (this.finished) throw new X12BuildError('the interchange is already finished');
    checkClaim837(claim);
    const out = this.lineBuffer;
    out.length = 0;
    const closed = this.set && this.set.claimCount >= this.maxPerSet ? this.closeSet() : '';
    if (!this.set) this.openSet(out);
    const set = this.set as TransactionSet837Summary;

    const bp = claim.billingProvider;
    const a = bp.address;
    const providerKey = `${bp.npi}${E}${bp.ein}${E}${bp.organisationName}${E}${bp.taxonomy ?? ''}${E}${a.line1}${E}${a.line2 ?? ''}${E}${a.city}${E}${a.state}${E}${a.zip}`;
    if (providerKey !== this.providerKey) {
      this.providerKey = providerKey;
      this.subscriberKey = '';
      this.providerHl = ++this.hl;
      out.push(seg('HL', String(this.providerHl), '', '20', '1'));
      if (bp.taxonomy) out.push(seg('PRV', 'BI', 'PXC', bp.taxonomy));
      out.push(seg('NM1', '85', '2', bp.organisationName, '', '', '', '', 'XX', bp.npi));
      pushAddress(out, bp.address);
      out.push(seg('REF', 'EI', bp.ein));
    }

    const sub = claim.subscriber;
    const patient = claim.patient ?? null;
    const subscriberKey = `${claim.payerResponsibility}|${claim.payer.payerId}|${claim.payer.name}|${claim.payer.claimFilingIndicator}|${patient ? 'dependent' : 'self'}|${personKey(sub)}`;
    if (subscriberKey !== this.subscriberKey) {
      this.subscriberKey = subscriberKey;
      this.patientKey = '';
      this.subscriberHl = ++this.hl;
      out.push(seg('HL', String(this.subscriberHl), String(this.providerHl), '22', patient ? '1' : '0'));
      out.push(seg('SBR', claim.payerResponsibility, patient ? '' : '18', sub.groupNumber, '', '', '', '', '', claim.payer.claimFilingIndicator));
      out.push(seg('NM1', 'IL', '1', sub.lastName, sub.firstName, sub.middleName, '', '', 'MI', sub.memberId));
      pushAddress(out, sub.address);
      if (!patient) out.push(seg('DMG', 'D8', ymd(sub.dob), sub.gender));
      out.push(seg('NM1', 'PR', '2', claim.payer.name, '', '', '', '', 'PI', claim.payer.payerId));
    }

    if (patient) {
      const patientKey = personKey(patient);
      if (patientKey !== this.patientKey) {
        this.patientKey = patientKey;
        out.push(seg('HL', String(++this.hl), String(this.subscriberHl), '23', '0'));
        out.push(seg('PAT', sub.relationshipToPatient));
        out.push(seg('NM1', 'QC', '1', patient.lastName, patient.firstName, patient.middleName));
        pushAddress(out, patient.address);
        out.push(seg('DMG', 'D8', ymd(patient.dob), patient.gender));
      }
    }

    // The segments written for every claim and line are spelled out (their last elements are never
    // empty, so seg() would trim nothing): seg's argument arrays were a tenth of the writer's time.
    out.push(`CLM${E}${claim.patientControlNumber}${E}${x12Amount(claim.totalAmount)}${E}${E}${E}${claim.placeOfService}${C}B${C}${claim.frequencyCode}${E}Y${E}A${E}Y${E}Y`);
    if (claim.frequencyCode !== '1' && claim.payerClaimControlNumber) out.push(seg('REF', 'F8', claim.payerClaimControlNumber));
    let hi = 'HI';
    for (let i = 0; i < claim.diagnoses.length; i++) hi += `${E}${i === 0 ? 'ABK' : 'ABF'}${C}${claim.diagnoses[i]}`;
    out.push(hi);
    const rp = claim.renderingProvider;
    if (rp) {
      out.push(seg('NM1', '82', '1', rp.lastName, rp.firstName, '', '', '', 'XX', rp.npi));
      if (rp.taxonomy) out.push(seg('PRV', 'PE', 'PXC', rp.taxonomy));
    }
    const sf = claim.serviceFacility;
    if (sf) {
      out.push(sf.npi ? seg('NM1', '77', '2', sf.name, '', '', '', '', 'XX', sf.npi) : seg('NM1', '77', '2', sf.name));
      pushAddress(out, sf.address);
    }
    const otherPayers = claim.otherPayers ?? [];
    for (const op of otherPayers) otherPayerSegments(op, out);
    for (let i = 0; i < claim.lines.length; i++) {
      const line = claim.lines[i]!;
      let procedure = `HC${C}${line.procedure}`;
      for (const modifier of line.modifiers ?? []) procedure += C + modifier;
      // SV107 is never empty: checkClaim837 requires 1 to 4 pointers.
      out.push(`LX${E}${i + 1}`,
        `SV1${E}${procedure}${E}${x12Amount(line.amount)}${E}UN${E}${x12Amount(line.units)}${E}${E}${E}${line.diagnosisPointers.join(C)}`,
        `DTP${E}472${E}D8${E}${ymd(line.serviceDate)}`);
      if (otherPayers.length) lineAdjudicationSegments(otherPayers, i + 1, out);
    }
    set.claimCount++;
    set.patientControlNumbers.push(claim.patientControlNumber);
    this.summary.claimCount++;
    return closed + this.emit(out, true);
  }

  /** SE (if a set is open), GE, IEA. */
  finish(): string {
    if (this.finished) throw new X12BuildError('the interchange is already finished');
    if (this.summary.claimCount === 0) throw new X12BuildError('an 837 interchange needs at least one claim');
    this.finished = true;
    return this.closeSet() + this.emit([
      seg('GE', String(this.summary.transactionSets.length), this.gsControl),
      seg('IEA', '1', this.isaControl),
    ], false);
  }

  private openSet(out: string[]): void {
    const h = this.header;
    const number = (h.firstTransactionControlNumber ?? 1) + this.summary.transactionSets.length;
    const controlNumber = String(number).padStart(4, '0');
    if (controlNumber.length > 9) throw new X12BuildError(`transaction set control number ${controlNumber} is longer than 9 digits`);
    this.set = { controlNumber, claimCount: 0, segmentCount: 0, patientControlNumbers: [] };
    this.summary.transactionSets.push(this.set);
    this.hl = 0;
    this.providerKey = '';
    this.subscriberKey = '';
    this.patientKey = '';
    const setCount = this.summary.transactionSets.length;
    const reference = h.batchReference ?? String(h.interchangeControlNumber);
    out.push(
      seg('ST', '837', controlNumber, IMPLEMENTATION),
      seg('BHT', '0019', '00', setCount === 1 ? reference : `${reference}-${setCount}`, this.when.ccyymmdd, this.when.hhmm, 'CH'),
      seg('NM1', '41', '2', h.submitter.name, '', '', '', '', '46', h.submitter.id),
      seg('PER', 'IC', h.submitter.contact.name,
        ...(h.submitter.contact.phone ? ['TE', h.submitter.contact.phone] : []),
        ...(h.submitter.contact.email ? ['EM', h.submitter.contact.email] : [])),
      seg('NM1', '40', '2', h.receiver1000B.name, '', '', '', '', '46', h.receiver1000B.id),
    );
  }

  private closeSet(): string {
    const set = this.set;
    if (!set) return '';
    // SE01 counts ST through SE: everything written in this set so far plus the SE itself.
    set.segmentCount += 1;
    this.set = null;
    return this.emit([seg('SE', String(set.segmentCount), set.controlNumber)], false);
  }

  private emit(segments: string[], inSet: boolean): string {
    if (inSet && this.set) this.set.segmentCount += segments.length;
    const text = segments.join(this.terminator) + this.terminator;
    this.summary.bytes += Buffer.byteLength(text);
    return text;
  }
}

type ClaimSource = Iterable<Claim837> | AsyncIterable<Claim837>;

/**
 * The interchange as string chunks of about chunkBytes (64 KiB by default), for
 * `Readable.from(...)`, `pipeline(...)` or an HTTP body. The summary is complete when the
 * generator is done.
 */
export async function* generate837P(
  header: Interchange837Header,
  claims: ClaimSource,
  options: Build837Options & { chunkBytes?: number; onSummary?: (summary: Build837Summary) => void } = {},
): AsyncGenerator<string, Build837Summary> {
  const writer = new Writer837P(header, options);
  const chunkBytes = options.chunkBytes ?? 65_536;
  let chunk = writer.start();
  for await (const claim of claims) {
    chunk += writer.claim(claim);
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  }
  chunk += writer.finish();
  yield chunk;
  options.onSummary?.(writer.summary);
  return writer.summary;
}

/** Writes the interchange to a Node Writable (file, socket, hash...), honouring backpressure; does not end it. */
export async function write837P(
  header: Interchange837Header,
  claims: ClaimSource,
  destination: Writable,
  options: Build837Options & { chunkBytes?: number } = {},
): Promise<Build837Summary> {
  const chunks = generate837P(header, claims, options);
  for (;;) {
    const next = await chunks.next();
    if (next.done) return next.value;
    if (!destination.write(next.value)) await once(destination, 'drain');
  }
}

/** The whole interchange as one string: for small files (tests, the sandbox partner). */
export function build837P(header: Interchange837Header, claims: Iterable<Claim837>, options: Build837Options = {}): { text: string; summary: Build837Summary } {
  const writer = new Writer837P(header, options);
  const parts = [writer.start()];
  for (const claim of claims) parts.push(writer.claim(claim));
  parts.push(writer.finish());
  return { text: parts.join(''), summary: writer.summary };
}
