// The parsed shape of a 005010X212 276 claim status request (what the sandbox partner reads
// to answer with a 277). One entry per claim asked about (each 2200D/E TRN).

export interface Party276 {
  name: string;
  firstName: string | null;
  idQualifier: string | null;
  id: string | null;
}

export interface ClaimStatusInquiry276 {
  /** TRN02: the requester's trace number, echoed in the 277's TRN*2. */
  traceNumber: string;
  /** REF*EJ: our patient control number (CLM01). */
  patientControlNumber: string | null;
  /** REF*1K: the payer's claim control number. */
  payerClaimControlNumber: string | null;
  /** AMT*T3 total claim charge, decimal string. */
  chargeAmount: string | null;
  /** DTP*472 (D8 or RD8), YYYY-MM-DD. */
  serviceDate: string | null;
  serviceDateEnd: string | null;
  provider: Party276 | null;
  subscriber: Party276 | null;
  /** 2100E NM1*QC when the patient is a dependent; null when the patient is the subscriber. */
  dependent: Party276 | null;
}

export interface Transaction276 {
  type: '276';
  controlNumber: string;
  implementationReference: string | null;
  groupControlNumber: string | null;
  /** BHT03 */
  referenceId: string | null;
  payer: Party276 | null;
  informationReceiver: Party276 | null;
  inquiries: ClaimStatusInquiry276[];
}
