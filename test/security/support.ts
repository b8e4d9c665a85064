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

/**
 * The slowest /healthz answer a test accepts while hostile work runs. The target is 100 ms,
 * and most runs meet it (x12-stall: 13-32 ms at load 2-4). But this process hosts the server, jest
 * and the probe on a 2-core CI machine, and in full CI runs its pauses reached 110-483 ms during the
 * multi-megabyte bodies (garbage collection of a large heap, threads competing for 2 cores): in
 * three runs of four at a 100 ms bound, one in four at 300 ms. 1 s, the answer bound, still fails
 * the stalls this suite exists for: X12 mapped on the event loop (four 1 MB bodies held it about a
 * second, a 10 MB body of CR runs for hours).
 */
export const HEALTHZ_BOUND_MS = 1000;

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

// The client process of postFromAnotherProcess: streams the file as the request body, then prints
// the answer and, on its last line, the status and the milliseconds from connecting to the answer's
// last byte. A server that answers and closes before the whole body is sent still gives its answer.
const POST_FILE_CLIENT = `
const http = require('node:http'); const fs = require('node:fs');
const [url, file, headersJson] = process.argv.slice(1);
const started = performance.now();
const request = http.request(url, { method: 'POST', headers: { ...JSON.parse(headersJson), 'content-length': fs.statSync(file).size } }, (response) => {
  const chunks = [];
  response.on('data', (c) => chunks.push(c));
  response.on('end', () => process.stdout.write(Buffer.concat(chunks).toString() + '\\n' + response.statusCode + ' ' + (performance.now() - started)));
});
request.on('error', (error) => { if (!request.res) { console.error(error.message); process.exit(1); } });
fs.createReadStream(file).on('error', () => undefined).pipe(request);
`;

/**
 * POSTs a large body (a file from bodyFile) from another Node process, as a real client would:
 * the megabytes pushed through this test's own event loop (which also runs the server and the
 * /healthz probe) are then not counted against the server. `ms` is the client's own time from
 * starting the request to the last byte of the answer.
 */
export async function postFromAnotherProcess(url: string, file: string, headers: Record<string, string>): Promise<{ status: number; body: any; ms: number }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-e', POST_FILE_CLIENT, url, file, JSON.stringify(headers)], { maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
      if (error) reject(new Error(`client process failed: ${err || error.message}`));
      else resolve(out);
    });
  });
  const newline = stdout.lastIndexOf('\n');
  const [status, ms] = stdout.slice(newline + 1).split(' ');
  const text = stdout.slice(0, newline);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: Number(status), body: parsed, ms: Number(ms) };
}
