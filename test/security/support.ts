// Helpers of the hostile-request tests: time a request, and check that /healthz stays quick while
// it runs (a parse that blocks the event loop would hold /healthz too).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
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
 * Declares a large body (its Content-Length) and waits for the answer without sending any of it: a
 * server that refuses a body unread (no token, or a declared size over the route's cap) answers
 * with the body still to come. The time is the server's, not that of this process pushing
 * megabytes through its own event loop; a server that waited for the body would never answer.
 */
export function postBeforeBody(url: string, declaredBytes: number, headers: Record<string, string>): Promise<{ status: number; body: any; answeredMs: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(declaredBytes) } }, (response) => {
      const answeredMs = performance.now() - started;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), answeredMs });
        } catch {
          resolve({ status: response.statusCode ?? 0, body: text, answeredMs });
        }
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

/** Writes a body to a temporary file for postFromAnotherProcess, before anything is timed. */
export async function bodyFile(body: string | Uint8Array): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rcm-hostile-'));
  const file = path.join(dir, 'body');
  await fs.writeFile(file, body);
  return { file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/**
 * POSTs a large body (a file from bodyFile) from another process (curl), as a real client would:
 * the megabytes pushed through this test's own event loop (which also runs the server and the
 * /healthz probe) are then not counted against the server. `ms` is curl's own time from
 * connecting to the last byte of the answer.
 */
export async function postFromAnotherProcess(url: string, file: string, headers: Record<string, string>): Promise<{ status: number; body: any; ms: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  // Expect: (empty) stops curl's 100-continue wait; the trailer line carries status and time.
  const args = ['-s', '-S', '-X', 'POST', '--data-binary', `@${file}`, '-H', 'Expect:', '-w', '\n%{http_code} %{time_total}'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('curl', args, { maxBuffer: 16 * 1024 * 1024 }, (error, out) => {
      // curl exits 55/56 when the server answers and closes before the whole body is sent:
      // the answer was read all the same.
      if (error && !out.includes('\n')) reject(error);
      else resolve(out);
    });
  });
  const newline = stdout.lastIndexOf('\n');
  const [status, seconds] = stdout.slice(newline + 1).split(' ');
  const text = stdout.slice(0, newline);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: Number(status), body: parsed, ms: Number(seconds) * 1000 };
}
