// Side-by-side lanes inside one job or request. Every lane ends before the job does (a failed lane must not
// leave another one working behind the retried job's back); then the first failure, if any, is
// thrown so that the job fails and is retried.
export async function runLanes(count: number, lane: () => Promise<void>): Promise<void> {
  const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, count) }, lane));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
