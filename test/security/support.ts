// Helpers of the hostile-request tests: time a request, and check that /healthz stays quick while
// it runs (a parse that blocks the event loop would hold /healthz too).
import http from 'node:http';
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

/** /healthz's status. A keep-alive socket the server had just closed (ECONNRESET) is the client's
 *  artifact, not a stall: the probe asks again once, and the time counts both. */
async function healthStatus(service: TestService): Promise<number> {
  try {
    return (await fetch(`${service.url}/healthz`)).status;
  } catch {
    return (await fetch(`${service.url}/healthz`)).status;
  }
}

/** Runs `work` and, while it runs, asks /healthz every 20 ms; returns the slowest /healthz answer. */
export async function withHealthProbe<T>(service: TestService, work: () => Promise<T>): Promise<{ value: T; ms: number; slowestHealthMs: number; healthProbes: number }> {
  let running = true;
  let slowest = 0;
  let probes = 0;
  const probe = (async () => {
    while (running) {
      const { ms, value } = await timed(() => healthStatus(service));
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

/**
 * POSTs a large body the way a client on a network does: headers first, then the body in 64 KB
 * pieces. Resolves with the answer as soon as it arrives (a server that refuses a body answers
 * before it has all of it) and stops sending then, so the time measured is the server's, not that
 * of this process pushing megabytes through its own event loop.
 */
export function postBeforeBody(url: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode ?? 0, body: text });
        }
      });
    });
    // Once the server has answered and closed, further writes fail (EPIPE/ECONNRESET): expected.
    request.on('error', (error) => { if (!answered) reject(error); });
    // One piece per turn of the event loop, so the answer is read as soon as it comes.
    let offset = 0;
    const sendMore = (): void => {
      if (answered) return;
      if (offset >= body.length) {
        request.end();
        return;
      }
      const piece = body.subarray(offset, offset + 65536);
      offset += piece.length;
      if (request.write(piece)) setImmediate(sendMore);
      else request.once('drain', sendMore);
    };
    sendMore();
  });
}
