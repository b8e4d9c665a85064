// The normalized JSON of the claim transactions parseX12 reads: 837 (P, I, D) and 277 / 277CA.
// Amounts are decimal strings with two decimals ("125.00"), dates YYYY-MM-DD.

interface TransactionHeader {
  controlNumber: string;
  implementationReference: string | null;
  groupControlNumber: string | null;
}

export interface PartyRef {
  name: string;
  firstName?: string | null;
  idQualifier: string | null;
  id: string | null;
}

export interface ParsedServiceLine837 {
  lineNumber: string;
  /** SV101-2 / SV202-2 / SV301-2; null when an institutional line has only a revenue code. */
  procedure: string | null;
  /** HC (HCPCS/CPT), ER, IV, WK...; null with the procedure. */
  procedureQualifier: string | null;
  modifiers: string[];
  /** SV201 (837I). */
  revenueCode: string | null;
  chargeAmount: string;
  /** UN units, MJ minutes (837P anesthesia), DA days (837I). */
  unitBasis: string | null;
  units: string | null;
  diagnosisPointers: string[];
  serviceDate: string | null;
  serviceDateEnd: string | null;
  /** REF*6R line item control number. */
  lineItemControlNumber: string | null;
  /** Loop 2430: how each payer before the destination payer adjudicated this line (COB). */
  adjudications: ParsedLineAdjudication837[];
}

/** A CAS triple of an 837's COB loops. */
export interface ParsedAdjustment837 {
  group: string;
  reason: string;
  amount: string;
  quantity: string | null;
}

/** Loop 2430: SVD, CAS, DTP*573. */
export interface ParsedLineAdjudication837 {
  /** SVD01: the other payer's id (its 2330B NM109). */
  payerId: string;
  paidAmount: string;
  procedure: string | null;
  modifiers: string[];
  /** SVD05. */
  units: string | null;
  adjustments: ParsedAdjustment837[];
  /** DTP*573. */
  adjudicationDate: string | null;
}

/** Loops 2320 (SBR, CAS, AMT*D, AMT*EAF), 2330A (NM1*IL) and 2330B (NM1*PR, DTP*573, REF*F8). */
export interface ParsedOtherPayer837 {
  payerResponsibility: string | null;
  relationship: string | null;
  groupNumber: string | null;
  claimFilingIndicator: string | null;
  adjustments: ParsedAdjustment837[];
  paidAmount: string | null;
  remainingPatientLiability: string | null;
  subscriber: PartyRef | null;
  payer: PartyRef | null;
  payerClaimControlNumber: string | null;
  adjudicationDate: string | null;
}

export interface ParsedClaim837 {
  /** CLM01. */
  patientControlNumber: string;
  chargeAmount: string;
  /** CLM05-1: place of service (837P) or facility type (837I). */
  facilityCode: string | null;
  /** CLM05-3: 1 original, 7 replacement, 8 void... */
  frequencyCode: string | null;
  /** REF*F8 of the claim (replacement/void). */
  payerClaimControlNumber: string | null;
  billingProvider: PartyRef | null;
  payer: PartyRef | null;
  /** SBR01 P/S/T... of the 2000B this claim sits under. */
  payerResponsibility: string | null;
  claimFilingIndicator: string | null;
  subscriber: PartyRef | null;
  /** 2010CA when the patient is not the subscriber. */
  patient: PartyRef | null;
  /** Principal first: ABK/ABF (ICD-10) or BK/BF (ICD-9), as written (no dot). */
  diagnoses: string[];
  renderingProvider: PartyRef | null;
  serviceFacility: PartyRef | null;
  /** Loops 2320/2330A/2330B: the payers that adjudicated the claim before the destination payer (COB). */
  otherPayers: ParsedOtherPayer837[];
  lines: ParsedServiceLine837[];
}

export interface Transaction837 extends TransactionHeader {
  type: '837';
  /** From ST03/GS08: X222 professional, X223 institutional, X224 dental. */
  variant: 'professional' | 'institutional' | 'dental' | 'unknown';
  /** BHT02: 00 original, 18 reissue. BHT06: CH chargeable, RP reporting (encounters). */
  purpose: string | null;
  claimOrEncounter: string | null;
  submitter: PartyRef | null;
  receiver: PartyRef | null;
  claims: ParsedClaim837[];
}

export interface ClaimStatus {
  /** Claim Status Category code (C043-1): A1 received, A2 accepted, A3 returned as unprocessable, A6/A7 rejected... */
  category: string;
  categoryDescription: string | null;
  /** Claim Status code (C043-2), e.g. 562 (Entity's NPI). */
  code: string;
  /** The code's meaning from the published list (sql/data/x12-code/claim_status.csv); null for a code it lacks. */
  codeDescription: string | null;
  /** Entity identifier code (C043-3), e.g. 85 billing provider; null when not given. */
  entity: string | null;
  entityDescription: string | null;
  /** STC02 (YYYY-MM-DD). */
  effectiveDate: string | null;
  /** STC03: WQ accepted, U rejected (277CA). */
  actionCode: string | null;
  /** STC04 total charge of the claim (or line) the status is about. */
  chargeAmount: string | null;
  /** STC05 paid amount (277 X212). */
  paidAmount: string | null;
  /** STC12 free-form message. */
  message: string | null;
}

export interface ParsedStatusLine277 {
  procedure: string | null;
  procedureQualifier: string | null;
  modifiers: string[];
  revenueCode: string | null;
  chargeAmount: string | null;
  paidAmount: string | null;
  units: string | null;
  lineItemControlNumber: string | null;
  serviceDate: string | null;
  serviceDateEnd: string | null;
  statuses: ClaimStatus[];
}

export interface ParsedClaimStatus277 {
  /** REF*EJ when present (277 X212), else TRN02 (277CA X214 echoes CLM01 there). */
  patientControlNumber: string;
  /** TRN02 as sent. */
  traceNumber: string;
  /** REF*1K: the payer's claim control number. */
  payerClaimControlNumber: string | null;
  /** REF*D9: the clearinghouse's trace number. */
  clearinghouseTraceNumber: string | null;
  /** REF*BLT institutional bill type. */
  billType: string | null;
  provider: PartyRef | null;
  /** The subscriber (X212 HL 22) or the patient (X214 HL PT, NM1*QC). */
  subscriber: PartyRef | null;
  /** The dependent patient (X212 HL 23). */
  patient: PartyRef | null;
  serviceDate: string | null;
  serviceDateEnd: string | null;
  statuses: ClaimStatus[];
  lines: ParsedStatusLine277[];
}

export interface LevelStatus277 {
  /** information_receiver (2200B) or provider (2200C). */
  level: 'information_receiver' | 'provider';
  entity: PartyRef | null;
  /** TRN02 of the level, when given. */
  traceNumber: string | null;
  statuses: ClaimStatus[];
}

export interface Transaction277 extends TransactionHeader {
  type: '277';
  /** From ST03/GS08: X214 claim acknowledgment (277CA), X212 claim status response. */
  variant: 'claim-acknowledgment' | 'claim-status' | 'unknown';
  /** BHT03 reference and BHT06 (TH acknowledgment, DG response). */
  referenceId: string | null;
  informationSource: PartyRef | null;
  informationReceiver: PartyRef | null;
  /** Statuses at the information receiver and provider levels (e.g. the whole batch accepted). */
  levelStatuses: LevelStatus277[];
  claims: ParsedClaimStatus277[];
}
