// Helpers of the hostile-request tests: time a request, and check that /healthz stays quick while
// it runs (a parse that blocks the event loop would hold /healthz too).
import type { TestService } from '../support/service.ts';

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Runs `work` and, while it runs, asks /healthz every 20 ms; returns the slowest /healthz answer. */
export async function withHealthProbe<T>(service: TestService, work: () => Promise<T>): Promise<{ value: T; ms: number; slowestHealthMs: number; healthProbes: number }> {
  let running = true;
  let slowest = 0;
  let probes = 0;
  const probe = (async () => {
    while (running) {
      const { ms, value } = await timed(() => fetch(`${service.url}/healthz`).then((r) => r.status));
      if (value !== 200) throw new Error(`/healthz answered ${value}`);
      slowest = Math.max(slowest, ms);
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const result = await timed(work);
  running = false;
  await probe;
  return { ...result, slowestHealthMs: slowest, healthProbes: probes };
}

/** POSTs a body as a client would (no helper parsing), returns status and JSON. */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
