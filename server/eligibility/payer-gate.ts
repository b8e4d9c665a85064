// Per-payer admission inside a run: a semaphore of max_in_flight slots and a circuit breaker
// that stops sending to a payer whose gateway keeps failing, for a cool-off period.
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerChange {
  payerId: string;
  state: BreakerState;
  consecutiveFailures: number;
  openUntil: Date | null;
  reason: string | null;
}

class Semaphore {
  available: number;
  private readonly waiting: (() => void)[] = [];
  constructor(slots: number) {
    this.available = slots;
  }
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available++;
  }
}

interface Breaker {
  state: BreakerState;
  failures: number;
  openUntil: number;
  /** Bumped each time the breaker opens: answers to 270s sent before that say nothing about now. */
  generation: number;
}

export class PayerGate {
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly breakers = new Map<string, Breaker>();
  private readonly failureThreshold: number;
  private readonly cooloffMs: number;
  private readonly onChange: (change: BreakerChange) => void;

  constructor(options: { failureThreshold: number; cooloffMs: number; onChange: (change: BreakerChange) => void }) {
    this.failureThreshold = options.failureThreshold;
    this.cooloffMs = options.cooloffMs;
    this.onChange = options.onChange;
  }

  setLimit(payerId: string, maxInFlight: number): void {
    if (!this.semaphores.has(payerId)) this.semaphores.set(payerId, new Semaphore(maxInFlight));
  }

  /** Lowers a payer's slots before any is taken (pacing); never above its max_in_flight. */
  narrow(payerId: string, slots: number): void {
    const semaphore = this.semaphores.get(payerId);
    if (semaphore) semaphore.available = Math.min(semaphore.available, Math.max(1, slots));
  }

  /** Restores a breaker persisted by an earlier run (still open: its members wait). */
  restore(payerId: string, state: BreakerState, failures: number, openUntil: Date | null): void {
    this.breakers.set(payerId, { state, failures, openUntil: openUntil?.getTime() ?? 0, generation: 1 });
  }

  async acquire(payerId: string): Promise<void> {
    await this.semaphores.get(payerId)!.acquire();
  }

  release(payerId: string): void {
    this.semaphores.get(payerId)!.release();
  }

  /** Milliseconds until the payer's breaker lets 270s through again (0: now). */
  waitMs(payerId: string, now = Date.now()): number {
    const breaker = this.breakers.get(payerId);
    if (!breaker || breaker.state !== 'OPEN') return 0;
    if (now >= breaker.openUntil) {
      breaker.state = 'HALF_OPEN';
      this.onChange({ payerId, state: 'HALF_OPEN', consecutiveFailures: breaker.failures, openUntil: null, reason: null });
      return 0;
    }
    return breaker.openUntil - now;
  }

  /** The breaker generation a 270 is sent under; pass it back with its outcome. */
  generation(payerId: string): number {
    return this.breakers.get(payerId)?.generation ?? 0;
  }

  recordSuccess(payerId: string, sentUnder: number): void {
    const breaker = this.breakers.get(payerId);
    if (!breaker || (breaker.state === 'CLOSED' && breaker.failures === 0)) return;
    if (sentUnder !== breaker.generation) return;
    const wasOpen = breaker.state !== 'CLOSED';
    breaker.state = 'CLOSED';
    breaker.failures = 0;
    if (wasOpen) this.onChange({ payerId, state: 'CLOSED', consecutiveFailures: 0, openUntil: null, reason: null });
  }

  recordFailure(payerId: string, reason: string, sentUnder: number, now = Date.now()): void {
    const breaker = this.breakers.get(payerId) ?? { state: 'CLOSED' as BreakerState, failures: 0, openUntil: 0, generation: 0 };
    this.breakers.set(payerId, breaker);
    if (sentUnder !== breaker.generation) return;
    breaker.failures++;
    if (breaker.state === 'OPEN') return;
    if (breaker.state === 'HALF_OPEN' || breaker.failures >= this.failureThreshold) {
      breaker.state = 'OPEN';
      breaker.generation++;
      breaker.openUntil = now + this.cooloffMs;
      this.onChange({ payerId, state: 'OPEN', consecutiveFailures: breaker.failures, openUntil: new Date(breaker.openUntil), reason });
    }
  }
}
