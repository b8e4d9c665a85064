// The parsed shape of one 005010X221A1 835 transaction (health care claim payment/advice),
// as `npm run -s x12 -- parse FILE` prints it and as the money-back SQL posts it.
// JSON-friendly on purpose: amounts are decimal strings exactly as sent ("-12.5" stays
// "-12.5"; SQL casts to numeric), dates are YYYY-MM-DD, absent values are null.
// The builder (build-835.ts) takes the same shape, so a parsed 835 rebuilds.

export interface Adjustment835 {
  /** CAS01 claim adjustment group code: CO, PR, OI, PI, CR. */
  group: string;
  /** CAS02/05/08/11/14/17 CARC. */
  reason: string;
  /** Decimal string; negative for reversals of an adjustment. */
  amount: string;
  /** CAS04/07/... units adjusted, or null. */
  quantity: string | null;
}

export interface Remark835 {
  /** MIA (inpatient) or MOA (outpatient) or LQ (service line). */
  source: 'MIA' | 'MOA' | 'LQ';
  /** RARC, e.g. N130 (MIA/MOA amounts are not kept: nothing posts them). */
  code: string;
}

export interface Name835 {
  /** NM101: QC patient, IL insured, 74 corrected patient/insured, 82 rendering provider, TT crossover carrier. */
  entityId: string;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  idQualifier: string | null;
  id: string | null;
}

export interface Date835 {
  /** DTM01, e.g. 232 claim statement period start, 233 end, 472 service, 036 coverage expiration, 050 received. */
  qualifier: string;
  date: string;
}

export interface Amount835 {
  /** AMT01, e.g. AU coverage, B6 allowed, I interest. */
  qualifier: string;
  amount: string;
}

export interface Procedure835 {
  /** SVC01-1 / SVC06-1 product/service id qualifier: HC (HCPCS/CPT), AD, ER, HP, IV, N4, NU, WK. */
  qualifier: string;
  code: string;
  modifiers: string[];
  description: string | null;
}

export interface Service835 {
  procedure: Procedure835;
  /** Convenience copy of procedure.modifiers (the flat shape). */
  modifiers: string[];
  /** SVC06, when the payer adjudicated a different code than the one billed. */
  originalProcedure: Procedure835 | null;
  /** SVC02 */
  chargeAmount: string;
  /** SVC03 */
  paymentAmount: string;
  /** SVC04 revenue code (institutional), or null. */
  revenueCode: string | null;
  /** SVC05 units paid (default 1 per the guide when absent: kept null). */
  units: string | null;
  /** SVC07 original units billed, when different. */
  originalUnits: string | null;
  /** REF*6R: the line item control number we sent in the 837 (REF*6R in 2400). */
  lineControlNumber: string | null;
  /** DTM*472 (or 150/151 range) as YYYY-MM-DD; `dates` has all of them. */
  serviceDate: string | null;
  serviceDateEnd: string | null;
  dates: Date835[];
  /** AMT*B6 */
  allowedAmount: string | null;
  amounts: Amount835[];
  adjustments: Adjustment835[];
  /** LQ*HE remark codes (RARC). */
  remarks: string[];
}

export interface Claim835 {
  /** CLP01: our patient control number (CLM01 of the 837). */
  patientControlNumber: string;
  /** CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 19/20/21 processed and forwarded, 22 reversal, 23 not our claim... */
  status: string;
  /** CLP03 */
  chargeAmount: string;
  /** CLP04 */
  paymentAmount: string;
  /** CLP05, or null. */
  patientResponsibility: string | null;
  /** CLP06 claim filing indicator: 12 PPO, MB Medicare B, MC Medicaid, CI commercial... */
  filingIndicator: string | null;
  /** CLP07 payer claim control number (ICN); REF*F8 of a corrected 837 carries it back. */
  payerClaimControlNumber: string | null;
  /** CLP08 facility code, CLP09 frequency code. */
  facilityCode: string | null;
  frequencyCode: string | null;
  /** CLP11 DRG code, or null. */
  drgCode: string | null;
  patient: Name835 | null;
  insured: Name835 | null;
  corrected: Name835 | null;
  renderingProvider: Name835 | null;
  /** NM1*TT: the payer this claim was crossed over to (CLP02 19/20). */
  crossover: Name835 | null;
  /** RARCs of MIA (05, 20-23) or MOA (03-07) with where they came from. */
  remarks: Remark835[];
  dates: Date835[];
  /** REF at claim level (1L group, EA medical record, F8 original reference, ...). */
  references: { qualifier: string; value: string }[];
  /** Claim-level AMT*B6 if a payer sends one (5010 claim AMT is AU, D8, DY, F5, I, NL, T, T2, ZK..ZN: see `amounts`). */
  allowedAmount: string | null;
  amounts: Amount835[];
  adjustments: Adjustment835[];
  services: Service835[];
  /** LX01 header number this claim belongs to, or null. */
  headerNumber: string | null;
}

export interface ProviderAdjustment835 {
  /** PLB03-1 etc.: L6 interest, FB forwarding balance, WO overpayment recovery, 72 authorized return, J1 nonreimbursable, ... */
  reason: string;
  /** PLB03-2: the reference (e.g. the claim's ICN for a recoupment), or null. */
  reference: string | null;
  /** PLB04 etc. Positive amounts reduce the payment; negative ones (interest L6) add to it. */
  amount: string;
  /** PLB01 provider identifier and PLB02 fiscal period date. */
  providerId: string;
  fiscalPeriodDate: string | null;
}

export interface Payment835 {
  /** BPR02 total actual provider payment. */
  amount: string;
  /** BPR04: CHK check, ACH, BOP, FWT wire, NON non-payment. */
  method: string;
  /** BPR03: C credit, D debit. */
  creditDebit: string;
  /** BPR01: C payment accompanies remittance, D make payment only, H notification only, I remittance information only, P prenotification, U split, X handling. */
  handlingCode: string;
  /** BPR16 check issue or EFT effective date. */
  date: string | null;
  /** TRN02 check or EFT trace number (with the payer's TRN03 originator id, the idempotency key). */
  traceNumber: string;
  /** TRN03 payer identifier ("1" + EIN usually). */
  payerIdentifier: string;
}

export interface Transaction835 {
  type: '835';
  controlNumber: string;
  implementationReference: string | null;
  groupControlNumber: string | null;
  payment: Payment835;
  /** REF*EV receiver id, REF*F2 version, DTM*405 production date. */
  productionDate: string | null;
  payer: { name: string; id: string | null; idQualifier: string | null };
  payee: { name: string; npi: string | null; idQualifier: string | null; id: string | null; taxId: string | null };
  claims: Claim835[];
  providerAdjustments: ProviderAdjustment835[];
}
