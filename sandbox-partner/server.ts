// Sandbox trading partner: speaks CAQH CORE real-time (multipart/form-data) at POST /core/realtime
// and answers 270s deterministically from the subscriber's member id (see README.md), and 276s
// with 277s (claim-status.ts).

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseX12 } from '../x12/parse.ts';
import { tokenize } from '../x12/tokenize.ts';
import { encodeMultipart, readMultipart } from '../x12/transport/multipart.ts';
import {
  CORE_RULE_VERSION, PAYLOAD_TYPE_270, PAYLOAD_TYPE_271, PAYLOAD_TYPE_999, PAYLOAD_TYPE_BATCH_RECEIPT, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_271,
  PAYLOAD_TYPE_NO_BATCH_RESULTS, PAYLOAD_TYPE_837P, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999, PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA, PAYLOAD_TYPE_277CA,
  PAYLOAD_TYPE_276, PAYLOAD_TYPE_277, PAYLOAD_TYPE_835, PAYLOAD_TYPE_835_REQUEST, PAYLOAD_TYPE_TA1,
} from '../x12/transport/core-client.ts';
import { SandboxPayer } from './remittances.ts';
import type { AcceptedClaim } from './remittances.ts';
import type { Transaction837 } from '../x12/types-claims.ts';
import { acknowledgeClaimBatch } from './claim-acknowledgments.ts';
import type { ClaimScenario } from './claim-acknowledgments.ts';
import { acknowledgeInterchange, withTA1 } from './interchange-ack.ts';
import type { Transaction270 } from '../x12/types.ts';
import { build271, build999Reject } from './responses.ts';
import { answer276, scenarioOf276 } from './claim-status.ts';
import type { Transaction276 } from '../x12/claim-status-276.ts';
import type { BenefitShape } from './responses.ts';
import { scenarioFor } from './scenarios.ts';
import { dripAnswer, malformed271, randomFailure } from './faults.ts';
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
  /** Batch mode: how long after a submission its results are ready for retrieval (SLOW… members add slowMs). */
  batchDelayMs?: number;
  /** 837P batches: the 999 is ready this long after the upload, the 277CA ack277DelayMs after that. */
  ack999DelayMs?: number;
  ack277DelayMs?: number;
  /** Accepted claims are adjudicated into an 835 ready this long after their 277CA. */
  remittanceDelayMs?: number;
  username?: string;
  password?: string;
  log?: SandboxLog;
  /** Partner faults: this share (0-100) of real-time 270s, at random, gets an HTTP 503. */
  failPercent?: number;
  /** DRIP members: the answer trickles out 16 bytes every dripEveryMs (default 250 ms). */
  dripEveryMs?: number;
}

export interface SandboxStats {
  requests: number;
  /** Requests whose body was read whole (a client killed mid-upload never gets here). */
  requestsRead: number;
  byScenario: Record<string, number>;
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  inFlightByPayer: Record<string, number>;
  maxInFlightByPayer: Record<string, number>;
  batchSubmissions: number;
  batchRetrievals: number;
  /** 837P interchanges received (a re-sent copy counts), and copies whose ISA13 was already seen from that sender. */
  claimInterchanges: number;
  duplicateClaimInterchanges: number;
  /** 837P claims by the answer the sandbox gives them (accepted, invalid_npi, ...). */
  byClaimScenario: Record<string, number>;
  /** 837P interchanges by their TA1 answer (accepted, unknown_receiver, invalid_control_number). */
  byInterchangeScenario: Record<string, number>;
  acknowledgmentRetrievals: number;
  /** 835 retrieval requests, files handed out, and claims by adjudication outcome (paid, denied-..., unknown-claim...). */
  remittanceRetrievals: number;
  remittanceFiles: number;
  byRemittanceScenario: Record<string, number>;
}

export interface SandboxPartner {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): SandboxStats;
  /** Batch mode: the 271s (X12) a submission's PayloadID will get, as a partner pushing them would send them; null if unknown. */
  batchResults(payloadId: string): string | null;
  /** 837P batches: the 999 (or, for a rejected interchange, the TA1) and 277CA prepared for a submission's PayloadID (ready or not); null if unknown. */
  claimAcknowledgments(payloadId: string): { ack999: string; ack277CA: string | null } | null;
  /** The 835 files prepared for a CORE sender id (ready or not), oldest first. */
  remittances(senderId: string): { interchangeControlNumber: number; x12: string; scenarios: Record<string, string> }[];
}

