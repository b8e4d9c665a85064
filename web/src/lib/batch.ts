// Ingestion batches (DESIGN.md): counters that must tie out, and error details as sentences.
export interface BatchCounters {
  total: number;
  processed: number;
  pending: number;
  success: number;
  error: number;
}

export interface TieOut {
  label: string;
  holds: boolean;
}

/** The manual's checks: total = processed + pending, processed = success + error, and at the end total = processed. */
export function tieOuts(batch: BatchCounters, finished: boolean): TieOut[] {
  const checks = [
    { label: `total ${batch.total} = processed ${batch.processed} + pending ${batch.pending}`, holds: batch.total === batch.processed + batch.pending },
    { label: `processed ${batch.processed} = success ${batch.success} + error ${batch.error}`, holds: batch.processed === batch.success + batch.error },
  ];
  if (finished) checks.push({ label: `finished: total ${batch.total} = processed ${batch.processed}`, holds: batch.total === batch.processed });
  return checks;
}

export function isBatchLive(status: string): boolean {
  return status === 'RECEIVING' || status === 'PENDING' || status === 'PROCESSING';
}

export interface ErrorDetail {
  code?: string;
  field?: string;
  value?: unknown;
  message?: string;
}

/** "DateOfBirth: INVALID_DATE (1981-02-29) — date of birth is not a real date" from a record's error_detail. */
export function describeErrorDetail(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return detail === null || detail === undefined ? '' : String(detail);
  const d = detail as ErrorDetail;
  const head = [d.field, d.code].filter(Boolean).join(': ');
  const value = d.value === null || d.value === undefined || d.value === '' ? '' : ` (${String(d.value)})`;
  const message = d.message ? `${head ? ' — ' : ''}${d.message}` : '';
  return `${head}${value}${message}` || JSON.stringify(detail);
}

/** A record's data as "Key=value, Key=value" for the error table. */
export function summariseRecord(data: unknown, max = 6): string {
  if (!data || typeof data !== 'object') return '';
  const entries = Object.entries(data as Record<string, unknown>);
  const shown = entries.slice(0, max).map(([key, value]) => `${key}=${value === null || value === undefined ? '' : String(value)}`);
  return entries.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Idempotency key fields typed as "ServiceDate, MemberId". */
export function parseKeyFields(text: string): string[] {
  return text.split(',').map((field) => field.trim()).filter(Boolean);
}
