// The entry of an X12 reader thread (piscina loads it): one task is one read of tasks.ts.
import { runReadTask, type ReadOutcome, type ReadTaskName } from './tasks.ts';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // keeps a BOM, as Buffer.toString does on the event loop

/** `input.x12` is text, or the transferred bytes of a body sent as X12 (decoded here, off the event loop). */
export default function read({ name, input }: { name: ReadTaskName; input: { x12: string | Uint8Array } }): ReadOutcome<unknown> {
  const x12 = typeof input.x12 === 'string' ? input.x12 : utf8.decode(input.x12);
  return runReadTask(name, { ...input, x12 } as never);
}
