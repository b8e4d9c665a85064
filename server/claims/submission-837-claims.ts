// The claims of a submission as Claim837 (x12/claim-837.ts), in the order submit_claims numbered
// them into transaction sets: one cursor over billing_private.submission_837_claim_records, one
// packed text value per claim (its fields and its lines' fields, joined by control characters:
// see that function), split here. Reading flat rows cost over half of the Node CPU of a
// 100,000-claim file in the driver alone (a string per field, 6.3 million of them, and array
// parsing); building one nested JSON document per claim in SQL was four fifths of the time.
// Each next batch is fetched while the current one is written, so Postgres and Node work at once.
// A second cursor, over submission_837_cob_rows (same claim order), gives the claims to a
// secondary or tertiary payer the adjudication of the payers before (COB loops 2320/2330/2430).
import type { ClientBase } from 'pg';
import type { Claim837, OtherPayer837, ServiceLine837 } from '../../x12/claim-837.ts';

// Small batches: with the next one prefetched, every batch outlives a young-generation GC and is
// promoted; at 2,000 claims (6,000 lines) a 100,000-claim file grew RSS by 215-229 MB, at 250 by
// 168-170 MB, for the same CPU time.
const CLAIM_BATCH = 250;
const COB_BATCH = 250;
/** At most 12 diagnoses per claim (HI ABK + 11 ABF). */
const MAX_DIAGNOSES = 12;

/** Batches of rows of an open cursor, the next one fetched while the current one is used. */
async function* cursorBatches(client: ClientBase, cursor: string, batch: number): AsyncGenerator<unknown[][]> {
  const fetch = () => client.query<unknown[]>({ text: `fetch ${batch} from ${cursor}`, rowMode: 'array' }).then((r) => r.rows);
  let next: Promise<unknown[][]> | null = fetch();
  try {
    while (next) {
      const rows: unknown[][] = await next;
      next = rows.length === batch ? fetch() : null;
      if (rows.length) yield rows;
    }
  } finally {
    // Stopped early (the writer failed): let the fetch in flight settle quietly.
    await next?.catch(() => undefined);
  }
}

const FIELD = '\x1f';
const NULL = '\x1e';
const LINE = '\x1d';
const ITEM = '\x1c';

// Field positions in a claim's part of the record (submission_837_claim_records).
const claimCol = {
  claimId: 0, pcn: 1, frequency: 2, total: 3, npi: 4,
  facilityName: 5, taxId: 6, facilityLine: 7, facilityCity: 8, facilityState: 9, facilityZip: 10,
  payerName: 11, payerId: 12, filingIndicator: 13, priority: 14, relationship: 15,
  subscriberId: 16, groupNumber: 17, subLast: 18, subFirst: 19, subDob: 20, subGender: 21, subLine: 22, subCity: 23, subState: 24, subZip: 25,
  memLast: 26, memFirst: 27, memMiddle: 28, memDob: 29, memGender: 30, memLine: 31, memCity: 32, memState: 33, memZip: 34,
  replacedPayerClaimControlNumber: 35,
} as const;
const CLAIM_FIELDS = 36;
// Field positions in a line's part.
const lineCol = { procedure: 0, modifiers: 1, amount: 2, units: 3, serviceDate: 4, placeOfService: 5, diagnosisCodes: 6, diagnosisPointers: 7 } as const;
const LINE_FIELDS = 8;

type Row = (string | null)[];

/** A packed part's fields (NULL marks SQL NULL); the count is checked so that a stray separator in the data fails loudly. */
function fields(part: string, count: number, what: string): Row {
  const values: Row = part.split(FIELD);
  if (values.length !== count) throw new Error(`${what}: expected ${count} fields, got ${values.length} (a value contains a control character)`);
  for (let i = 0; i < count; i++) if (values[i] === NULL) values[i] = null;
  return values;
}

/** An array field: items joined by ITEM, the empty array as ''. */
function items(value: string | null): string[] {
  return value ? value.split(ITEM) : [];
}

const NO_ROWS: unknown[][] = [];

/** Rows of one cursor taken claim by claim: rows are in claim id order, and a claim may have none. */
class RowsByClaim {
  private rows: unknown[][] = [];
  private next = 0;
  private done = false;
  private readonly batches: AsyncGenerator<unknown[][]>;
  private readonly claimIdColumn: number;

  constructor(batches: AsyncGenerator<unknown[][]>, claimIdColumn: number) {
    this.batches = batches;
    this.claimIdColumn = claimIdColumn;
  }

  /**
   * The rows of claimId when the buffered batch holds all of them (no await: this runs for every
   * claim, and most claims have no COB rows at all), or null when the next batch is needed.
   */
  takeBuffered(claimId: unknown): unknown[][] | null {
    let end = this.next;
    while (end < this.rows.length && this.rows[end]![this.claimIdColumn] === claimId) end++;
    if (end === this.rows.length && !this.done) return null;
    if (end === this.next) return NO_ROWS;
    const out = this.rows.slice(this.next, end);
    this.next = end;
    return out;
  }

  /** The rows of claimId (the claim whose rows come next, if any). */
  async take(claimId: unknown): Promise<unknown[][]> {
    const out: unknown[][] = [];
    for (;;) {
      if (this.next === this.rows.length) {
        if (this.done) return out;
        const batch = await this.batches.next();
        if (batch.done) {
          this.done = true;
          return out;
        }
        this.rows = batch.value;
        this.next = 0;
      }
      if (this.rows[this.next]![this.claimIdColumn] !== claimId) return out;
      out.push(this.rows[this.next++]!);
    }
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
  }
}

