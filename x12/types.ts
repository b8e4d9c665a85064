// The normalized JSON that parseX12 returns and `npm run x12 -- parse FILE` prints.

import type { Delimiters } from './tokenize.ts';
import type { Transaction277, Transaction837 } from './types-claims.ts';

export interface FunctionalGroupInfo {
  functionalId: string;
  senderId: string;
  receiverId: string;
  date: string;
  time: string;
  controlNumber: string;
  version: string;
}

export interface InterchangeInfo {
  authorizationQualifier: string;
  securityQualifier: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  version: string;
  controlNumber: string;
  acknowledgmentRequested: string;
  usage: string;
  delimiters: Delimiters;
  groups: FunctionalGroupInfo[];
}

export interface TraceNumber {
  /** TRN01: 1 current transaction trace (ours, echoed), 2 referenced transaction trace, 3 financial. */
  type: string;
  reference: string;
  originatorId: string;
  secondaryReference: string | null;
}

export interface DateValue {
  qualifier: string;
  name: string;
  start: string;
  end: string | null;
}

export interface Reference {
  qualifier: string;
  value: string;
  description: string | null;
}

export interface Address {
  lines: string[];
  city: string;
  state: string;
  postalCode: string;
}

export interface Entity {
  entityId: string;
  entityType: string;
  name: string;
  firstName: string | null;
  middleName: string | null;
  idQualifier: string | null;
  id: string | null;
}

export interface Person {
  id: string | null;
  idQualifier: string | null;
  firstName: string | null;
  lastName: string | null;
  middleName: string | null;
  /** YYYY-MM-DD */
  dob: string | null;
  gender: string | null;
  address: Address | null;
  references: Reference[];
  relationship: string | null;
}

export interface Reject {
  loop: string;
  valid: string;
  code: string;
  description: string | null;
  followUpAction: string;
  followUpActionDescription: string | null;
}

export interface Benefit {
  loop: string;
  code: string;
  description: string | null;
  coverageLevel: string | null;
  coverageLevelDescription: string | null;
  serviceTypes: string[];
  serviceTypeDescriptions: string[];
  insuranceType: string | null;
  insuranceTypeDescription: string | null;
  planDescription: string | null;
  timePeriod: string | null;
  timePeriodDescription: string | null;
  amount: number | null;
  percent: number | null;
  quantityQualifier: string | null;
  quantity: number | null;
  authorizationRequired: string | null;
  inNetwork: string | null;
  procedure: string[] | null;
  dates: DateValue[];
  messages: string[];
  references: Reference[];
  relatedEntities: Entity[];
}

export type CoverageStatus = 'active' | 'inactive' | 'rejected' | 'unknown';

interface TransactionBase {
  controlNumber: string;
  implementationReference: string | null;
  groupControlNumber: string | null;
}

export interface Transaction270 extends TransactionBase {
  type: '270';
  traceNumbers: TraceNumber[];
  payer: { name: string; id: string | null; idQualifier: string | null };
  provider: Entity | null;
  subscriber: Person;
  dependent: Person | null;
  serviceDate: DateValue | null;
  serviceTypes: string[];
}

export interface Transaction271 extends TransactionBase {
  type: '271';
  referenceId: string | null;
  traceNumbers: TraceNumber[];
  payer: { name: string; id: string | null; idQualifier: string | null };
  receiver: Entity | null;
  subscriber: Person;
  dependent: Person | null;
  coverageStatus: CoverageStatus;
  planName: string | null;
  planDates: Record<string, { start: string; end: string | null }>;
  benefits: Benefit[];
  rejects: Reject[];
}

export interface ElementError {
  position: string;
  componentPosition: string | null;
  repetitionPosition: string | null;
  dataElementReference: string | null;
  code: string;
  description: string | null;
  badValue: string | null;
}

export interface SegmentError {
  segmentId: string;
  segmentPosition: string;
  loop: string | null;
  code: string;
  description: string | null;
  contexts: string[];
  elementErrors: ElementError[];
}

export interface SetAcknowledgment {
  transactionType: string;
  controlNumber: string;
  implementationReference: string | null;
  status: string;
  statusDescription: string | null;
  errorCodes: { code: string; description: string | null }[];
  segmentErrors: SegmentError[];
}

export interface Transaction999 extends TransactionBase {
  type: '999';
  acknowledgedGroup: { functionalId: string; controlNumber: string; version: string | null };
  accepted: 'accepted' | 'rejected' | 'partial';
  groupStatus: string;
  groupStatusDescription: string | null;
  counts: { included: number | null; received: number | null; accepted: number | null };
  groupErrors: { code: string; description: string | null }[];
  sets: SetAcknowledgment[];
  /** Every IK3 (with its IK4s) flattened, naming the acknowledged transaction set. */
  errors: (SegmentError & { transactionControlNumber: string })[];
}

export interface TransactionTA1 {
  type: 'TA1';
  controlNumber: string;
  date: string;
  time: string;
  acknowledgmentCode: string;
  acknowledgment: 'accepted' | 'accepted_with_errors' | 'rejected' | 'unknown';
  acknowledgmentDescription: string | null;
  noteCode: string;
  noteDescription: string | null;
}

/** A transaction set this library does not map (e.g. an 837 in a mixed file). */
export interface TransactionOther extends TransactionBase {
  type: 'other';
  transactionSetId: string;
  segmentCount: number;
}

export type ParsedTransaction = Transaction270 | Transaction271 | Transaction999 | TransactionTA1 | TransactionOther
  | Transaction837 | Transaction277;

export interface ParsedX12 {
  interchange: InterchangeInfo;
  transactions: ParsedTransaction[];
  warnings: string[];
}
