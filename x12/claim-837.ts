// Input types of the 005010X222A1 837P writer (build-837p.ts). The claims-out side produces one
// Claim837 per claim as jsonb from SQL, so everything here is JSON: strings, no Dates, amounts
// as decimal strings ("125.00"), dates as YYYY-MM-DD.

/** The interchange around a submission: ISA/GS envelope plus the 1000A submitter and 1000B receiver. */
export interface Interchange837Header {
  /** ISA05/ISA06 (id at most 15 characters; also GS02 unless applicationId is given). */
  sender: { qualifier: string; id: string; applicationId?: string };
  /** ISA07/ISA08 (id at most 15 characters; also GS03 unless applicationId is given). */
  receiver: { qualifier: string; id: string; applicationId?: string };
  /** ISA13, 1..999999999: unique per trading partner, never reused (a re-send keeps it). */
  interchangeControlNumber: number;
  /** GS06, 1..999999999. */
  groupControlNumber: number;
  /** ST02 of the first transaction set; the next sets count up from it. Defaults to 1. */
  firstTransactionControlNumber?: number;
  /** ISA15: T test, P production. */
  usage: 'T' | 'P';
  /** ISA09/10, GS04/05, BHT04/05: ISO 8601 timestamp (UTC). A re-send passes the original one. */
  createdAt: string;
  /** BHT03 originator's reference; defaults to the interchange control number. */
  batchReference?: string;
  /** ISA14: ask for a TA1. Defaults to true (CORE batch partners answer with TA1/999). */
  acknowledgmentRequested?: boolean;
  /** 1000A: NM1*41 (organisation), PER*IC with at least one of phone/email. */
  submitter: {
    name: string;
    /** NM109 (46 qualifier): the id the receiver assigned to us. */
    id: string;
    contact: { name: string; phone?: string; email?: string };
  };
  /** 1000B: NM1*40 (46 qualifier). */
  receiver1000B: { name: string; id: string };
}

export interface Address837 {
  line1: string;
  line2?: string | null;
  city: string;
  /** Two-letter state code. */
  state: string;
  /** 5 or 9 digits; the billing provider and the service facility need all 9. */
  zip: string;
}

/** Claim filing indicator (SBR09): MB Medicare Part B, MC Medicaid, CI commercial, BL BCBS, HM HMO, ... */
export type ClaimFilingIndicator =
  | '11' | '12' | '13' | '14' | '15' | '16' | '17' | 'AM' | 'BL' | 'CH' | 'CI' | 'DS' | 'FI' | 'HM' | 'LM' | 'MA' | 'MB' | 'MC'
  | 'OF' | 'TV' | 'VA' | 'WC' | 'ZZ';

export interface Subscriber837 {
  /** NM109 (MI). */
  memberId: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  /** YYYY-MM-DD */
  dob: string;
  gender: 'M' | 'F' | 'U';
  address: Address837;
  /** Individual relationship code of the patient to the subscriber: 18 self, 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other. */
  relationshipToPatient: string;
  /** SBR03 group number, when the plan has one. */
  groupNumber?: string | null;
}

export interface Patient837 {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  dob: string;
  gender: 'M' | 'F' | 'U';
  address: Address837;
}

export interface ServiceLine837 {
  /** HCPCS/CPT code (SV101-2). */
  procedure: string;
  /** Up to 4 modifiers (SV101-3..6). */
  modifiers?: string[];
  /** Line charge, decimal string. */
  amount: string;
  /** Units (SV104), a decimal string or number-like string, e.g. "1". */
  units: string;
  /** 1-based pointers into Claim837.diagnoses (SV107), 1 to 4 of them. */
  diagnosisPointers: number[];
  /** YYYY-MM-DD (DTP*472). */
  serviceDate: string;
}

