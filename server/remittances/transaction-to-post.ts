// One parsed 835 transaction as billing.fn_post_remittance takes it, made where the X12 is read (a
// reader thread for a large file, server/x12-readers): the JSON text, the claims it names for
// postInFileOrder, and its own X12. Null members are left out of the text: the posting reads an absent member as
// null (jsonb_to_record, ->>), and the parsed shape is about one third nulls (drgCode, insured,
// originalProcedure, revenueCode, lineControlNumber, quantity...), which Postgres would otherwise
// parse into jsonb for every transaction. Plain data only: this module loads in a reader thread.

export interface TransactionToPost {
  /** The transaction as JSON text, null members left out. */
  json: string;
  /** "pcn:<CLP01>" and "icn:<CLP07>" of each CLP: the two ways a CLP finds our claim. */
  claimKeys: string[];
  /** Its own ST..SE in the file's envelope when the file carried several (x12/transaction-set-texts.ts);
   *  null: the file's text, as received. */
  x12: string | null;
}

interface ClaimKeys { claims?: Array<{ patientControlNumber?: unknown; payerClaimControlNumber?: unknown }> }

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

export function transactionToPost(transaction: unknown, x12: string | null = null): TransactionToPost {
  return { json: JSON.stringify(transaction, withoutNulls), claimKeys: claimKeysOf(transaction), x12 };
}
