// Claims accepted and rejected in one 837P submission, from what its acknowledgments said.

export interface AcknowledgmentRow {
  claimId: string | null;
  status: string;
  receivedAt: string;
}

export interface SubmissionOutcome {
  accepted: number;
  rejected: number;
  /** Claims with no answer yet. */
  waiting: number;
}

/**
 * A TA1 or 999 rejecting the interchange or its set rejects every claim in it (no per-claim row);
 * otherwise each claim counts once, by the latest 277CA row about it.
 */
export function submissionOutcome(status: string, claimCount: number, acknowledgments: readonly AcknowledgmentRow[]): SubmissionOutcome {
  if (status === 'REJECTED') return { accepted: 0, rejected: claimCount, waiting: 0 };
  const latest = new Map<string, AcknowledgmentRow>();
  for (const ack of acknowledgments) {
    if (!ack.claimId) continue;
    const seen = latest.get(ack.claimId);
    if (!seen || seen.receivedAt <= ack.receivedAt) latest.set(ack.claimId, ack);
  }
  let accepted = 0;
  let rejected = 0;
  for (const ack of latest.values()) {
    if (ack.status === 'ACCEPTED' || ack.status === 'ACCEPTED_WITH_ERRORS') accepted += 1;
    else if (ack.status === 'REJECTED') rejected += 1;
  }
  return { accepted, rejected, waiting: Math.max(0, claimCount - accepted - rejected) };
}

/** One code of an acknowledgment, readable: 277CA {category, code, entity} or 999 {segment, element, code}. */
export function acknowledgmentCode(code: Record<string, unknown>): string {
  if (code.category) return [code.category, code.code, code.entity].filter((p) => p !== null && p !== undefined && p !== '').join(':');
  return Object.entries(code).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' · ');
}
