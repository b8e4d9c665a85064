// The claims of a submission as Claim837 (x12/claim-837.ts), in the order submit_claims numbered
// them into transaction sets: cursors over flat rows (billing_private.submission_837_claim_rows
// and submission_837_line_rows, both in claim id order) merged here, and a third one over the
// COB rows of the claims to a secondary or tertiary payer (submission_837_cob_rows, same order). Building one nested JSON
// document per claim in SQL cost four fifths of the time of a 100,000-claim file; flat rows
// with the claim's diagnoses worked out per claim here stream at the X12 writer's pace. Each
// next batch is fetched while the current one is written, so Postgres and Node work at once.
import type { ClientBase } from 'pg';
import type { Claim837, OtherPayer837, ServiceLine837 } from '../../x12/claim-837.ts';

// Small batches: with the next one prefetched, every batch outlives a young-generation GC and is
// promoted; at 2,000 claims (6,000 lines) a 100,000-claim file grew RSS by 215-229 MB, at 250 by
// 168-170 MB, for the same CPU time.
const CLAIM_BATCH = 250;
const LINE_BATCH = 750;
const COB_BATCH = 250;
/** At most 12 diagnoses per claim (HI ABK + 11 ABF). */
const MAX_DIAGNOSES = 12;

type Row = unknown[];

/** Batches of rows of an open cursor, the next one fetched while the current one is used. */
async function* cursorBatches(client: ClientBase, cursor: string, batch: number): AsyncGenerator<Row[]> {
  const fetch = () => client.query<Row>({ text: `fetch ${batch} from ${cursor}`, rowMode: 'array' }).then((r) => r.rows);
  let next: Promise<Row[]> | null = fetch();
  try {
    while (next) {
      const rows: Row[] = await next;
      next = rows.length === batch ? fetch() : null;
      if (rows.length) yield rows;
    }
  } finally {
    // Stopped early (the writer failed): let the fetch in flight settle quietly.
    await next?.catch(() => undefined);
  }
}

// Column positions of submission_837_claim_rows.
const claimCol = {
  claimId: 0, pcn: 1, frequency: 2, total: 3, npi: 4,
  facilityName: 5, taxId: 6, facilityLine: 7, facilityCity: 8, facilityState: 9, facilityZip: 10,
  payerName: 11, payerId: 12, filingIndicator: 13, priority: 14, relationship: 15,
  subscriberId: 16, groupNumber: 17, subLast: 18, subFirst: 19, subDob: 20, subGender: 21, subLine: 22, subCity: 23, subState: 24, subZip: 25,
  memLast: 26, memFirst: 27, memMiddle: 28, memDob: 29, memGender: 30, memLine: 31, memCity: 32, memState: 33, memZip: 34,
  replacedPayerClaimControlNumber: 35,
} as const;
// Column positions of submission_837_line_rows.
const lineCol = { claimId: 0, procedure: 1, modifiers: 2, amount: 3, units: 4, serviceDate: 5, placeOfService: 6, diagnosisCodes: 7, diagnosisPointers: 8 } as const;

const NO_ROWS: Row[] = [];

/** Rows of one cursor taken claim by claim: rows are in claim id order, and a claim may have none. */
class RowsByClaim {
  private rows: Row[] = [];
  private next = 0;
  private done = false;
  private readonly batches: AsyncGenerator<Row[]>;
  private readonly claimIdColumn: number;

  constructor(batches: AsyncGenerator<Row[]>, claimIdColumn: number) {
    this.batches = batches;
    this.claimIdColumn = claimIdColumn;
  }

  /**
   * The rows of claimId when the buffered batch holds all of them (no await: this runs for every
   * claim, and most claims have no COB rows at all), or null when the next batch is needed.
   */
  takeBuffered(claimId: unknown): Row[] | null {
    let end = this.next;
    while (end < this.rows.length && this.rows[end]![this.claimIdColumn] === claimId) end++;
    if (end === this.rows.length && !this.done) return null;
    if (end === this.next) return NO_ROWS;
    const out = this.rows.slice(this.next, end);
    this.next = end;
    return out;
  }

  /** The rows of claimId (the claim whose rows come next, if any). */
  async take(claimId: unknown): Promise<Row[]> {
    const out: Row[] = [];
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
function claimFromRows(c: Row, lines: Row[], cob: Row[]): Claim837 {
  const position = new Map<string, number>();
  for (const l of lines) {
    for (const code of l[lineCol.diagnosisCodes] as string[]) if (!position.has(code)) position.set(code, position.size + 1);
  }
  const diagnoses: string[] = [];
  for (const [code, pos] of position) if (pos <= MAX_DIAGNOSES) diagnoses.push(code.replaceAll('.', ''));
  const serviceLines: ServiceLine837[] = lines.map((l) => {
    const codes = l[lineCol.diagnosisCodes] as string[];
    const pointers: number[] = [];
    for (const ptr of l[lineCol.diagnosisPointers] as number[]) {
      const code = codes[ptr - 1];
      const pos = code === undefined ? undefined : position.get(code);
      if (pos !== undefined && pos <= MAX_DIAGNOSES) pointers.push(pos);
    }
    return {
      procedure: l[lineCol.procedure] as string, modifiers: l[lineCol.modifiers] as string[], amount: l[lineCol.amount] as string,
      units: l[lineCol.units] as string, serviceDate: l[lineCol.serviceDate] as string, diagnosisPointers: pointers,
    };
  });
  const s = (i: number) => c[i] as string;
  const n = (i: number) => c[i] as string | null;
  const relationship = n(claimCol.relationship);
  const priority = c[claimCol.priority] as number;
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
  await client.query('declare claims_837 no scroll cursor for select * from billing_private.submission_837_claim_rows($1, $2)', [tenantId, submissionId]);
  await client.query('declare lines_837 no scroll cursor for select * from billing_private.submission_837_line_rows($1, $2)', [tenantId, submissionId]);
  await client.query('declare cob_837 no scroll cursor for select * from billing_private.submission_837_cob_rows($1, $2)', [tenantId, submissionId]);
  const lines = new RowsByClaim(cursorBatches(client, 'lines_837', LINE_BATCH), lineCol.claimId);
  const cob = new RowsByClaim(cursorBatches(client, 'cob_837', COB_BATCH), 0);
  try {
    for await (const claims of cursorBatches(client, 'claims_837', CLAIM_BATCH)) {
      for (const claim of claims) {
        const claimId = claim[claimCol.claimId];
        yield claimFromRows(claim, lines.takeBuffered(claimId) ?? await lines.take(claimId), cob.takeBuffered(claimId) ?? await cob.take(claimId));
      }
    }
  } finally {
    await lines.close();
    await cob.close();
  }
  await client.query('close claims_837; close lines_837; close cob_837');
}
