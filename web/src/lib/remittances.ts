// Shaping posted 835 data into what a biller reads on an EOB. Pure functions so the sums are
// tested, not eyeballed.

/** CLP02 (claim status code of the 835) in words. */
const CLAIM_STATUS: Record<string, string> = {
  '1': 'Processed as primary',
  '2': 'Processed as secondary',
  '3': 'Processed as tertiary',
  '4': 'Denied',
  '19': 'Processed as primary, forwarded to another payer',
  '20': 'Processed as secondary, forwarded to another payer',
  '21': 'Processed as tertiary, forwarded to another payer',
  '22': 'Reversal of previous payment',
  '23': 'Not our claim, forwarded to another payer',
  '25': 'Predetermination pricing only, no payment',
};

export function claimStatusText(code: string): string {
  return CLAIM_STATUS[code] ?? `Status ${code}`;
}

export interface AdjustmentIn {
  level: string;
  lineNumber: number | null;
  groupCode: string;
  reasonCode: string;
  amount: string;
  reasonDescription?: string | null;
  remarkCodes: (string | null)[];
  remarkDescriptions?: (string | null)[] | null;
}

export interface ServiceLineIn {
  lineNumber: number;
  procedureCode: string;
  modifiers: (string | null)[];
  originalProcedureCode: string | null;
  serviceDate: string | null;
  units: string | null;
  chargeAmount: string;
  allowedAmount: string | null;
  paidAmount: string;
  remarkCodes: (string | null)[];
  remarkDescriptions?: (string | null)[] | null;
}

export interface Remark { code: string; description: string | null }

export interface EobLine {
  lineNumber: number;
  procedure: string;
  originalProcedure: string | null;
  serviceDate: string | null;
  units: string | null;
  billed: number;
  /** AMT*B6 when the payer sent it; otherwise billed − contractual (CO/PI/OA) adjustments. */
  allowed: number;
  allowedReported: boolean;
  paid: number;
  adjustments: AdjustmentIn[];
  patientResponsibility: number;
  remarks: Remark[];
}

export interface Eob {
  lines: EobLine[];
  claimAdjustments: AdjustmentIn[];
  totals: { billed: number; allowed: number; paid: number; adjusted: number; patientResponsibility: number };
}

const cents = (value: string | number | null | undefined): number => Math.round(Number(value ?? 0) * 100);
const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);

export function remarksOf(codes: (string | null)[], descriptions: (string | null)[] | null | undefined): Remark[] {
  return codes.flatMap((code, i) => (code ? [{ code, description: descriptions?.[i] ?? null }] : []));
}

/** The EOB of one claim payment: per service line billed, allowed, paid, CAS and patient share; claim-level CAS apart. */
export function eobOf(lines: ServiceLineIn[], adjustments: AdjustmentIn[]): Eob {
  const eobLines = [...lines].sort((a, b) => a.lineNumber - b.lineNumber).map((line): EobLine => {
    const own = adjustments.filter((a) => a.level === 'LINE' && a.lineNumber === line.lineNumber);
    const patient = sum(own.filter((a) => a.groupCode === 'PR').map((a) => cents(a.amount)));
    const notAllowed = sum(own.filter((a) => a.groupCode !== 'PR').map((a) => cents(a.amount)));
    const allowed = line.allowedAmount !== null ? cents(line.allowedAmount) : cents(line.chargeAmount) - notAllowed;
    return {
      lineNumber: line.lineNumber,
      procedure: [line.procedureCode, ...line.modifiers.filter((m): m is string => Boolean(m))].join('-'),
      originalProcedure: line.originalProcedureCode,
      serviceDate: line.serviceDate,
      units: line.units,
      billed: cents(line.chargeAmount) / 100,
      allowed: allowed / 100,
      allowedReported: line.allowedAmount !== null,
      paid: cents(line.paidAmount) / 100,
      adjustments: own,
      patientResponsibility: patient / 100,
      remarks: remarksOf(line.remarkCodes, line.remarkDescriptions),
    };
  });
  const claimAdjustments = adjustments.filter((a) => a.level === 'CLAIM');
  const claimPatient = sum(claimAdjustments.filter((a) => a.groupCode === 'PR').map((a) => cents(a.amount)));
  return {
    lines: eobLines,
    claimAdjustments,
    totals: {
      billed: sum(eobLines.map((l) => cents(l.billed))) / 100,
      allowed: sum(eobLines.map((l) => cents(l.allowed))) / 100,
      paid: sum(eobLines.map((l) => cents(l.paid))) / 100,
      adjusted: sum(adjustments.map((a) => cents(a.amount))) / 100,
      patientResponsibility: (sum(eobLines.map((l) => cents(l.patientResponsibility))) + claimPatient) / 100,
    },
  };
}

/** "CO-45" */
export function adjustmentCode(a: Pick<AdjustmentIn, 'groupCode' | 'reasonCode'>): string {
  return `${a.groupCode}-${a.reasonCode}`;
}

/** The balancing equations a HELD remittance failed, one per item ("unbalanced, nothing posted: a; b"). */
export function failedEquations(reason: string | null | undefined): string[] {
  if (!reason) return [];
  const body = reason.replace(/^unbalanced, nothing posted:\s*/, '');
  return body.split('; ').map((s) => s.trim()).filter(Boolean);
}
