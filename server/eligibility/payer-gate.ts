// Admission of 270s to payers, shared by every worker process and tenant: in-flight slots and
// the circuit breaker live in Postgres (payer_gate.acquire / payer_gate.release, with leases this
// process renews while it lives), so two processes sweeping tenants behind the same endpoint
// together stay within the payer's max_in_flight, and a breaker one opens stops the others.
// Inside the run: a 270 holds one of the run's paced slots before it asks, so at most that many
// ask at once; the gateway is full only when other runs or processes hold its slots, and then a
// waiting 270 is woken by this run's own releases, by the waiter ahead of it, or (one waiter per
// gateway) by a poll every POLL_MS.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pooled-client.ts';

export type GatewayResult = 'ok' | 'gateway_failure' | 'none';

export interface Gateway {
  key: string;
  limit: number;
}

/** A slot held for one 270. */
export interface Ticket {
  gateway: Gateway;
  slot: number;
  generation: number;
  probe: boolean;
}

/** The arguments of payer_gate.release after the gateway key (what fn_settle_inquiry's p_gate holds). */
export interface GateRelease {
  slot: number;
  holder: string;
  generation: number;
  probe: boolean;
  result: GatewayResult;
  fresh: boolean;
  reason: string | null;
  failureThreshold: number;
  cooloffMs: number;
  /** fn_settle_inquiry's p_keep: ask to keep the slot for the run's next 270 at this gateway (payer_gate.keep), or null. */
  keep: { tenant: string; limit: number; leaseMs: number } | null;
}

/** What a settle statement did with the slot: the breaker's new state if it changed, and whether it kept the slot. */
export interface Settled {
  state: string | null;
  kept: boolean;
}

export interface BreakerSettings {
  failureThreshold: number;
  cooloffMs: number;
}

/** This process's lease holder id: every run in the process renews the same leases. */
const PROCESS_HOLDER = randomUUID();
const LEASE_MS = 10_000;
const POLL_MS = 25;

/**
 * Slots inside one run (pacing): a semaphore, narrowed before any slot is taken. `ahead`: a retry
 * goes ahead of the members waiting for their first 270, so a member's retries do not each wait
 * out the lane's queue (the last members' retry chains are what a run ends on). A release may hand
 * the next waiter something with the slot (`handOff`: the sweep's gateway ticket, kept by the
 * settle so that the waiter does not ask the gate again); acquire returns it.
 */
