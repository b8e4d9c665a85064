// Checks a Claim837 / Interchange837Header against what the 005010X222A1 guide allows, naming
// the field. validateClaim837 returns every problem (for per-claim error lists before a claim
// is submitted); the writer calls checkClaim837, which throws the first ones, so it never
// writes an invalid claim.

import { X12BuildError } from './envelope.ts';
import type { Address837, Adjustment837, Claim837, Interchange837Header, OtherPayer837 } from './claim-837.ts';

export interface Claim837Problem {
  field: string;
  message: string;
}

const DELIMITER = /[*:^~\r\n]/;
const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;
const UNITS = /^\d{1,8}(\.\d{1,3})?$/;
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z]{1,5}$/;
const PROCEDURE = /^[A-Z0-9]{5}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
const FILING_INDICATORS = new Set(['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ']);
const RELATIONSHIPS = new Set(['01', '18', '19', '20', '21', '39', '40', '53', 'G8']);

/** "125.00" -> "125", "12.50" -> "12.5": X12 R values carry no trailing zeros. */
export function x12Amount(value: string): string {
  // Fast path (every amount the database gives): no sign, no leading zero to drop.
  if (value.charCodeAt(0) === 48 /* 0 */ || value.charCodeAt(0) === 45 /* - */) return x12AmountSlow(value);
  const dot = value.indexOf('.');
  if (dot < 0) return value;
  let end = value.length;
  while (end > dot + 1 && value.charCodeAt(end - 1) === 48) end--;
  if (end === dot + 1) end = dot;
  return end === value.length ? value : value.slice(0, end);
}

function x12AmountSlow(value: string): string {
  if (!value.includes('.')) return value.replace(/^(-?)0+(?=\d)/, '$1');
  return value.replace(/^(-?)0+(?=\d)/, '$1').replace(/0+$/, '').replace(/\.$/, '');
}

