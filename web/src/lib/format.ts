// Dates, times, durations and amounts as operators read them. Times are shown in UTC (cron runs in UTC).
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** "in 3h 04m 05s", "in 42s", "due now". Fixed-width parts so a ticking countdown does not jump. */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return 'due now';
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `in ${days}d ${pad(hours)}h ${pad(minutes)}m`;
  if (hours > 0) return `in ${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `in ${minutes}m ${pad(seconds)}s`;
  return `in ${seconds}s`;
}

/** "3 min ago", "2 h ago", "just now". */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const ms = now - new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  if (ms < 45_000) return 'just now';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} days ago`;
}

export function formatDuration(fromIso: string | null | undefined, toIso: string | null | undefined, now: number = Date.now()): string {
  if (!fromIso) return '—';
  const ms = (toIso ? new Date(toIso).getTime() : now) - new Date(fromIso).getTime();
  if (Number.isNaN(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatMoney(amount: string | number | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const value = Number(amount);
  if (Number.isNaN(value)) return String(amount);
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
}

export function formatCount(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return Number(value).toLocaleString('en-US');
}

/** Percentage 0..100 of done out of total, never NaN. */
export function percent(done: number, total: number): number {
  if (!total || total <= 0) return 0;
  return Math.min(100, Math.max(0, (done / total) * 100));
}
