// One parsed 835 transaction as the posting takes it (billing.fn_post_remittance_columns), made
// where the X12 is read (a reader thread for a large file, server/x12-readers): its head as JSON
// text, its CLPs, SVCs and CASs as columns (Postgres array literals), the claims it names for
// postInFileOrder, and its own X12. Postgres stages arrays at about a third of the CPU it spends
// parsing the same claims as jsonb and walking them (docs/remittances.md). The claims' JSON, which
// the unmatched queue keeps for a CLP that matches no claim, is not made here: 2 MB per 1,000
// claims to stringify, clone to the event loop and send, for a posting that nearly never needs
// it; server/remittances/post-transaction.ts reads it again from the X12 when the posting asks.
// Each column holds what billing_private.stage_remittance reads from the JSON for the same field
// (remark codes of {source, code} objects or strings, SVC01's code, DTM*472 or `date`, NM1*TT's
// last name or `name`), so both ways stage the same rows. Plain data only: this module loads in a
// reader thread.

export interface TransactionToPost {
  /** The transaction without its claims as JSON text (payment, payer, payee, PLBs...), null members left out. */
  head: string;
  /** The clp_, svc_ and cas_ arguments of billing.fn_post_remittance_columns, in its order, as array literals. */
  columns: string[];
  /** "pcn:<CLP01>" and "icn:<CLP07>" of each CLP: the two ways a CLP finds our claim. */
  claimKeys: string[];
  /** Its own ST..SE in the file's envelope when the file carried several (x12/transaction-set-texts.ts);
   *  null: the file's text, as received. */
  x12: string | null;
}

interface ClaimKeys { claims?: Array<{ patientControlNumber?: unknown; payerClaimControlNumber?: unknown }> }
type Json = Record<string, unknown>;
type Cell = string | number | null;

const withoutNulls = (_key: string, value: unknown): unknown => (value === null ? undefined : value);

export function claimKeysOf(transaction: unknown): string[] {
  const keys = new Set<string>();
  const claims = (transaction as ClaimKeys | null)?.claims;
  if (Array.isArray(claims)) {
    for (const clp of claims) {
      if (typeof clp?.patientControlNumber === 'string') keys.add(`pcn:${clp.patientControlNumber.trim()}`);
      if (typeof clp?.payerClaimControlNumber === 'string') keys.add(`icn:${clp.payerClaimControlNumber.trim()}`);
    }
  }
  return [...keys];
}

/** A Postgres array literal of text or numbers; every string quoted, so "NULL" stays a string. */
export function arrayLiteral(values: readonly Cell[]): string {
  if (values.length === 0) return '{}';
  const items = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) items[i] = 'NULL';
    else if (typeof value === 'number') items[i] = String(value);
    else if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) items[i] = `"${value}"`;
    else items[i] = `"${value.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `{${items.join(',')}}`;
}

/** A member as the JSON path's ->> reads it: strings as they are, numbers and booleans as text, absent as null. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const objectOf = (value: unknown): Json | null => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : null);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Remark codes (strings, or {source, code} objects) as an array literal; '{}' for none. */
function remarkCodes(value: unknown): string {
  const codes = listOf(value).map((remark) => (objectOf(remark) ? text(objectOf(remark)!.code) : text(remark)));
  return codes.length === 0 ? '{}' : arrayLiteral(codes);
}

/** SVC01 or SVC06: the procedure's code (a bare string is the code itself). */
function procedureCode(value: unknown): string | null {
  const procedure = objectOf(value);
  return procedure ? text(procedure.code) : text(value);
}

export function transactionColumns(transaction: unknown): string[] {
  const clp = { pcn: [] as Cell[], status: [] as Cell[], charge: [] as Cell[], paid: [] as Cell[], filing: [] as Cell[], icn: [] as Cell[],
    crossoverName: [] as Cell[], crossoverId: [] as Cell[], remarks: [] as Cell[] };
  const svc = { seq: [] as Cell[], line: [] as Cell[], procedure: [] as Cell[], modifiers: [] as Cell[], original: [] as Cell[], charge: [] as Cell[],
    paid: [] as Cell[], units: [] as Cell[], date: [] as Cell[], allowed: [] as Cell[], remarks: [] as Cell[] };
  const cas = { seq: [] as Cell[], line: [] as Cell[], ord: [] as Cell[], group: [] as Cell[], reason: [] as Cell[], amount: [] as Cell[], quantity: [] as Cell[] };
  listOf(objectOf(transaction)?.claims).forEach((value, index) => {
    const claim = objectOf(value) ?? {};
    const seq = index + 1;
    let ord = 0;
    const adjustment = (adjustmentValue: unknown, line: number | null) => {
      const a = objectOf(adjustmentValue) ?? {};
      cas.seq.push(seq); cas.line.push(line); cas.ord.push(++ord); cas.group.push(text(a.group)); cas.reason.push(text(a.reason));
      cas.amount.push(text(a.amount)); cas.quantity.push(text(a.quantity));
    };
    const crossover = objectOf(claim.crossover);
    clp.pcn.push(text(claim.patientControlNumber)); clp.status.push(text(claim.status)); clp.charge.push(text(claim.chargeAmount));
    clp.paid.push(text(claim.paymentAmount)); clp.filing.push(text(claim.filingIndicator)); clp.icn.push(text(claim.payerClaimControlNumber));
    clp.crossoverName.push(crossover ? text(crossover.lastName) ?? text(crossover.name) : null); clp.crossoverId.push(crossover ? text(crossover.id) : null);
    clp.remarks.push(remarkCodes(claim.remarks));
    for (const a of listOf(claim.adjustments)) adjustment(a, null);
    listOf(claim.services).forEach((serviceValue, s) => {
      const service = objectOf(serviceValue) ?? {};
      const line = s + 1;
      svc.seq.push(seq); svc.line.push(line); svc.procedure.push(procedureCode(service.procedure));
      svc.modifiers.push(Array.isArray(service.modifiers) ? arrayLiteral(service.modifiers.map(text)) : null);
      svc.original.push(procedureCode(service.originalProcedure)); svc.charge.push(text(service.chargeAmount)); svc.paid.push(text(service.paymentAmount));
      svc.units.push(text(service.units)); svc.date.push(text(service.serviceDate) ?? text(service.date)); svc.allowed.push(text(service.allowedAmount));
      svc.remarks.push(remarkCodes(service.remarks));
      for (const a of listOf(service.adjustments)) adjustment(a, line);
    });
  });
  return [...Object.values(clp), ...Object.values(svc), ...Object.values(cas)].map(arrayLiteral);
}

export function transactionToPost(transaction: unknown, x12: string | null = null): TransactionToPost {
  const { claims: _claims, ...head } = (objectOf(transaction) ?? {}) as Json;
  return { head: JSON.stringify(head, withoutNulls), columns: transactionColumns(transaction), claimKeys: claimKeysOf(transaction), x12 };
}

/** The call of billing.fn_post_remittance_columns for one transaction (the tenant: the caller's, or
 *  `tenantId`); `claims`, its claims as JSON, only when the posting asked for them. */
export function postingQuery(transaction: TransactionToPost, claims: string | null, x12: string, source: string, tenantId?: string): { text: string; values: unknown[] } {
  const values = [transaction.head, claims, ...transaction.columns, x12, source, ...(tenantId ? [tenantId] : [])];
  return { text: `select * from billing.fn_post_remittance_columns(${values.map((_, i) => `$${i + 1}`).join(', ')})`, values };
}
