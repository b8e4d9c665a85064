// Shaping reporting rows into chart series. Pure functions so the sums are tested, not eyeballed.
export type Row = Record<string, unknown>;

/** Sums `fields` per UTC day of `dateField`, for the last `days` days (empty days included, oldest first). */
export function sumByDay(rows: Row[], dateField: string, fields: string[], days: number, now: Date = new Date()): Row[] {
  const out = new Map<string, Row>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10);
    out.set(day, Object.fromEntries([['day', day.slice(5)], ...fields.map((f) => [f, 0])]));
  }
  for (const row of rows) {
    const raw = row[dateField];
    if (typeof raw !== 'string') continue;
    const bucket = out.get(raw.slice(0, 10));
    if (!bucket) continue;
    for (const field of fields) bucket[field] = (bucket[field] as number) + Number(row[field] ?? 0);
  }
  return [...out.values()];
}

/** One row per `rowKey` value with a column per `columnKey` value holding the summed `valueKey`. */
export function pivot(rows: Row[], rowKey: string, columnKey: string, valueKey: string): { data: Row[]; columns: string[] } {
  const columns: string[] = [];
  const byRow = new Map<string, Row>();
  for (const row of rows) {
    const r = String(row[rowKey] ?? '—');
    const c = String(row[columnKey] ?? '—');
    if (!columns.includes(c)) columns.push(c);
    const target = byRow.get(r) ?? { [rowKey]: r };
    target[c] = Number(target[c] ?? 0) + Number(row[valueKey] ?? 0);
    byRow.set(r, target);
  }
  for (const target of byRow.values()) for (const c of columns) target[c] ??= 0;
  return { data: [...byRow.values()].sort((a, b) => String(a[rowKey]).localeCompare(String(b[rowKey]))), columns };
}

export const AGING_BUCKETS = ['0–30 days', '31–60 days', '61–90 days', '91–120 days', 'over 120 days'] as const;

export function agingBucket(days: number): (typeof AGING_BUCKETS)[number] {
  if (days <= 30) return AGING_BUCKETS[0];
  if (days <= 60) return AGING_BUCKETS[1];
  if (days <= 90) return AGING_BUCKETS[2];
  if (days <= 120) return AGING_BUCKETS[3];
  return AGING_BUCKETS[4];
}

/** Unbilled charges (validated or new, not yet on a claim) by age bucket: amount and count. */
export function unbilledAging(rows: { unbilledAgeDays: number | null; unbilledAmount: string | number | null; unbilledCount: number | null }[]): Row[] {
  const buckets = AGING_BUCKETS.map((bucket) => ({ bucket, amount: 0, count: 0 }));
  for (const row of rows) {
    if (!row.unbilledCount || row.unbilledAgeDays === null) continue;
    const target = buckets.find((b) => b.bucket === agingBucket(row.unbilledAgeDays!))!;
    target.amount += Number(row.unbilledAmount ?? 0);
    target.count += row.unbilledCount;
  }
  return buckets.map((b) => ({ ...b, amount: Math.round(b.amount * 100) / 100 }));
}

export interface CleanClaimRow { payerCode: string | null; submittedCount: number | null; cleanCount: number | null; deniedCount: number | null; rejectedCount: number | null; awaitingCount: number | null }
export interface CleanClaimTotal { payerCode: string; submitted: number; clean: number; denied: number; rejected: number; awaiting: number; ratePct: number | null }

/** The clean-claim view's months summed per payer; the rate is clean of submitted, one decimal. */
export function cleanClaimTotals(rows: readonly CleanClaimRow[]): CleanClaimTotal[] {
  const byPayer = new Map<string, CleanClaimTotal>();
  for (const row of rows) {
    const code = row.payerCode ?? '—';
    const t = byPayer.get(code) ?? { payerCode: code, submitted: 0, clean: 0, denied: 0, rejected: 0, awaiting: 0, ratePct: null };
    t.submitted += row.submittedCount ?? 0;
    t.clean += row.cleanCount ?? 0;
    t.denied += row.deniedCount ?? 0;
    t.rejected += row.rejectedCount ?? 0;
    t.awaiting += row.awaitingCount ?? 0;
    byPayer.set(code, t);
  }
  for (const t of byPayer.values()) t.ratePct = t.submitted === 0 ? null : Math.round((1000 * t.clean) / t.submitted) / 10;
  return [...byPayer.values()].sort((a, b) => a.payerCode.localeCompare(b.payerCode));
}

export interface PaymentDayRow { paymentDay: string | null; paymentMethod: string | null; paymentAmount: string | null }

/** Payment amounts per payment date (oldest first, the latest `days` dates that had payments), one column per method. */
export function paymentsByDay(rows: readonly PaymentDayRow[], days: number): { data: Row[]; columns: string[] } {
  const dated = rows.filter((r) => r.paymentDay !== null);
  const keep = new Set([...new Set(dated.map((r) => r.paymentDay as string))].sort().slice(-days));
  const table = pivot(dated.filter((r) => keep.has(r.paymentDay as string)).map((r) => ({ paymentDay: r.paymentDay, paymentMethod: r.paymentMethod ?? 'other', paymentAmount: r.paymentAmount })), 'paymentDay', 'paymentMethod', 'paymentAmount');
  return table;
}