export class LocalSlots<T = never> {
  private available: number;
  private readonly waiting: ((handOff: T | undefined) => void)[] = [];
  /** Hand-offs promised to waiters by releases still under way (promiseHandOff). */
  private promised = 0;
  constructor(slots: number) {
    this.available = slots;
  }
  async acquire(ahead = false): Promise<T | undefined> {
    if (this.available > 0) {
      this.available--;
      return undefined;
    }
    return new Promise<T | undefined>((resolve) => (ahead ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
  }
  /** Whether a release about to happen can count on a waiter to hand something to (more waiters than hand-offs already promised). */
  promiseHandOff(): boolean {
    if (this.waiting.length <= this.promised) return false;
    this.promised++;
    return true;
  }
  /** Frees a slot for the next waiter, with `handOff` if given; false when `handOff` found no waiter (the caller still holds it). `promised`: the release promiseHandOff was asked for. */
  release(handOff?: T, promised = false): boolean {
    if (promised) this.promised--;
    const next = this.waiting.shift();
    if (next) {
      next(handOff);
      return true;
    }
    this.available++;
    return handOff === undefined;
  }
}

export class PayerGate {
  private readonly db: Db;
  private readonly tenantId: string;
  private readonly breaker: BreakerSettings;
  /** Breakers as last seen: open until (ms since epoch), per gateway key. */
  private readonly openUntil = new Map<string, number>();
  /** Waiters for a turn at a gateway, the one to wake first in front. */
  private readonly wakers = new Map<string, (() => void)[]>();
  private readonly releasedWhilePolling = new Set<string>();
  /** Gateways one of this run's waiters polls on a timer (the others wait for a turn). */
  private readonly polling = new Set<string>();
  private held = 0;
  private renewal: ReturnType<typeof setInterval> | undefined;

  /** pollMs: how often the one polling waiter asks for slots others freed (tests slow it to see the hand-over order alone). */
  private readonly pollMs: number;

  constructor(db: Db, tenantId: string, breaker: BreakerSettings, options: { pollMs?: number } = {}) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.db = db;
    this.tenantId = tenantId;
    this.breaker = breaker;
  }

  /** Milliseconds the gateway's breaker is known to stay open (0: try). */
  openForMs(key: string): number {
    return Math.max(0, (this.openUntil.get(key) ?? 0) - Date.now());
  }

  /**
   * A slot for one 270, waiting for one to free up; `{ openForMs }` when the breaker is open
   * (the 270 waits unsent). `fresh`: the 270 has not failed before (only those may probe). A
   * retry (not fresh) waits ahead of first 270s here too, as in the run's lane (LocalSlots): when
   * other tenants share the gateway the run's 270s queue here, beyond their fair share of slots,
   * and a retry behind them waited out the queue on top of its backoff (the eligibility bench's
   * three-process phase saw a retry leave 1.6 s after a 0.25 s backoff began).
   */
  async take(gateway: Gateway, fresh: boolean): Promise<Ticket | { openForMs: number }> {
    return this.poll(gateway, fresh);
  }

  private async poll(gateway: Gateway, fresh: boolean): Promise<Ticket | { openForMs: number }> {
    try {
      for (;;) {
        const { rows } = await this.db.query<{ slot: number | null; generation: number; probe: boolean; wait_ms: number }>(
          'select * from payer_gate.acquire($1, $2, $3, $4, $5, $6)', [gateway.key, gateway.limit, this.tenantId, PROCESS_HOLDER, fresh, LEASE_MS]);
        const answer = rows[0];
        if (answer.slot !== null) {
          this.openUntil.delete(gateway.key);
          this.hold(1);
          return { gateway, slot: answer.slot, generation: answer.generation, probe: answer.probe };
        }
        if (answer.wait_ms > 0) {
          this.openUntil.set(gateway.key, Date.now() + answer.wait_ms);
          return { openForMs: answer.wait_ms };
        }
        // A slot this run released while the query was out is taken at once, not after POLL_MS.
        if (this.releasedWhilePolling.delete(gateway.key)) continue;
        await this.waitTurn(gateway.key, !fresh);
      }
    } finally {
      // The next waiter asks now: a slot taken may not have been the last free one, and a waiter
      // leaving (breaker open, error) must not leave the others without a poller.
      this.wakers.get(gateway.key)?.[0]?.();
    }
  }

  /**
   * Waits until this run releases a slot of the gateway or a waiter ahead hands the turn on; one
   * waiter per gateway also polls every POLL_MS for slots other runs and processes free. When
   * every waiter polled (a run's 270s beyond its fair share, with three tenants on a gateway),
   * most acquire calls answered "no slot": 3.2 calls per 270 in the eligibility bench.
   */
  private waitTurn(key: string, ahead: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const polls = !this.polling.has(key);
      if (polls) this.polling.add(key);
      const waiting = this.wakers.get(key) ?? [];
      this.wakers.set(key, waiting);
      const wake = () => {
        clearTimeout(timer);
        if (polls) this.polling.delete(key);
        const at = waiting.indexOf(wake);
        if (at >= 0) waiting.splice(at, 1);
        resolve();
      };
      const timer = polls ? setTimeout(wake, this.pollMs) : undefined;
      if (ahead) waiting.unshift(wake);
      else waiting.push(wake);
    });
  }

  /**
   * Hands the slot back with what the gateway did; returns the breaker's new state if it changed.
   * `settle`: a statement that releases the slot together with the caller's own bookkeeping in one
   * round trip (eligibility_private.fn_settle_inquiry, given these release arguments); if it fails,
   * the slot is still released on its own before the error goes on. `keepFor`: the limit under
   * which the settle may keep the slot for the caller's next 270 at this gateway (payer_gate.keep,
   * when the answer changes nothing there and no other tenant waits); the settle's `kept` says
   * whether it did, and the caller then holds the ticket still (to hand on, or to give back).
   */
  async give(ticket: Ticket, result: GatewayResult, fresh: boolean, reason: string | null, settle?: (release: GateRelease) => Promise<Settled>, keepFor?: number): Promise<string | null> {
    let kept = false;
    try {
      const release: GateRelease = {
        slot: ticket.slot, holder: PROCESS_HOLDER, generation: ticket.generation, probe: ticket.probe, result, fresh, reason,
        failureThreshold: this.breaker.failureThreshold, cooloffMs: this.breaker.cooloffMs,
        keep: settle && keepFor !== undefined ? { tenant: this.tenantId, limit: keepFor, leaseMs: LEASE_MS } : null,
      };
      const settled = settle ? await settle(release).catch(async (error: unknown) => {
        await this.release(ticket.gateway.key, release);
        throw error;
      }) : { state: await this.release(ticket.gateway.key, release), kept: false };
      kept = settled.kept;
      if (settled.state === 'OPEN') this.openUntil.set(ticket.gateway.key, Date.now() + this.breaker.cooloffMs);
      return settled.state;
    } finally {
      // A kept slot is still held (its lease renewed with the others) and freed nothing at the gateway.
      if (!kept) {
        this.hold(-1);
        const next = this.wakers.get(ticket.gateway.key)?.[0];
        if (next) next();
        else this.releasedWhilePolling.add(ticket.gateway.key);
      }
    }
  }

  private async release(key: string, r: GateRelease): Promise<string | null> {
    const { rows } = await this.db.query<{ state: string | null }>(
      'select payer_gate.release($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) as state',
      [key, r.slot, r.holder, r.generation, r.probe, r.result, r.fresh, r.reason, r.failureThreshold, r.cooloffMs]);
    return rows[0].state;
  }

  /** Leases are renewed while this run holds slots; a dead process's slots free themselves. */
  private hold(delta: number): void {
    this.held += delta;
    if (this.held > 0 && !this.renewal) {
      this.renewal = setInterval(() => {
        this.db.query('select payer_gate.renew_leases($1, $2)', [PROCESS_HOLDER, LEASE_MS]).catch(() => undefined);
      }, LEASE_MS / 4);
    } else if (this.held === 0 && this.renewal) {
      clearInterval(this.renewal);
      this.renewal = undefined;
    }
  }
}