interface ClaimBatch {
  /** What the 999 retrieval answers: the 999 (with a TA1 A segment when ISA14 = 1), or the TA1 R of a rejected interchange. */
  ack999: { x12: string; readyAt: number; payloadType: string };
  ack277CA: { x12: string; readyAt: number } | null;
}

interface BatchSubmission {
  readyAt: number;
  /** The X12 answer, or an HTTP 500 for ERR500 members. */
  answer: { x12: string; payloadType: string } | { http500: true };
}

const REQUIRED_FIELDS = ['PayloadType', 'ProcessingMode', 'PayloadID', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'UserName', 'Password', 'Payload'];
const silentLog: SandboxLog = { info: () => {}, warn: () => {} };

const SHAPES: Partial<Record<Scenario, BenefitShape>> = {
  active: 'active', inactive: 'inactive', not_found: 'not_found', invalid_id: 'invalid_id', dependent: 'active',
  other_payer_primary: 'other_payer_primary', terminated: 'terminated', slow: 'active', drip: 'active', malformed_271: 'active',
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
  const batchDelayMs = options.batchDelayMs ?? 5_000;
  const batches = new Map<string, BatchSubmission>();
  const stats: SandboxStats = {
    requests: 0, requestsRead: 0, byScenario: {}, byStatus: {}, inFlight: 0, maxInFlight: 0, inFlightByPayer: {}, maxInFlightByPayer: {}, batchSubmissions: 0, batchRetrievals: 0, claimInterchanges: 0, duplicateClaimInterchanges: 0,
    byClaimScenario: {}, byInterchangeScenario: {}, acknowledgmentRetrievals: 0, remittanceRetrievals: 0, remittanceFiles: 0, byRemittanceScenario: {},
  };
  const remittanceDelayMs = options.remittanceDelayMs ?? 10_000;
  // The payer behind the sandbox, one per CORE sender (its adjudications and 835 files).
  const payers = new Map<string, SandboxPayer>();
  const payerFor = (senderId: string): SandboxPayer => {
    const payer = payers.get(senderId) ?? new SandboxPayer(() => ++ackControlNumber);
    payers.set(senderId, payer);
    return payer;
  };
  const ack999DelayMs = options.ack999DelayMs ?? 3_000;
  const ack277DelayMs = options.ack277DelayMs ?? 5_000;
  const claimBatches = new Map<string, ClaimBatch>();
  const acceptedClaims = new Set<string>();
  // Acknowledgment ISA13s start from the clock so that a restarted sandbox never repeats one
  // (the receiver treats a repeated ISA13 from the same partner as the same file).
  let ackControlNumber = Math.floor(Date.now() / 1000) % 900_000_000;
  const claimInterchanges = new Map<string, string>();

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
      ProcessingMode: request.ProcessingMode === 'Batch' ? 'Batch' : 'RealTime',
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

  /** The deterministic answer to one 270, by the subscriber's member id (no waiting here). */
  function answerTo(inquiry: Transaction270, parsed: ReturnType<typeof parseX12>, rawPayload: string): { x12: string; payloadType: string } | { http500: true } {
    const payerId = inquiry.payer.id ?? 'unknown';
    const memberId = inquiry.subscriber.id;
    const scenario = scenarioFor(memberId);
    const context = { inquiry, interchange: parsed.interchange, controlNumber: ++controlNumber, now: new Date() };
    if (scenario === 'http_500') return { http500: true };
    if (scenario === 'reject_999') {
      const segments = tokenize(rawPayload).segments;
      const st = segments.findIndex((s) => s.id === 'ST');
      const nm1 = segments.findIndex((s) => s.id === 'NM1' && s.elements[1] === 'IL');
      return { x12: build999Reject(context, nm1 - st + 1), payloadType: PAYLOAD_TYPE_999 };
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
    return { x12: build271(context, shape, { dependent }), payloadType: PAYLOAD_TYPE_271 };
  }

  /**
   * CORE batch mode on the same endpoint: a 270 submission is only acknowledged (its PayloadID is
   * the handle); a batch results retrieval request (Payload = that PayloadID) gets "no results
   * yet" until batchDelayMs have passed, then the 271s (or 999s) of every 270 in the submission.
   */
  async function handleBatch(fields: Record<string, string>, res: ServerResponse): Promise<void> {
    await sleep(latencyMs);
    if (fields.PayloadType === PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999 || fields.PayloadType === PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_277CA) {
      stats.acknowledgmentRetrievals++;
      const batch = claimBatches.get((fields.Payload ?? '').trim());
      const is999 = fields.PayloadType === PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_999;
      const responseType = is999 ? PAYLOAD_TYPE_999 : PAYLOAD_TYPE_277CA;
      if (!batch) return answer(res, 400, coreFields(fields, responseType, 'PayloadIDIllegal', `no 837 submission with PayloadID ${fields.Payload}`));
      const ack = is999 ? batch.ack999 : batch.ack277CA;
      if (!ack || Date.now() < ack.readyAt) return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_NO_BATCH_RESULTS, 'Success', ''));
      return answer(res, 200, coreFields(fields, is999 ? batch.ack999.payloadType : responseType, 'Success', '', ack.x12));
    }
    if (fields.PayloadType === PAYLOAD_TYPE_835_REQUEST) {
      // Payload: the ISA13 of the last 835 the sender retrieved ("0" at first); answers the next ready one.
      stats.remittanceRetrievals++;
      const after = Number((fields.Payload ?? '').trim());
      if (!Number.isInteger(after) || after < 0) return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_835, 'PayloadIllegal', 'Payload must be the ISA13 of the last 835 retrieved (0 for none)'));
      const file = payers.get(fields.SenderID)?.nextFile(after, Date.now());
      if (!file) return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_NO_BATCH_RESULTS, 'Success', ''));
      stats.remittanceFiles++;
      return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_835, 'Success', '', file.x12));
    }
    if (fields.PayloadType === PAYLOAD_TYPE_BATCH_RESULTS_REQUEST_271) {
      stats.batchRetrievals++;
      const submission = batches.get((fields.Payload ?? '').trim());
      if (!submission) return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_271, 'PayloadIDIllegal', `no batch submission with PayloadID ${fields.Payload}`));
      if (Date.now() < submission.readyAt) return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_NO_BATCH_RESULTS, 'Success', ''));
      if ('http500' in submission.answer) {
        stats.byStatus[500] = (stats.byStatus[500] ?? 0) + 1;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error: sandbox scenario ERR500');
        return;
      }
      return answer(res, 200, coreFields(fields, submission.answer.payloadType, 'Success', '', submission.answer.x12));
    }
    if (fields.PayloadType === PAYLOAD_TYPE_837P) return handleClaimBatch(fields, res);
    if (fields.PayloadType !== PAYLOAD_TYPE_270) return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'PayloadTypeIllegal', `PayloadType ${fields.PayloadType} is not supported in batch mode`));
    let parsed: ReturnType<typeof parseX12>;
    try {
      parsed = parseX12(fields.Payload ?? '');
    } catch (error) {
      return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'PayloadIllegal', error instanceof Error ? error.message : String(error)));
    }
    const inquiries = parsed.transactions.filter((t): t is Transaction270 => t.type === '270');
    if (inquiries.length === 0) return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'PayloadIllegal', 'Payload holds no 270 transaction set'));
    // A PayloadID submitted again is acknowledged again, its answers unchanged.
    if (!batches.has(fields.PayloadID)) {
      stats.batchSubmissions++;
      const answers = inquiries.map((inquiry) => {
        const scenario = scenarioFor(inquiry.subscriber.id);
        stats.byScenario[scenario] = (stats.byScenario[scenario] ?? 0) + 1;
        log.info({ payloadId: fields.PayloadID, payerId: inquiry.payer.id, memberId: inquiry.subscriber.id, scenario, mode: 'Batch' }, '270 received');
        return { scenario, result: answerTo(inquiry, parsed, fields.Payload ?? '') };
      });
      const x12 = answers.flatMap(({ result }) => ('x12' in result ? [result.x12] : []));
      batches.set(fields.PayloadID, {
        readyAt: Date.now() + batchDelayMs + (answers.some((a) => a.scenario === 'slow') ? slowMs : 0),
        answer: answers.some(({ result }) => 'http500' in result) || x12.length === 0 ? { http500: true }
          : { x12: x12.join('\n'), payloadType: answers.every(({ result }) => 'payloadType' in result && result.payloadType === PAYLOAD_TYPE_999) ? PAYLOAD_TYPE_999 : PAYLOAD_TYPE_271 },
      });
    }
    return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'Success', ''));
  }

  /**
   * An 837P batch: receipt confirmed; the interchange is kept by sender and ISA13 so that a copy
   * sent again (a sender's crash between send and record) is counted as a duplicate, not a new
   * interchange.
   */
  async function handleClaimBatch(fields: Record<string, string>, res: ServerResponse): Promise<void> {
    const payload = fields.Payload ?? '';
    let isa: string[] | undefined;
    try {
      isa = tokenize(payload).segments.find((segment) => segment.id === 'ISA')?.elements;
    } catch (error) {
      return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'PayloadIllegal', error instanceof Error ? error.message : String(error)));
    }
    if (!isa || !payload.includes('ST*837*')) return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'PayloadIllegal', 'Payload holds no 837 interchange'));
    stats.claimInterchanges++;
    const key = `${(isa[6] ?? '').trim()}|${isa[13] ?? ''}`;
    if (claimInterchanges.has(key)) {
      stats.duplicateClaimInterchanges++;
      log.warn({ payloadId: fields.PayloadID, sender: (isa[6] ?? '').trim(), isa13: isa[13] }, 'duplicate 837 interchange (ISA13 already received from this sender)');
    } else {
      claimInterchanges.set(key, payload);
      log.info({ payloadId: fields.PayloadID, sender: (isa[6] ?? '').trim(), isa13: isa[13], bytes: payload.length }, '837 interchange received');
      prepareClaimAcknowledgments(fields.PayloadID, payload, isa, fields.SenderID);
    }
    return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_BATCH_RECEIPT, 'Success', ''));
  }

  /**
   * The TA1, 999 and 277CA of a new 837 interchange, ready for retrieval after their delays. An
   * interchange whose envelope is rejected gets only its TA1 R (in place of the 999); an accepted
   * one that asked for a TA1 (ISA14 = 1) gets the TA1 A in the 999's interchange.
   */
  function prepareClaimAcknowledgments(payloadId: string, payload: string, isa: string[], coreSenderId: string): void {
    const now = new Date();
    const ta1 = acknowledgeInterchange(isa, ++ackControlNumber, now);
    stats.byInterchangeScenario[ta1.scenario] = (stats.byInterchangeScenario[ta1.scenario] ?? 0) + 1;
    if (ta1.scenario !== 'accepted' && ta1.interchange) {
      log.info({ payloadId, isa13: isa[13], scenario: ta1.scenario }, '837 interchange rejected (TA1 R)');
      claimBatches.set(payloadId, { ack999: { x12: ta1.interchange, readyAt: now.getTime() + ack999DelayMs, payloadType: PAYLOAD_TYPE_TA1 }, ack277CA: null });
      return;
    }
    const parsed = parseX12(payload);
    const sets = parsed.transactions.filter((t): t is Transaction837 => t.type === '837');
    const acks = acknowledgeClaimBatch({
      payload, interchange: parsed.interchange, sets, now,
      nextControlNumber: () => ++ackControlNumber,
      alreadyAccepted: (pcn) => acceptedClaims.has(`${parsed.interchange.senderId.trim()}|${pcn}`),
    });
    for (const [pcn, scenario] of Object.entries(acks.scenarios) as [string, ClaimScenario][]) {
      stats.byClaimScenario[scenario] = (stats.byClaimScenario[scenario] ?? 0) + 1;
      if (scenario === 'accepted') acceptedClaims.add(`${parsed.interchange.senderId.trim()}|${pcn}`);
    }
    claimBatches.set(payloadId, {
      ack999: { x12: ta1.segment ? withTA1(acks.ack999, ta1.segment) : acks.ack999, readyAt: now.getTime() + ack999DelayMs, payloadType: PAYLOAD_TYPE_999 },
      ack277CA: acks.ack277CA ? { x12: acks.ack277CA, readyAt: now.getTime() + ack999DelayMs + ack277DelayMs } : null,
    });
    const accepted: AcceptedClaim[] = sets.flatMap((set) => set.claims).filter((c) => acks.payerClaimControlNumbers[c.patientControlNumber])
      .map((claim) => ({ claim, payerClaimControlNumber: acks.payerClaimControlNumbers[claim.patientControlNumber] }));
    const file = payerFor(coreSenderId).adjudicateInterchange(parsed.interchange, accepted, now.getTime() + ack999DelayMs + ack277DelayMs + remittanceDelayMs, now);
    for (const scenario of Object.values(file?.scenarios ?? {})) stats.byRemittanceScenario[scenario] = (stats.byRemittanceScenario[scenario] ?? 0) + 1;
  }

  async function handleRealtime(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const contentType = req.headers['content-type'] ?? '';
    const fields = contentType.startsWith('multipart/') ? await readMultipart(contentType, req) : {};
    stats.requestsRead++;
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
    if (fields.ProcessingMode === 'Batch') return handleBatch(fields, res);
    if (fields.PayloadType === PAYLOAD_TYPE_276 && fields.ProcessingMode === 'RealTime') return handleClaimStatus(fields, res);
    if (fields.PayloadType !== PAYLOAD_TYPE_270) return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'PayloadTypeIllegal', `PayloadType ${fields.PayloadType} is not supported`));
    if (fields.ProcessingMode !== 'RealTime') return answerLater(400, coreFields(fields, PAYLOAD_TYPE_271, 'ProcessingModeIllegal', 'ProcessingMode must be RealTime or Batch'));

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
      if (scenario === 'slow') await sleep(slowMs);
      if (randomFailure(options.failPercent ?? 0)) {
        stats.byStatus[503] = (stats.byStatus[503] ?? 0) + 1;
        log.info({ payloadId: fields.PayloadID, payerId, memberId, status: 503 }, 'random partner fault');
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('Service Unavailable: sandbox random fault');
        return;
      }
      const result = answerTo(inquiry, parsed, fields.Payload ?? '');
      if ('x12' in result && scenario === 'malformed_271') result.x12 = malformed271(result.x12);
      if ('x12' in result && scenario === 'drip') {
        const { contentType, body } = await encodeMultipart(coreFields(fields, result.payloadType, 'Success', '', result.x12));
        stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
        return dripAnswer(res, 200, { 'content-type': contentType, 'content-length': body.length }, body, sleep, 16, options.dripEveryMs ?? 250);
      }
      if ('http500' in result) {
        stats.byStatus[500] = (stats.byStatus[500] ?? 0) + 1;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error: sandbox scenario ERR500');
        return;
      }
      return answer(res, 200, coreFields(fields, result.payloadType, 'Success', '', result.x12));
    } finally {
      stats.inFlight--;
      stats.inFlightByPayer[payerId] = (stats.inFlightByPayer[payerId] ?? 1) - 1;
    }
  }

  /** A real-time 276: a 277 by the claim's scenario (claim-status.ts), counted in flight per payer like 270s. */
  async function handleClaimStatus(fields: Record<string, string>, res: ServerResponse): Promise<void> {
    let parsed: ReturnType<typeof parseX12>;
    let request: Transaction276 | undefined;
    try {
      parsed = parseX12(fields.Payload ?? '');
      request = parsed.transactions.find((t): t is Transaction276 => t.type === '276');
    } catch (error) {
      await sleep(latencyMs);
      return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_277, 'PayloadIllegal', error instanceof Error ? error.message : String(error)));
    }
    if (!request || request.inquiries.length === 0) {
      await sleep(latencyMs);
      return answer(res, 400, coreFields(fields, PAYLOAD_TYPE_277, 'PayloadIllegal', 'Payload holds no 276 claim inquiry'));
    }
    const payerId = request.payer?.id ?? 'unknown';
    const scenario = scenarioOf276(request);
    stats.byScenario[`276_${scenario}`] = (stats.byScenario[`276_${scenario}`] ?? 0) + 1;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.inFlightByPayer[payerId] = (stats.inFlightByPayer[payerId] ?? 0) + 1;
    stats.maxInFlightByPayer[payerId] = Math.max(stats.maxInFlightByPayer[payerId] ?? 0, stats.inFlightByPayer[payerId] ?? 0);
    try {
      log.info({ payloadId: fields.PayloadID, payerId, scenario, trace: request.inquiries[0]?.traceNumber }, '276 received');
      await sleep(latencyMs);
      if (scenario === 'slow') await sleep(slowMs);
      if (scenario === 'http_500') {
        stats.byStatus[500] = (stats.byStatus[500] ?? 0) + 1;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error: sandbox scenario ERR500');
        return;
      }
      return answer(res, 200, coreFields(fields, PAYLOAD_TYPE_277, 'Success', '', answer276(request, parsed.interchange, ++controlNumber, new Date())));
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
    batchResults: (payloadId) => {
      const submission = batches.get(payloadId);
      return submission && 'x12' in submission.answer ? submission.answer.x12 : null;
    },
    claimAcknowledgments: (payloadId) => {
      const batch = claimBatches.get(payloadId);
      return batch ? { ack999: batch.ack999.x12, ack277CA: batch.ack277CA?.x12 ?? null } : null;
    },
    remittances: (senderId) => (payers.get(senderId)?.files ?? []).map(({ interchangeControlNumber, x12, scenarios }) => ({ interchangeControlNumber, x12, scenarios })),
    close: () => new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
