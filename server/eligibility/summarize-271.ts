// The columns the coverage anomaly view reads, taken from a 271 (or nothing from any other outcome).
import type { EligibilityOutcome } from '../../x12/retry-policy.ts';

/** Columns the coverage anomaly view reads, from a 271. */
export function summarize271(outcome: EligibilityOutcome): {
  coverageStatus: string | null; planName: string | null; planEnd: string | null; otherPayerPrimary: boolean | null; rejectCodes: string[] | null;
} {
  if (outcome instanceof Error || outcome.type !== '271') {
    return { coverageStatus: null, planName: null, planEnd: null, otherPayerPrimary: null, rejectCodes: null };
  }
  const dates = outcome.planDates;
  const planEnd = dates.planEnd?.start ?? dates.planBegin?.end ?? dates.eligibilityEnd?.start ?? dates.eligibilityBegin?.end ?? null;
  return {
    coverageStatus: outcome.coverageStatus,
    planName: outcome.planName,
    planEnd: planEnd && /^\d{4}-\d{2}-\d{2}$/.test(planEnd) ? planEnd : null,
    otherPayerPrimary: outcome.benefits.some((b) => b.code === 'R'),
    rejectCodes: outcome.rejects.map((r) => r.code),
  };
}
