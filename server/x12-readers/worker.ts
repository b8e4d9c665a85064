// The entry of an X12 reader thread (piscina loads it): one task is one read of tasks.ts. A read
// that hands out its results as it goes (a remittance file's 835s) gets a MessagePort to send them on.
import type { MessagePort } from 'node:worker_threads';
import { runReadTask, runRemittanceRead, type ReadOutcome, type ReadTaskName } from './tasks.ts';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // keeps a BOM, as Buffer.toString does on the event loop

/** `input.x12` is text, or the transferred bytes of a body sent as X12 (decoded here, off the event loop). */
export default function read({ name, input, port }: { name: ReadTaskName | 'remittances'; input: { x12: string | Uint8Array }; port?: MessagePort }): ReadOutcome<unknown> {
  const x12 = typeof input.x12 === 'string' ? input.x12 : utf8.decode(input.x12);
  // The event loop knows the read is complete when it has the head's count of 835s, and closes the port.
  if (name === 'remittances') return runRemittanceRead({ ...input, x12 }, (message) => port!.postMessage(message));
  return runReadTask(name, { ...input, x12 } as never);
}
