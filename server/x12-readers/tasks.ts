// What each caller reads out of an X12 interchange (tokenize, parse, map), as functions of plain data
// to plain data: pool.ts runs them on the event loop for a small interchange and in its
// worker threads for a large one. This module and what it imports must load in a worker thread:
// X12 code only (no configuration, database or transport).
import { assertArrivedWhole } from '../../x12/arrived-whole.ts';
import { parseX12, readX12Lazily } from '../../x12/parse.ts';
import { transactionSetTexts } from '../../x12/transaction-set-texts.ts';
import { element, X12SyntaxError } from '../../x12/tokenize.ts';
import type { ParsedX12 } from '../../x12/types.ts';
import { readAcknowledgments, type AcknowledgmentInput } from '../claims/acknowledgment-input.ts';
import { readBatchAnswer, readLateResponses, type LateResponse } from '../eligibility/late-response.ts';
import { transactionToPost, type TransactionToPost } from '../remittances/transaction-to-post.ts';

/** A late 271 as POST /eligibility/responses stores it: its transaction already JSON text, made
 *  where it was mapped, so a multi-megabyte 271 crosses back to the event loop as one string (a
 *  copy), not as an object graph to rebuild and stringify there. */
export type LateResponseRecord = Omit<LateResponse, 'transaction'> & { transactionJson: string };

export interface ReadTasks {
  /** The whole interchange, normalized (parseX12). */
  parse: (input: { x12: string; maxSegments?: number }) => ParsedX12;
  /** The 271s of POST /eligibility/responses, matched later by trace number. */
  lateResponses: (input: { x12: string; maxSegments?: number }) => LateResponseRecord[];
  /** The 271 or 999 answering one batch 270. */
  batchAnswer: (input: { x12: string; traceNumber: string }) => ReturnType<typeof readBatchAnswer>;
  /** The TA1, 999 and 277CA of an acknowledgment file. */
  acknowledgments: (input: { x12: string; maxSegments?: number }) => AcknowledgmentInput[];
  /** The claims of the interchange's `index`-th 835 (0-based) as JSON text: what a posting asks for when
   *  a CLP goes to the unmatched queue (server/remittances/post-transaction.ts). */
  remittanceClaims: (input: { x12: string; index: number; maxSegments?: number }) => string;
}

export const readTasks: ReadTasks = {
  parse: ({ x12, maxSegments }) => parseX12(x12, { maxSegments }),
  lateResponses: ({ x12, maxSegments }) => readLateResponses(x12, { maxSegments }).map(({ transaction, ...answer }) => ({ ...answer, transactionJson: JSON.stringify(transaction) })),
  batchAnswer: ({ x12, traceNumber }) => readBatchAnswer(x12, traceNumber),
  acknowledgments: ({ x12, maxSegments }) => readAcknowledgments(x12, { maxSegments }),
  remittanceClaims: ({ x12, index, maxSegments }) => {
    let at = 0;
    for (const transaction of readX12Lazily(x12, { maxSegments }).transactions) {
      if ((transaction.type as string) !== '835') continue;
      if (at++ === index) return JSON.stringify((transaction as { claims?: unknown }).claims ?? []);
    }
    throw new Error(`the interchange has no 835 number ${index + 1}`);
  },
};

export type ReadTaskName = keyof ReadTasks;

/** What a remittance file's read sends, in this order: its head, once the whole interchange is
 *  tokenized and found whole (a syntax error, the segment limit or a lost segment is thrown before
 *  it, so nothing of an unreadable or cut-off file is posted); then each 835 in file order, as the JSON the posting takes, as soon as it is
 *  mapped (made here, in the reader thread: text crosses to the event loop cheaper than an object
 *  tree), so that the first 835 of a file posts while the others are still being read; last, how
 *  many were sent. */
export type RemittanceMessage = { head: { controlNumber: string; count: number } } | { transaction: TransactionToPost } | { done: number };

export function readRemittances({ x12, maxSegments }: { x12: string; maxSegments?: number }, send: (message: RemittanceMessage) => void): void {
  const read = readX12Lazily(x12, { maxSegments });
  // Before the head: no 835 of a cut-off file is posted.
  assertArrivedWhole(read.segments);
  const count = read.segments.filter((segment) => segment.id === 'ST' && element(segment, 1) === '835').length;
  // Several 835s in one file: each keeps its own ST..SE in the file's envelope, not the whole file.
  const texts = count > 1 ? transactionSetTexts(x12, '835') : [];
  send({ head: { controlNumber: read.interchange.controlNumber, count } });
  let index = 0;
  for (const transaction of read.transactions) {
    if ((transaction.type as string) !== '835') continue;
    send({ transaction: transactionToPost(transaction, texts.length === count ? texts[index] : null) });
    index++;
  }
  send({ done: index });
}

/** readRemittances as the outcome a thread sends back (the messages went out on their own). */
export function runRemittanceRead(input: { x12: string; maxSegments?: number }, send: (message: RemittanceMessage) => void): ReadOutcome<null> {
  return outcomeOf(() => { readRemittances(input, send); return null; });
}

/** What crosses the thread boundary: an Error's class does not survive structured cloning, so a
 *  failure travels as its name and message and is thrown again as the same class (routes answer
 *  an X12SyntaxError with a 400 naming the segment). */
export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; name: string; message: string };

export function runReadTask<N extends ReadTaskName>(name: N, input: Parameters<ReadTasks[N]>[0]): ReadOutcome<ReturnType<ReadTasks[N]>> {
  return outcomeOf(() => (readTasks[name] as (input: unknown) => ReturnType<ReadTasks[N]>)(input));
}

function outcomeOf<T>(read: () => T): ReadOutcome<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: err.name, message: err.message };
  }
}

export function unwrapReadOutcome<T>(outcome: ReadOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  if (outcome.name === 'X12SyntaxError') throw new X12SyntaxError(outcome.message);
  const error = new Error(outcome.message);
  error.name = outcome.name;
  throw error;
}
