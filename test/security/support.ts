// Helpers of the hostile-request tests: time a request, and check that /healthz stays quick while
// it runs (a parse that blocks the event loop would hold /healthz too).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { HttpService } from '../support/service.ts';

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/**
 * The slowest /healthz answer a test accepts while hostile work runs: the 100 ms. It is
 * measured as a client outside the server would see it: the server under test runs in a process of
 * its own (test/support/service-process.ts), and so does the probe (HEALTH_PROBE below), so neither
 * jest's pauses (garbage collection of its heap, spawning the hostile client) nor the test's own
 * work count against the server. What remains is the server's event loop (a body parsed or mapped
 * on it, or its garbage collection), its X12 reader threads and Postgres competing for the machine.
 */
export const HEALTHZ_BOUND_MS = 100;

// The probe process of withHealthProbe: asks /healthz every 20 ms from "ready" until its stdin
// closes, then prints {slowestMs, probes, status}. A keep-alive socket the server had just closed
// (ECONNRESET) is the client's artifact, not a stall: it asks again once, and the time counts both.
const HEALTH_PROBE = `
const url = process.argv[1] + '/healthz';
let running = true;
process.stdin.on('end', () => { running = false; }).resume();
const ask = () => fetch(url).catch(() => fetch(url)).then(async (r) => { await r.arrayBuffer(); return r.status; });
(async () => {
  let status = await ask();
  process.stdout.write('ready\\n');
  let slowestMs = 0, probes = 0;
  while (running && status === 200) {
    const started = performance.now();
    status = await ask();
    slowestMs = Math.max(slowestMs, performance.now() - started);
    probes++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(JSON.stringify({ slowestMs, probes, status }) + '\\n');
})();
`;

/** Starts the probe process; resolves once its first /healthz (not counted) has answered. */
async function startHealthProbe(url: string): Promise<{ stop: () => Promise<{ slowestMs: number; probes: number; status: number }> }> {
  const child = spawn(process.execPath, ['-e', HEALTH_PROBE, url], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  const lines = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); if (output.includes('ready\n')) resolve(); });
    child.once('exit', (code) => reject(new Error(`the /healthz probe ended (${code}) before it was ready: ${output}`)));
  });
  await lines;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.stdin!.end();
      await exited;
      const report = output.slice(output.indexOf('ready\n') + 'ready\n'.length).trim();
      return JSON.parse(report) as { slowestMs: number; probes: number; status: number };
    },
  };
}

/** Runs `work` and, while it runs, asks /healthz every 20 ms from a process of its own; returns the slowest /healthz answer. */
export async function withHealthProbe<T>(service: Pick<HttpService, 'url'>, work: () => Promise<T>): Promise<{ value: T; ms: number; slowestHealthMs: number; healthProbes: number }> {
  const probe = await startHealthProbe(service.url);
  let result: Timed<T>;
  try {
    result = await timed(work);
  } catch (error) {
    await probe.stop();
    throw error;
  }
  const report = await probe.stop();
  if (report.status !== 200) throw new Error(`/healthz answered ${report.status}`);
  await logSlowestHealth(report.slowestMs, report.probes);
  return { ...result, slowestHealthMs: report.slowestMs, healthProbes: report.probes };
}

/** RCM_HEALTHZ_LOG=<file>: one JSON line per probed request (test name, slowest /healthz, probes, load
 *  average), so a run's slowest figure can be reported, not only pass or fail. */
async function logSlowestHealth(slowestMs: number, probes: number): Promise<void> {
  const file = process.env.RCM_HEALTHZ_LOG;
  if (!file) return;
  const line = { at: new Date().toISOString(), test: expect.getState().currentTestName, slowestHealthMs: Math.round(slowestMs * 10) / 10, probes, load1: os.loadavg()[0] };
  await fs.appendFile(file, `${JSON.stringify(line)}\n`);
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

// The client process of postFromAnotherProcess: streams the file as the request body, `copies`
// times at once, then prints one JSON line per answer: its status, text, and the milliseconds from
// starting that request to the answer's last byte. A server that answers and closes before the
// whole body is sent still gives its answer.
const POST_FILE_CLIENT = `
const http = require('node:http'); const fs = require('node:fs');
const [url, file, headersJson, copies] = process.argv.slice(1);
const size = fs.statSync(file).size;
const post = () => new Promise((resolve, reject) => {
  const started = performance.now();
  const request = http.request(url, { method: 'POST', headers: { ...JSON.parse(headersJson), 'content-length': size } }, (response) => {
    const chunks = [];
    response.on('data', (c) => chunks.push(c));
    response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
  });
  request.on('error', (error) => { if (!request.res) reject(error); });
  fs.createReadStream(file).on('error', () => undefined).pipe(request);
});
Promise.all(Array.from({ length: Number(copies) }, post)).then(
  (answers) => { for (const answer of answers) process.stdout.write(JSON.stringify(answer) + '\\n'); },
  (error) => { console.error(error.message); process.exit(1); });
`;

export interface ClientAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  ms: number;
}

/**
 * POSTs a large body (a file from bodyFile) from another Node process, as a real client would:
 * the megabytes pushed through this test's own event loop are then not counted against the server.
 * `ms` is the client's own time from starting the request to the last byte of the answer.
 */
export async function postFromAnotherProcess(url: string, file: string, headers: Record<string, string>): Promise<ClientAnswer> {
  return (await postCopiesFromAnotherProcess(url, file, headers, 1))[0];
}

/** postFromAnotherProcess, the same body `copies` times at once from one client process. */
export async function postCopiesFromAnotherProcess(url: string, file: string, headers: Record<string, string>, copies: number): Promise<ClientAnswer[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-e', POST_FILE_CLIENT, url, file, JSON.stringify(headers), String(copies)], { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
      if (error) reject(new Error(`client process failed: ${err || error.message}`));
      else resolve(out);
    });
  });
  return stdout.trim().split('\n').map((line) => {
    const { status, text, ms } = JSON.parse(line) as { status: number; text: string; ms: number };
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the test sees the text
    }
    return { status, body, ms };
  });
}
