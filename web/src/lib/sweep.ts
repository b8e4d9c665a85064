// Sweep runs and their members (DESIGN.md state machines): what is live, what is finished, and the
// segments of the progress bar. Segment widths come from the counters, so they always add up.
export const TERMINAL_RUN_STATUSES = ['COMPLETED', 'CANCELLED', 'FAILED'] as const;

export function isRunLive(status: string): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

export interface RunCounters {
  totalMembers: number;
  queuedCount: number;
  submittedCount: number;
  receivedCount: number;
  failedCount: number;
  skippedCount: number;
}

export interface ProgressSegment {
  key: 'received' | 'failed' | 'skipped' | 'submitted';
  label: string;
  count: number;
  percent: number;
  color: string;
}

export function progressSegments(run: RunCounters): ProgressSegment[] {
  const total = Math.max(run.totalMembers, run.queuedCount + run.submittedCount + run.receivedCount + run.failedCount + run.skippedCount);
  const pct = (n: number) => (total > 0 ? (n / total) * 100 : 0);
  return [
    { key: 'received' as const, label: 'Received', count: run.receivedCount, percent: pct(run.receivedCount), color: 'teal' },
    { key: 'failed' as const, label: 'Failed', count: run.failedCount, percent: pct(run.failedCount), color: 'red' },
    { key: 'skipped' as const, label: 'Skipped', count: run.skippedCount, percent: pct(run.skippedCount), color: 'yellow' },
    { key: 'submitted' as const, label: 'Submitted', count: run.submittedCount, percent: pct(run.submittedCount), color: 'blue' },
  ].filter((segment) => segment.count > 0);
}

/** Members no longer waiting: received, failed or skipped. */
export function doneCount(run: RunCounters): number {
  return run.receivedCount + run.failedCount + run.skippedCount;
}

/** "next 0 to 7 days", "7 days back to today" — the window relative to the fire time. */
export function describeWindow(fromDays: number, toDays: number): string {
  if (fromDays >= 0) return `next ${fromDays} to ${toDays} days`;
  if (toDays <= 0) return `${-fromDays} to ${-toDays} days back`;
  return `${-fromDays} days back to ${toDays} ahead`;
}

/** Payer filter pasted as comma-separated UUIDs (the manual's way) → the ids, and anything that is not one. */
export function parsePayerIds(text: string): { ids: string[]; invalid: string[] } {
  const parts = text.split(/[\s,]+/).map((p) => p.trim()).filter(Boolean);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return { ids: [...new Set(parts.filter((p) => uuid.test(p)).map((p) => p.toLowerCase()))], invalid: parts.filter((p) => !uuid.test(p)) };
}
