// A sweep run as others see it while its job runs: an operator's cancel (the run no longer
// RUNNING) is noticed within 500 ms, and every 2 s the run's counters are refreshed, which is also
// its heartbeat. The scheduler (run-sweep.ts) stops between members once the run is cancelled.
import { setTimeout as sleep } from 'node:timers/promises';
import type { SweepContext } from './sweep-context.ts';

export class RunWatch {
  cancelled = false;
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly sweep: SweepContext;
  /** What the progress line logs. */
  private readonly progress: () => { processed: number; sent: number };

  constructor(sweep: SweepContext, progress: () => { processed: number; sent: number }) {
    this.sweep = sweep;
    this.progress = progress;
  }

  start(): void {
    this.timers = [setInterval(() => void this.checkCancelled(), 500), setInterval(() => void this.reportProgress(), 2000)];
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  async sleepUnlessCancelled(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.cancelled && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
  }

  private async checkCancelled(): Promise<void> {
    try {
      const { rows } = await this.sweep.db.query<{ status: string }>('select status from eligibility.eligibility_sweep_run where tenant_id = $1 and id = $2', [this.sweep.tenantId, this.sweep.runId]);
      if (rows[0]?.status !== 'RUNNING') this.cancelled = true;
    } catch (error) {
      this.sweep.log.warn({ err: error }, 'could not check the run status');
    }
  }

  /** Also the run's heartbeat (updated_at), which fn_refire_sweep_run reads. */
  private async reportProgress(): Promise<void> {
    try {
      await this.sweep.db.query('select eligibility_private.fn_refresh_sweep_run_counters($1, $2)', [this.sweep.tenantId, this.sweep.runId]);
      this.sweep.log.info({ sweepRunId: this.sweep.runId, ...this.progress() }, 'sweep progress');
    } catch (error) {
      this.sweep.log.warn({ err: error }, 'could not refresh run counters');
    }
  }
}