/** Amount in cents, for comparing totals without floating point (the value matched AMOUNT). */
function cents(value: string): number {
  const negative = value.charCodeAt(0) === 45;
  const dot = value.indexOf('.');
  const whole = value.slice(negative ? 1 : 0, dot < 0 ? value.length : dot);
  const fraction = dot < 0 ? 0 : dot === value.length - 2 ? Number(value.slice(dot + 1)) * 10 : Number(value.slice(dot + 1));
  const result = Number(whole) * 100 + fraction;
  return negative ? -result : result;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(value: string): boolean {
  // YYYY-MM-DD read by character codes: this runs for every date of every claim written.
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  // Years before 100 were never valid here (Date.UTC reads them as 19xx).
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** The number in value[from, to) when it is all ASCII digits, else -1. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

// Field names are built only when a problem is found: the writer checks every claim it writes,
// and naming each field of each valid claim ("lines[2].serviceDate") was a tenth of its time.
// A field is its name, or its parent's name and its own (joined with a dot when needed).
type Field = string | readonly [parent: string, name: string];

function fieldName(field: Field): string {
  return typeof field === 'string' ? field : `${field[0]}.${field[1]}`;
}

const STATE = /^[A-Z]{2}$/;
const ZIP9 = /^\d{9}$/;
const ZIP5_OR_9 = /^(\d{5}|\d{9})$/;
const GENDER = /^[MFU]$/;

class Checker {
  readonly problems: Claim837Problem[] = [];

  add(field: Field, message: string): void {
    this.problems.push({ field: fieldName(field), message });
  }

  text(field: Field, value: unknown, min: number, max: number, required = true): value is string {
    if (value === undefined || value === null || value === '') {
      if (required) this.add(field, `${fieldName(field)} is required`);
      return false;
    }
    if (typeof value !== 'string') {
      this.add(field, `${fieldName(field)} must be a string`);
      return false;
    }
    if (DELIMITER.test(value)) this.add(field, `${fieldName(field)} contains an X12 delimiter (* : ^ ~ or a line break)`);
    else if (value !== value.trim()) this.add(field, `${fieldName(field)} has leading or trailing spaces`);
    else if (value.length < min || value.length > max) this.add(field, `${fieldName(field)} must be ${min} to ${max} characters, got ${value.length}`);
    else return true;
    return false;
  }

  pattern(field: Field, value: unknown, re: RegExp, what: string): void {
    if (value === undefined || value === null || value === '') this.add(field, `${fieldName(field)} is required`);
    else if (typeof value !== 'string' || !re.test(value)) this.add(field, `${fieldName(field)} must be ${what}, got ${JSON.stringify(value)}`);
  }

  date(field: Field, value: unknown): void {
    if (typeof value !== 'string' || !isCalendarDate(value)) this.add(field, `${fieldName(field)} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }

  address(field: string, address: Address837 | undefined | null, nineDigitZip: boolean): void {
    if (!address || typeof address !== 'object') {
      this.add(field, `${field} is required`);
      return;
    }
    this.text([field, 'line1'], address.line1, 1, 55);
    this.text([field, 'line2'], address.line2, 1, 55, false);
    this.text([field, 'city'], address.city, 2, 30);
    this.pattern([field, 'state'], address.state, STATE, 'a two-letter state code');
    if (nineDigitZip) this.pattern([field, 'zip'], address.zip, ZIP9, 'a 9-digit ZIP code (ZIP+4, no dash)');
    else this.pattern([field, 'zip'], address.zip, ZIP5_OR_9, 'a 5- or 9-digit ZIP code');
  }

  person(field: string, p: { lastName: string; firstName: string; middleName?: string | null; dob: string; gender: string }): void {
    this.text([field, 'lastName'], p.lastName, 1, 60);
    this.text([field, 'firstName'], p.firstName, 1, 35);
    this.text([field, 'middleName'], p.middleName, 1, 25, false);
    this.date([field, 'dob'], p.dob);
    this.pattern([field, 'gender'], p.gender, GENDER, 'M, F or U');
  }
}

export function validateClaim837(claim: Claim837): Claim837Problem[] {
  const c = new Checker();
  if (!claim || typeof claim !== 'object') return [{ field: 'claim', message: 'claim must be an object' }];
  c.text('patientControlNumber', claim.patientControlNumber, 1, 20);
  if (claim.frequencyCode !== '1' && claim.frequencyCode !== '7' && claim.frequencyCode !== '8') c.add('frequencyCode', `frequencyCode must be 1, 7 or 8, got ${JSON.stringify(claim.frequencyCode)}`);
  if (claim.frequencyCode === '7' || claim.frequencyCode === '8') c.text('payerClaimControlNumber', claim.payerClaimControlNumber, 1, 50);
  c.pattern('totalAmount', claim.totalAmount, AMOUNT, 'a decimal amount with at most 2 decimals');
  c.pattern('placeOfService', claim.placeOfService, /^\d{2}$/, 'a two-digit place of service code');

  const bp = claim.billingProvider;
  if (!bp) c.add('billingProvider', 'billingProvider is required');
  else {
    c.pattern('billingProvider.npi', bp.npi, /^\d{10}$/, 'a 10-digit NPI');
    c.text('billingProvider.organisationName', bp.organisationName, 1, 60);
    c.pattern('billingProvider.ein', bp.ein, /^\d{9}$/, 'a 9-digit EIN without dash');
    c.address('billingProvider.address', bp.address, true);
    if (bp.taxonomy) c.pattern('billingProvider.taxonomy', bp.taxonomy, /^[0-9A-Z]{9}X$/, 'a 10-character taxonomy code');
  }

  const payer = claim.payer;
  if (!payer) c.add('payer', 'payer is required');
  else {
    c.text('payer.name', payer.name, 1, 60);
    c.text('payer.payerId', payer.payerId, 2, 80);
    if (!FILING_INDICATORS.has(payer.claimFilingIndicator)) c.add('payer.claimFilingIndicator', `payer.claimFilingIndicator must be a claim filing indicator code (MB, MC, CI, BL, HM, ...), got ${JSON.stringify(payer.claimFilingIndicator)}`);
  }
  if (claim.payerResponsibility !== 'P' && claim.payerResponsibility !== 'S' && claim.payerResponsibility !== 'T') c.add('payerResponsibility', `payerResponsibility must be P, S or T, got ${JSON.stringify(claim.payerResponsibility)}`);

  const sub = claim.subscriber;
  if (!sub) c.add('subscriber', 'subscriber is required');
  else {
    c.text('subscriber.memberId', sub.memberId, 2, 80);
    c.person('subscriber', sub);
    c.address('subscriber.address', sub.address, false);
    c.text('subscriber.groupNumber', sub.groupNumber, 1, 50, false);
    if (!RELATIONSHIPS.has(sub.relationshipToPatient)) c.add('subscriber.relationshipToPatient', `subscriber.relationshipToPatient must be 18 (self), 01, 19, 20, 21, 39, 40, 53 or G8, got ${JSON.stringify(sub.relationshipToPatient)}`);
    else if (sub.relationshipToPatient === '18' && claim.patient) c.add('patient', 'patient must be omitted when the subscriber is the patient (relationshipToPatient 18)');
    else if (sub.relationshipToPatient !== '18' && !claim.patient) c.add('patient', `patient is required when the subscriber is not the patient (relationshipToPatient ${sub.relationshipToPatient})`);
  }
  if (claim.patient) {
    c.person('patient', claim.patient);
    c.address('patient.address', claim.patient.address, false);
  }

  if (!Array.isArray(claim.diagnoses) || claim.diagnoses.length === 0) c.add('diagnoses', 'diagnoses needs at least one ICD-10-CM code');
  else {
    if (claim.diagnoses.length > 12) c.add('diagnoses', `diagnoses has ${claim.diagnoses.length} codes; an 837P claim carries at most 12`);
    for (let i = 0; i < claim.diagnoses.length; i++) if (typeof claim.diagnoses[i] !== 'string' || !ICD10.test(claim.diagnoses[i]!)) c.pattern(`diagnoses[${i}]`, claim.diagnoses[i], ICD10, 'an ICD-10-CM code without the dot (e.g. E119)');
  }

  const rp = claim.renderingProvider;
  if (rp) {
    c.pattern('renderingProvider.npi', rp.npi, /^\d{10}$/, 'a 10-digit NPI');
    c.text('renderingProvider.lastName', rp.lastName, 1, 60);
    c.text('renderingProvider.firstName', rp.firstName, 1, 35);
    if (rp.taxonomy) c.pattern('renderingProvider.taxonomy', rp.taxonomy, /^[0-9A-Z]{9}X$/, 'a 10-character taxonomy code');
  }
  const sf = claim.serviceFacility;
  if (sf) {
    c.text('serviceFacility.name', sf.name, 1, 60);
    if (sf.npi) c.pattern('serviceFacility.npi', sf.npi, /^\d{10}$/, 'a 10-digit NPI');
    c.address('serviceFacility.address', sf.address, true);
  }

  if (!Array.isArray(claim.lines) || claim.lines.length === 0) c.add('lines', 'lines needs at least one service line');
  else {
    if (claim.lines.length > 50) c.add('lines', `lines has ${claim.lines.length} service lines; an 837P claim carries at most 50`);
    let sum = 0;
    let amountsValid = AMOUNT.test(claim.totalAmount ?? '');
    const diagnosisCount = Array.isArray(claim.diagnoses) ? claim.diagnoses.length : 0;
    for (let i = 0; i < claim.lines.length; i++) {
      const line = claim.lines[i]!;
      const f = `lines[${i}]`;
      c.pattern([f, 'procedure'], line.procedure, PROCEDURE, 'a 5-character HCPCS/CPT code');
      const modifiers = line.modifiers ?? [];
      if (!Array.isArray(modifiers) || modifiers.length > 4) c.add([f, 'modifiers'], `${f}.modifiers takes at most 4 modifiers`);
      else for (let j = 0; j < modifiers.length; j++) c.pattern(`${f}.modifiers[${j}]`, modifiers[j], MODIFIER, 'a 2-character modifier');
      if (AMOUNT.test(line.amount ?? '')) sum += cents(line.amount);
      else {
        amountsValid = false;
        c.pattern([f, 'amount'], line.amount, AMOUNT, 'a decimal amount with at most 2 decimals');
      }
      c.pattern([f, 'units'], line.units, UNITS, 'a positive number of units');
      const pointers = line.diagnosisPointers;
      if (!Array.isArray(pointers) || pointers.length < 1 || pointers.length > 4) c.add([f, 'diagnosisPointers'], `${f}.diagnosisPointers needs 1 to 4 pointers`);
      else if (pointers.some((p) => !Number.isInteger(p) || p < 1 || p > diagnosisCount)) c.add([f, 'diagnosisPointers'], `${f}.diagnosisPointers must point at diagnoses 1 to ${diagnosisCount}, got ${JSON.stringify(pointers)}`);
      c.date([f, 'serviceDate'], line.serviceDate);
    }
    if (amountsValid && sum !== cents(claim.totalAmount)) c.add('totalAmount', `totalAmount ${claim.totalAmount} is not the sum of the line amounts (${(sum / 100).toFixed(2)})`);
  }
  const otherPayers = claim.otherPayers ?? [];
  if (!Array.isArray(otherPayers)) c.add('otherPayers', 'otherPayers must be an array');
  else {
    // No otherPayers on an S or T claim is allowed: a member whose primary coverage ended is billed
    // to the coverage that is left (its priority 2 or 3) and no payer adjudicated before it.
    if (otherPayers.length > 10) c.add('otherPayers', `otherPayers has ${otherPayers.length} payers; an 837P claim carries at most 10`);
    otherPayers.forEach((op, i) => checkOtherPayer(c, `otherPayers[${i}]`, op, claim));
  }
  return c.problems;
}

const ADJUSTMENT_GROUPS = new Set(['CO', 'CR', 'OA', 'PI', 'PR']);

/** The adjustments' total in cents, or null when one is invalid (reported). */
function checkAdjustments(c: Checker, field: string, adjustments: Adjustment837[] | undefined): number | null {
  if (!Array.isArray(adjustments)) {
    c.add(field, `${field} must be an array`);
    return null;
  }
  let total = 0;
  let valid = true;
  const perGroup = new Map<string, number>();
  adjustments.forEach((a, i) => {
    const f = `${field}[${i}]`;
    if (!ADJUSTMENT_GROUPS.has(a.group)) c.add(`${f}.group`, `${f}.group must be CO, CR, OA, PI or PR, got ${JSON.stringify(a.group)}`);
    else perGroup.set(a.group, (perGroup.get(a.group) ?? 0) + 1);
    c.pattern(`${f}.reason`, a.reason, /^[A-Z0-9]{1,5}$/, 'a claim adjustment reason code (CARC)');
    if (AMOUNT.test(a.amount ?? '')) total += cents(a.amount);
    else {
      valid = false;
      c.pattern(`${f}.amount`, a.amount, AMOUNT, 'a decimal amount with at most 2 decimals');
    }
    if (a.quantity) c.pattern(`${f}.quantity`, a.quantity, /^-?\d{1,8}(\.\d{1,2})?$/, 'a number');
  });
  // One CAS per group carries six reasons; the loop takes five CAS segments.
  let segments = 0;
  for (const count of perGroup.values()) segments += Math.ceil(count / 6);
  if (segments > 5) c.add(field, `${field} needs ${segments} CAS segments; the loop takes at most 5 (six reasons per group in each)`);
  return valid ? total : null;
}

const dollars = (cents: number): string => (cents / 100).toFixed(2);

/**
 * One payer of loops 2320/2330A/2330B/2430, with the guide's COB balancing: per line, the line
 * charge = SVD02 + the line's CAS; per payer, AMT*D = the SVD02s - the claim-level CAS; and
 * CLM02 = AMT*D + all its claim and line CAS.
 */
function checkOtherPayer(c: Checker, field: string, op: OtherPayer837, claim: Claim837): void {
  if (!op || typeof op !== 'object') {
    c.add(field, `${field} must be an object`);
    return;
  }
  if (!['P', 'S', 'T'].includes(op.payerResponsibility)) c.add(`${field}.payerResponsibility`, `${field}.payerResponsibility must be P, S or T, got ${JSON.stringify(op.payerResponsibility)}`);
  else if (op.payerResponsibility === claim.payerResponsibility) c.add(`${field}.payerResponsibility`, `${field}.payerResponsibility ${op.payerResponsibility} is the destination payer's own (SBR01 of 2000B)`);
  if (!RELATIONSHIPS.has(op.relationshipToPatient)) c.add(`${field}.relationshipToPatient`, `${field}.relationshipToPatient must be 18 (self), 01, 19, 20, 21, 39, 40, 53 or G8, got ${JSON.stringify(op.relationshipToPatient)}`);
  c.text(`${field}.groupNumber`, op.groupNumber, 1, 50, false);
  if (!FILING_INDICATORS.has(op.claimFilingIndicator)) c.add(`${field}.claimFilingIndicator`, `${field}.claimFilingIndicator must be a claim filing indicator code (MB, MC, CI, BL, HM, ...), got ${JSON.stringify(op.claimFilingIndicator)}`);
  c.text(`${field}.subscriber.memberId`, op.subscriber?.memberId, 2, 80);
  c.text(`${field}.subscriber.lastName`, op.subscriber?.lastName, 1, 60);
  c.text(`${field}.subscriber.firstName`, op.subscriber?.firstName, 1, 35, false);
  c.text(`${field}.subscriber.middleName`, op.subscriber?.middleName, 1, 25, false);
  c.text(`${field}.payer.name`, op.payer?.name, 1, 60);
  c.text(`${field}.payer.payerId`, op.payer?.payerId, 2, 80);
  c.text(`${field}.payerClaimControlNumber`, op.payerClaimControlNumber, 1, 50, false);
  const adj = op.adjudication;
  if (!adj) return;
  c.date(`${field}.adjudication.date`, adj.date);
  c.pattern(`${field}.adjudication.paidAmount`, adj.paidAmount, AMOUNT, 'a decimal amount with at most 2 decimals');
  if (adj.remainingPatientLiability) c.pattern(`${field}.adjudication.remainingPatientLiability`, adj.remainingPatientLiability, AMOUNT, 'a decimal amount with at most 2 decimals');
  const claimCas = checkAdjustments(c, `${field}.adjudication.adjustments`, adj.adjustments);
  if (!Array.isArray(adj.lines)) {
    c.add(`${field}.adjudication.lines`, `${field}.adjudication.lines must be an array`);
    return;
  }
  let paidOnLines = 0;
  let lineCas = 0;
  let balanced = claimCas !== null && AMOUNT.test(adj.paidAmount ?? '');
  const seen = new Set<number>();
  adj.lines.forEach((l, i) => {
    const f = `${field}.adjudication.lines[${i}]`;
    const line = Number.isInteger(l.lineNumber) ? claim.lines?.[l.lineNumber - 1] : undefined;
    if (!line) c.add(`${f}.lineNumber`, `${f}.lineNumber must name one of the claim's ${claim.lines?.length ?? 0} service lines, got ${JSON.stringify(l.lineNumber)}`);
    else if (seen.has(l.lineNumber)) c.add(`${f}.lineNumber`, `${f}.lineNumber ${l.lineNumber} is adjudicated twice by the same payer`);
    seen.add(l.lineNumber);
    c.pattern(`${f}.procedure`, l.procedure, /^[A-Z0-9]{5}$/, 'a 5-character HCPCS/CPT code');
    (l.modifiers ?? []).forEach((m, j) => c.pattern(`${f}.modifiers[${j}]`, m, /^[A-Z0-9]{2}$/, 'a 2-character modifier'));
    c.pattern(`${f}.units`, l.units, UNITS, 'a positive number of units');
    const cas = checkAdjustments(c, `${f}.adjustments`, l.adjustments);
    if (!AMOUNT.test(l.paidAmount ?? '')) {
      c.pattern(`${f}.paidAmount`, l.paidAmount, AMOUNT, 'a decimal amount with at most 2 decimals');
      balanced = false;
      return;
    }
    if (cas === null) {
      balanced = false;
      return;
    }
    paidOnLines += cents(l.paidAmount);
    lineCas += cas;
    if (line && AMOUNT.test(line.amount ?? '') && cents(line.amount) !== cents(l.paidAmount) + cas) {
      c.add(f, `${f} does not balance: line ${l.lineNumber} charge ${line.amount} <> paid ${l.paidAmount} + adjustments ${dollars(cas)}`);
    }
  });
  if (!balanced) return;
  const paid = cents(adj.paidAmount);
  if (adj.lines.length > 0 && paid !== paidOnLines - (claimCas as number)) {
    c.add(`${field}.adjudication.paidAmount`, `${field}.adjudication.paidAmount ${adj.paidAmount} <> the lines' paid amounts ${dollars(paidOnLines)} - the claim adjustments ${dollars(claimCas as number)}`);
  }
  if (AMOUNT.test(claim.totalAmount ?? '') && cents(claim.totalAmount) !== paid + (claimCas as number) + lineCas) {
    c.add(`${field}.adjudication`, `${field}.adjudication does not balance: totalAmount ${claim.totalAmount} <> paid ${adj.paidAmount} + claim adjustments ${dollars(claimCas as number)} + line adjustments ${dollars(lineCas)}`);
  }
}

export function checkClaim837(claim: Claim837): void {
  const problems = validateClaim837(claim);
  if (problems.length > 0) {
    const pcn = typeof claim?.patientControlNumber === 'string' ? claim.patientControlNumber : '?';
    throw new X12BuildError(`claim ${pcn}: ${problems.map((p) => p.message).join('; ')}`);
  }
}

export function check837Header(header: Interchange837Header): void {
  const c = new Checker();
  for (const side of ['sender', 'receiver'] as const) {
    const party = header[side];
    c.pattern(`${side}.qualifier`, party?.qualifier, /^[0-9A-Z]{2}$/, 'a 2-character interchange id qualifier (ZZ, 30, ...)');
    c.text(`${side}.id`, party?.id, 1, 15);
    c.text(`${side}.applicationId`, party?.applicationId, 2, 15, false);
  }
  if (header.usage !== 'T' && header.usage !== 'P') c.add('usage', `usage must be T or P, got ${JSON.stringify(header.usage)}`);
  c.text('batchReference', header.batchReference, 1, 44, false);
  c.text('submitter.name', header.submitter?.name, 1, 60);
  c.text('submitter.id', header.submitter?.id, 2, 80);
  c.text('submitter.contact.name', header.submitter?.contact?.name, 1, 60);
  const contact = header.submitter?.contact;
  if (contact && !contact.phone && !contact.email) c.add('submitter.contact', 'submitter.contact needs a phone or an email');
  if (contact?.phone) c.pattern('submitter.contact.phone', contact.phone, /^\d{10,}$/, 'digits only (area code first)');
  c.text('submitter.contact.email', contact?.email, 1, 256, false);
  c.text('receiver1000B.name', header.receiver1000B?.name, 1, 60);
  c.text('receiver1000B.id', header.receiver1000B?.id, 2, 80);
  if (c.problems.length > 0) throw new X12BuildError(`837 header: ${c.problems.map((p) => p.message).join('; ')}`);
}
