// Reads X12 (tokenize, parse, map) off the event loop. Mapping costs ~25 µs a segment, so a 1 MB
// interchange at a route's 10,000-segment cap held the event loop (and /healthz, every other request,
// the in-process job runner) for 250-450 ms on a loaded machine. An interchange larger than
// X12_READ_INLINE_MAX_CHARS is read in a small pool of worker threads (piscina): X12_READ_THREADS
// at once, X12_READ_MAX_QUEUE waiting, then X12ReadersBusyError (a 503 with Retry-After).
// Smaller ones are read in place: the hop to a thread and back costs more than reading them.
//
// Usage: const answers = await readX12('lateResponses', { x12, maxSegments: 10_000 });
// Errors are those of the inline read (an X12SyntaxError naming the segment stays one).
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { config } from '../config.ts';
import { X12Source } from './x12-source.ts';
import { runReadTask, runRemittanceRead, unwrapReadOutcome, type ReadOutcome, type ReadTaskName, type ReadTasks, type RemittanceMessage } from './tasks.ts';
import type { TransactionToPost } from '../remittances/transaction-to-post.ts';

type WithSource<I> = Omit<I, 'x12'> & { x12: string | X12Source };

export class X12ReadersBusyError extends Error {
  constructor() {
    super('every X12 reader is busy and the queue is full; retry later');
    this.name = 'X12ReadersBusyError';
  }
}

let pool: Piscina | null = null;
let ready: Promise<void> = Promise.resolve();

function readers(): Piscina {
  if (pool) return pool;
  const threads = config.x12ReadThreads;
  // Every thread starts with the pool and stays: a thread started on demand loads the X12 code
  // first (a second or more on a loaded machine), so the read that asked for it waited that long
  // (four 1 MB bodies at once: the fourth answered in 1.1-1.3 s). Idle threads do not keep the
  // process alive.
  const created = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: config.x12ReadMaxQueue,
    niceIncrement: config.x12ReadNice,
  });
  ready = new Promise((resolve, reject) => {
    let started = 0;
    created.on('workerCreate', () => { if (++started === threads) resolve(); });
    created.once('error', reject);
  });
  pool = created;
  return created;
}

/** Reads `input.x12`: text, or the X12Source of a route (its bytes go to the thread by transfer). */
export async function readX12<N extends ReadTaskName>(name: N, input: WithSource<Parameters<ReadTasks[N]>[0]>): Promise<ReturnType<ReadTasks[N]>> {
  const source = input.x12 instanceof X12Source ? input.x12 : null;
  if (input.x12.length <= config.x12ReadInlineMaxChars) return unwrapReadOutcome(runReadTask(name, { ...input, x12: source ? source.text : input.x12 } as Parameters<ReadTasks[N]>[0]));
  const { x12, transfer } = source ? source.forThread() : { x12: input.x12 as string, transfer: [] };
  let outcome: ReadOutcome<ReturnType<ReadTasks[N]>>;
  try {
    outcome = await readers().run({ name, input: { ...input, x12 } }, { transferList: transfer });
  } catch (error) {
    if ((error as Error).message === 'Task queue is at limit') throw new X12ReadersBusyError();
    throw error;
  }
  return unwrapReadOutcome(outcome);
}

/** A remittance file being read: its ISA13 and how many 835s it holds, known once the whole
 *  interchange is tokenized (an unreadable file fails before this resolves, nothing of it handed
 *  out); then its 835s, in file order, each as soon as the reader has mapped it. */
export interface RemittanceFile {
  controlNumber: string;
  count: number;
  /** Read once. Leaving the loop early (a posting failed) stops taking the rest. A read that fails
   *  after the head (not expected: mapping records warnings, it does not throw) throws here. */
  transactions: AsyncIterable<TransactionToPost>;
  /** Stops taking the file's 835s without reading them (a poll refusing the file's ISA13). */
  close: () => void;
}

/** Reads a remittance file (tasks.ts readRemittances), in a reader thread when it is large: the
 *  thread sends each 835 on a MessagePort of its own as soon as it is mapped, so that the
 *  posting of the first 835s overlaps the reading of the others. */
export async function readRemittanceFile(input: WithSource<{ x12: string; maxSegments?: number }>): Promise<RemittanceFile> {
  const source = input.x12 instanceof X12Source ? input.x12 : null;
  if (input.x12.length <= config.x12ReadInlineMaxChars) {
    let head = { controlNumber: '', count: 0 };
    const transactions: TransactionToPost[] = [];
    unwrapReadOutcome(runRemittanceRead({ ...input, x12: source ? source.text : input.x12 as string }, (message) => {
      if ('head' in message) head = message.head;
      else if ('transaction' in message) transactions.push(message.transaction);
    }));
    return { ...head, transactions: (async function* () { yield* transactions; })(), close: () => undefined };
  }
  const { x12, transfer } = source ? source.forThread() : { x12: input.x12 as string, transfer: [] };
  const { port1, port2 } = new MessageChannel();
  const received: TransactionToPost[] = [];
  let failed: { error: unknown } | null = null;
  let sent: number | null = null;
  let wake: (() => void) | null = null;
  let headKnown!: (head: { controlNumber: string; count: number }) => void;
  let headFailed!: (error: unknown) => void;
  const head = new Promise<{ controlNumber: string; count: number }>((resolve, reject) => { headKnown = resolve; headFailed = reject; });
  const fail = (error: unknown) => {
    failed ??= { error };
    headFailed(error);
    wake?.();
    port2.close();
  };
  port2.on('message', (message: RemittanceMessage) => {
    if ('head' in message) headKnown(message.head);
    else if ('transaction' in message) received.push(message.transaction);
    else sent = message.done;
    wake?.();
  });
  port2.unref(); // a file nobody reads to its end does not keep the process alive
  readers().run({ name: 'remittances', input: { ...input, x12 }, port: port1 }, { transferList: [...transfer, port1] as never }).then(
    (outcome: ReadOutcome<null>) => {
      try {
        unwrapReadOutcome(outcome);
      } catch (error) {
        fail(error);
      }
    },
    (error: Error) => fail(error.message === 'Task queue is at limit' ? new X12ReadersBusyError() : error));
  const { controlNumber, count } = await head;
  if (count === 0) {
    // Nothing to hand out (the reader's "done" may still be on its way: not waited for).
    port2.close();
    return { controlNumber, count, transactions: (async function* () { /* no 835 */ })(), close: () => undefined };
  }
  async function* transactions(): AsyncGenerator<TransactionToPost> {
    try {
      let delivered = 0;
      for (;;) {
        if (received.length > 0) {
          delivered++;
          yield received.shift()!;
        } else if (sent !== null) {
          // Messages of one port arrive in the order sent: "done" comes after the last 835.
          if (delivered !== count) throw new Error(`the X12 reader handed out ${delivered} of the file's ${count} 835 transactions`);
          return;
        } else if (failed) {
          throw failed.error;
        } else {
          await new Promise<void>((resolve) => { wake = resolve; });
          wake = null;
        }
      }
    } finally {
      port2.close();
    }
  }
  return { controlNumber, count, transactions: transactions(), close: () => port2.close() };
}

/** Starts the reader threads (each loads the X12 code) before the first large read; resolves once every thread takes reads. */
export function warmX12Readers(): Promise<void> {
  readers();
  return ready;
}

/** Ends the reader threads (a service stopping); the next read starts them again. */
export async function closeX12Readers(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.destroy();
}
