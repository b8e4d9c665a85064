// Sandbox trading partner: speaks CAQH CORE real-time (multipart/form-data) at POST /core/realtime
// and answers 270s deterministically from the subscriber's member id (see README.md).

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseX12 } from '../x12/parse.ts';
import { tokenize } from '../x12/tokenize.ts';
import { encodeMultipart, readMultipart } from '../x12/transport/multipart.ts';
import { CORE_RULE_VERSION, PAYLOAD_TYPE_270, PAYLOAD_TYPE_271, PAYLOAD_TYPE_999 } from '../x12/transport/core-client.ts';
import type { Transaction270 } from '../x12/types.ts';
import { build271, build999Reject } from './responses.ts';
import type { BenefitShape } from './responses.ts';
import { scenarioFor } from './scenarios.ts';
import type { Scenario } from './scenarios.ts';

export interface SandboxLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SandboxPartnerOptions {
  port?: number;
  host?: string;
  /** Delay before every answer. */
  latencyMs?: number;
  /** How long SLOW… members wait before answering (longer than any sane client timeout). */
  slowMs?: number;
  username?: string;
  password?: string;
  log?: SandboxLog;
}

export interface SandboxStats {
  requests: number;
  byScenario: Record<string, number>;
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  inFlightByPayer: Record<string, number>;
  maxInFlightByPayer: Record<string, number>;
}

export interface SandboxPartner {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): SandboxStats;
}

const REQUIRED_FIELDS = ['PayloadType', 'ProcessingMode', 'PayloadID', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'UserName', 'Password', 'Payload'];
const silentLog: SandboxLog = { info: () => {}, warn: () => {} };

const SHAPES: Partial<Record<Scenario, BenefitShape>> = {
  active: 'active', inactive: 'inactive', not_found: 'not_found', invalid_id: 'invalid_id', dependent: 'active',
  other_payer_primary: 'other_payer_primary', terminated: 'terminated', slow: 'active',
};