/** The claim's diagnoses in order of first use over its lines (at most 12, without the dot) and each line's pointers into them. */
function claimFromRecord(record: string, cob: unknown[][]): Claim837 {
  const parts = record.split(LINE);
  const c = fields(parts[0]!, CLAIM_FIELDS, 'claim record');
  const lines: Row[] = [];
  for (let i = 1; i < parts.length; i++) if (parts[i] !== '') lines.push(fields(parts[i]!, LINE_FIELDS, `claim ${c[claimCol.pcn]} line ${i}`));
  const lineCodes = lines.map((l) => items(l[lineCol.diagnosisCodes]!));
  const position = new Map<string, number>();
  for (const codes of lineCodes) {
    for (const code of codes) if (!position.has(code)) position.set(code, position.size + 1);
  }
  const diagnoses: string[] = [];
  for (const [code, pos] of position) if (pos <= MAX_DIAGNOSES) diagnoses.push(code.replaceAll('.', ''));
  const serviceLines: ServiceLine837[] = lines.map((l, index) => {
    const codes = lineCodes[index]!;
    const pointers: number[] = [];
    for (const ptr of items(l[lineCol.diagnosisPointers]!)) {
      const code = codes[Number(ptr) - 1];
      const pos = code === undefined ? undefined : position.get(code);
      if (pos !== undefined && pos <= MAX_DIAGNOSES) pointers.push(pos);
    }
    return {
      procedure: l[lineCol.procedure] as string, modifiers: items(l[lineCol.modifiers]!), amount: l[lineCol.amount] as string,
      units: l[lineCol.units] as string, serviceDate: l[lineCol.serviceDate] as string, diagnosisPointers: pointers,
    };
  });
  const s = (i: number) => c[i] as string;
  const n = (i: number) => c[i] as string | null;
  const relationship = n(claimCol.relationship);
  const priority = Number(c[claimCol.priority]);
  const memberAddress = { line1: s(claimCol.memLine), city: s(claimCol.memCity), state: s(claimCol.memState), zip: s(claimCol.memZip) };
  const memberGender = s(claimCol.memGender) as 'M' | 'F' | 'U';
  return {
    patientControlNumber: s(claimCol.pcn),
    frequencyCode: s(claimCol.frequency) as Claim837['frequencyCode'],
    payerClaimControlNumber: n(claimCol.replacedPayerClaimControlNumber),
    totalAmount: s(claimCol.total),
    placeOfService: lines[0]?.[lineCol.placeOfService] as string,
    billingProvider: {
      npi: s(claimCol.npi), organisationName: s(claimCol.facilityName), ein: s(claimCol.taxId),
      address: { line1: s(claimCol.facilityLine), city: s(claimCol.facilityCity), state: s(claimCol.facilityState), zip: s(claimCol.facilityZip) },
    },
    payer: { name: s(claimCol.payerName), payerId: s(claimCol.payerId), claimFilingIndicator: s(claimCol.filingIndicator) as Claim837['payer']['claimFilingIndicator'] },
    payerResponsibility: priority === 1 ? 'P' : priority === 2 ? 'S' : 'T',
    subscriber: relationship === '18'
      ? { memberId: s(claimCol.subscriberId), groupNumber: n(claimCol.groupNumber), relationshipToPatient: '18', lastName: s(claimCol.memLast), firstName: s(claimCol.memFirst),
          middleName: n(claimCol.memMiddle), dob: s(claimCol.memDob), gender: memberGender, address: memberAddress }
      : { memberId: s(claimCol.subscriberId), groupNumber: n(claimCol.groupNumber), relationshipToPatient: relationship as string, lastName: s(claimCol.subLast),
          firstName: s(claimCol.subFirst), middleName: null, dob: s(claimCol.subDob), gender: (n(claimCol.subGender) ?? 'U') as 'M' | 'F' | 'U',
          address: { line1: s(claimCol.subLine), city: s(claimCol.subCity), state: s(claimCol.subState), zip: s(claimCol.subZip) } },
    patient: relationship !== null && relationship !== '18'
      ? { lastName: s(claimCol.memLast), firstName: s(claimCol.memFirst), middleName: n(claimCol.memMiddle), dob: s(claimCol.memDob), gender: memberGender, address: memberAddress }
      : null,
    diagnoses,
    lines: serviceLines,
    otherPayers: cob.length === 0 ? undefined : cob.map((row) => row[1] as OtherPayer837),
  };
}

/** The claims of a submission, in file order. Runs inside the caller's transaction (cursors need one). */
export async function* submission837Claims(client: ClientBase, tenantId: string, submissionId: string): AsyncGenerator<Claim837> {
  await client.query('declare claims_837 no scroll cursor for select * from billing_private.submission_837_claim_records($1, $2)', [tenantId, submissionId]);
  await client.query('declare cob_837 no scroll cursor for select * from billing_private.submission_837_cob_rows($1, $2)', [tenantId, submissionId]);
  const cob = new RowsByClaim(cursorBatches(client, 'cob_837', COB_BATCH), 0);
  try {
    for await (const records of cursorBatches(client, 'claims_837', CLAIM_BATCH)) {
      for (const [value] of records) {
        const record = value as string;
        const claimId = record.slice(0, record.indexOf(FIELD));
        yield claimFromRecord(record, cob.takeBuffered(claimId) ?? await cob.take(claimId));
      }
    }
  } finally {
    await cob.close();
  }
  await client.query('close claims_837; close cob_837');
}