export interface Claim837 {
  /** CLM01, at most 20 characters: what 277CA and 835 answers come back with. */
  patientControlNumber: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequencyCode: '1' | '7' | '8';
  /** REF*F8: the payer's claim control number of the claim being replaced/voided (required for 7 and 8). */
  payerClaimControlNumber?: string | null;
  /** CLM02, decimal string; must equal the sum of the lines. */
  totalAmount: string;
  /** CLM05-1, two digits (11 office, 22 outpatient hospital, ...). */
  placeOfService: string;
  billingProvider: {
    npi: string;
    organisationName: string;
    /** 9 digits, no dash (REF*EI). */
    ein: string;
    address: Address837;
    /** PRV*BI*PXC taxonomy, optional. */
    taxonomy?: string | null;
  };
  payer: {
    name: string;
    /** NM109 (PI): the payer's electronic payer id. */
    payerId: string;
    claimFilingIndicator: ClaimFilingIndicator;
  };
  /** SBR01: P primary, S secondary, T tertiary. */
  payerResponsibility: 'P' | 'S' | 'T';
  subscriber: Subscriber837;
  /** 2000C/2010CA, only when the patient is not the subscriber (relationshipToPatient is not 18). */
  patient?: Patient837 | null;
  /** ICD-10-CM codes without the dot; the first is the principal (ABK), the rest ABF; 1 to 12. */
  diagnoses: string[];
  /** 2310B, only when the rendering provider is not the billing provider. */
  renderingProvider?: { npi: string; lastName: string; firstName: string; taxonomy?: string | null } | null;
  /** 2310C, only when the service location differs from the billing provider's address. */
  serviceFacility?: { name: string; npi?: string | null; address: Address837 } | null;
  /** 1 to 50 service lines. */
  lines: ServiceLine837[];
  /**
   * Coordination of benefits: the payers that adjudicated this claim before the one it is sent
   * to (loops 2320/2330A/2330B, and 2430 per line), in order of responsibility. Required on a
   * claim to a secondary or tertiary payer (payerResponsibility S or T), empty otherwise.
   */
  otherPayers?: OtherPayer837[];
}

/** One CAS triple: group (CO, CR, OA, PI, PR), CARC, amount (decimal string), quantity. */
export interface Adjustment837 {
  group: 'CO' | 'CR' | 'OA' | 'PI' | 'PR';
  reason: string;
  amount: string;
  quantity?: string | null;
}

/** How another payer adjudicated one service line (loop 2430). */
export interface LineAdjudication837 {
  /** 1-based index into Claim837.lines of the line this adjudicates. */
  lineNumber: number;
  /** SVD02: what the other payer paid on the line (0 when it paid nothing). */
  paidAmount: string;
  /** SVD03: the procedure (and modifiers) as the other payer adjudicated it. */
  procedure: string;
  modifiers?: string[];
  /** SVD05: units the other payer paid. */
  units: string;
  /** 2430 CAS: the line's adjustments. Per line: line amount = paidAmount + sum of these. */
  adjustments: Adjustment837[];
}

/** A payer that adjudicated the claim before the destination payer (2320, 2330A, 2330B, 2430). */
export interface OtherPayer837 {
  /** 2320 SBR01: the other payer's place in the order (P primary, S secondary, T tertiary). */
  payerResponsibility: 'P' | 'S' | 'T';
  /** 2320 SBR02: the patient's relationship to the other subscriber (18 self, 01 spouse, 19 child, ...). */
  relationshipToPatient: string;
  /** 2320 SBR03. */
  groupNumber?: string | null;
  /** 2320 SBR09. */
  claimFilingIndicator: ClaimFilingIndicator;
  /** 2330A NM1*IL (MI = the other subscriber's member id). */
  subscriber: { memberId: string; lastName: string; firstName?: string | null; middleName?: string | null };
  /** 2330B NM1*PR (PI = the other payer's electronic id, also SVD01 of its 2430 loops). */
  payer: { name: string; payerId: string };
  /** 2330B REF*F8: the other payer's claim control number (CLP07 of its 835). */
  payerClaimControlNumber?: string | null;
  /**
   * What the other payer's 835 said; null when it adjudicated outside EDI (no amounts are then
   * written: the 2320 carries SBR and OI only).
   */
  adjudication: {
    /** YYYY-MM-DD: the check or remittance date (2430 DTP*573, or 2330B DTP*573 without lines). */
    date: string;
    /** 2320 AMT*D: what it paid on the claim. */
    paidAmount: string;
    /** 2320 AMT*EAF: what the patient still owes after it (its PR adjustments). */
    remainingPatientLiability?: string | null;
    /** 2320 CAS: claim-level adjustments. */
    adjustments: Adjustment837[];
    /** 2430 per line it adjudicated; CLM02 = paidAmount + all claim and line adjustments. */
    lines: LineAdjudication837[];
  } | null;
}
