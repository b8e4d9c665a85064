// Partner faults, for the faults bench and tests: a share of all real-time 270s answered with a
// 503 at random (failPercent), answers that trickle out a few bytes at a time (DRIP members: the
// 271 arrives, slowly, well past any client timeout), and a malformed 271 (BAD271 members).
import type { ServerResponse } from 'node:http';

/** True for about `percent` % of calls. */
export function randomFailure(percent: number): boolean {
  return percent > 0 && Math.random() * 100 < percent;
}

/** A 271 a parser must refuse: the interchange stops in the middle of the transaction set (no SE, GE, IEA). */
export function malformed271(x12: string): string {
  const cut = x12.indexOf('EB*');
  return cut > 0 ? `${x12.slice(0, cut)}EB*1*IND*30**SANDBOX GOLD` : x12.slice(0, Math.floor(x12.length / 2));
}

/**
 * Writes the whole answer, `chunkBytes` every `everyMs`: the status line and headers at once, the
 * body in drips. Stops when the client goes away.
 */
export async function dripAnswer(res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer,
  sleep: (ms: number) => Promise<void>, chunkBytes = 16, everyMs = 250): Promise<void> {
  res.writeHead(status, headers);
  for (let offset = 0; offset < body.length; offset += chunkBytes) {
    if (res.destroyed || res.writableEnded) return;
    res.write(body.subarray(offset, offset + chunkBytes));
    await sleep(everyMs);
  }
  res.end();
}
