// The entry of an X12 reader thread (piscina loads it): one task is one read of tasks.ts.
import { runReadTask, type ReadOutcome, type ReadTaskName } from './tasks.ts';

export default function read({ name, input }: { name: ReadTaskName; input: { x12: string } }): ReadOutcome<unknown> {
  return runReadTask(name, input as never);
}