export async function startSandboxPartner(options: SandboxPartnerOptions = {}): Promise<SandboxPartner> {
  const host = options.host ?? '127.0.0.1';
  const latencyMs = options.latencyMs ?? 0;
  const slowMs = options.slowMs ?? 120_000;
  const username = options.username ?? 'sandbox';
  const password = options.password ?? 'sandbox-secret';
  const log = options.log ?? silentLog;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const busyAttempts = new Map<string, number>();
  let controlNumber = 0;
  const stats: SandboxStats = { requests: 0, byScenario: {}, byStatus: {}, inFlight: 0, maxInFlight: 0, inFlightByPayer: {}, maxInFlightByPayer: {} };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });

  async function answer(res: ServerResponse, status: number, fields: Record<string, string>): Promise<void> {
    const { contentType, body } = await encodeMultipart(fields);
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  }

  function coreFields(request: Record<string, string>, payloadType: string, errorCode: string, errorMessage: string, payload = ''): Record<string, string> {
    return {
      PayloadType: payloadType,
      ProcessingMode: 'RealTime',
      PayloadID: request.PayloadID ?? '',
      TimeStamp: new Date().toISOString(),
      SenderID: request.ReceiverID ?? '',
      ReceiverID: request.SenderID ?? '',
      CORERuleVersion: CORE_RULE_VERSION,
      ErrorCode: errorCode,
      ErrorMessage: errorMessage,
      ...(payload ? { Payload: payload } : {}),
    };
  }

  async function handleRealtime(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const contentType = req.headers['content-type'] ?? '';
    const fields = contentType.startsWith('multipart/') ? await readMultipart(contentType, req) : {};
    const answerLater = async (status: number, answerFields: Record<string, string>): Promise<void> => {
      await sleep(latencyMs);
      return answer(res, status, answerFields);
    };
    const missing = REQUIRED_FIELDS.find((name) => !fields[name]);
    if (missing) return answerLater(400, coreFields(fields, fields.PayloadType ?? PAYLOAD_TYPE_271, `${missing}Required`, `${missing} is required`));
    if (fields.UserName !== username || fields.Password !== password) {
      log.warn({ user: fields.UserName, payloadId: fields.PayloadID }, 'rejected credentials');
      return answerLater(401, coreFields(fields, fields.PayloadType ?? PAYLOAD_TYPE_271, 'UnAuthorized', 'Username/password not valid'));
    }
    if (fields.PayloadType !== PAYLOAD_TYPE_270) return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'PayloadTypeIllegal', `PayloadType ${fields.PayloadType} is not supported`));
    if (fields.ProcessingMode !== 'RealTime') return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'ProcessingModeIllegal', 'Only RealTime is supported'));

    let inquiry: Transaction270 | undefined;
    let parsed: ReturnType<typeof parseX12>;
    try {
      parsed = parseX12(fields.Payload ?? '');
      inquiry = parsed.transactions.find((t): t is Transaction270 => t.type === '270');
    } catch (error) {
      return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'PayloadIllegal', error instanceof Error ? error.message : String(error)));
    }
    if (!inquiry) return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'PayloadIllegal', 'Payload holds no 270 transaction set'));

    const payerId = inquiry.payer.id ?? 'unknown';
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.inFlightByPayer[payerId] = (stats.inFlightByPayer[payerId] ?? 0) + 1;
    stats.maxInFlightByPayer[payerId] = Math.max(stats.maxInFlightByPayer[payerId] ?? 0, stats.inFlightByPayer[payerId] ?? 0);
    try {
      const memberId = inquiry.subscriber.id;
      const scenario = scenarioFor(memberId);
      stats.byScenario[scenario] = (stats.byScenario[scenario] ?? 0) + 1;
      log.info({ payloadId: fields.PayloadID, payerId, memberId, scenario, trace: inquiry.traceNumbers[0]?.reference }, '270 received');
      await sleep(latencyMs);
      const context = { inquiry, interchange: parsed.interchange, controlNumber: ++controlNumber, now: new Date() };
      if (scenario === 'http_500') {
        stats.byStatus[500] = (stats.byStatus[500] ?? 0) + 1;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error: sandbox scenario ERR500');
        return;
      }
      if (scenario === 'slow') await sleep(slowMs);
      if (scenario === 'reject_999') {
        const segments = tokenize(fields.Payload ?? '').segments;
        const st = segments.findIndex((s) => s.id === 'ST');
        const nm1 = segments.findIndex((s) => s.id === 'NM1' && s.elements[1] === 'IL');
        return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_999, 'Success', '', build999Reject(context, nm1 - st + 1)));
      }
      let shape = SHAPES[scenario] ?? 'active';
      if (scenario === 'busy_then_active') {
        const key = `${payerId}|${memberId ?? ''}`;
        const seen = busyAttempts.get(key) ?? 0;
        busyAttempts.set(key, seen + 1);
        shape = seen === 0 ? 'busy' : 'active';
      }
      const dependent = scenario === 'dependent' && !inquiry.dependent
        ? { ...inquiry.subscriber, firstName: 'SANDBOX', lastName: inquiry.subscriber.lastName, id: null, dob: '2015-06-01', gender: 'F', references: [] }
        : undefined;
      return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_271, 'Success', '', build271(context, shape, { dependent })));
    } finally {
      stats.inFlight--;
      stats.inFlightByPayer[payerId] = (stats.inFlightByPayer[payerId] ?? 1) - 1;
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    // The same counters as stats(), for a partner running in another process (benchmarks).
    if (req.method === 'GET' && path === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    }
    if (req.method === 'POST' && path === '/core/realtime') {
      handleRealtime(req, res).catch((error: unknown) => {
        log.warn({ error: error instanceof Error ? error.message : String(error) }, 'sandbox request failed');
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('sandbox partner error');
        }
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/core/realtime`,
    port,
    stats: () => structuredClone(stats),
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
