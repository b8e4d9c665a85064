// After answering a refused upload early (a 400 naming the row while the file is still coming),
// read and discard what the client still sends, up to a byte and time limit (32 MB, 5 s after the answer), then close. Closing
// at once (Connection: close) left the client's bytes unread, and Linux resets such a socket: a
// client still sending then lost the answer (EPIPE / ECONNRESET) instead of reading the 400.
// Draining without limit would let a 200 MB file keep coming, so past the limit the socket is
// destroyed anyway (by then the client has had the answer).
import type { Request, Response } from 'express';

const DISCARD_MAX_BYTES = 32 * 1024 * 1024;
const DISCARD_MAX_MS = 5000;

export function discardRestOfBody(req: Request, res: Response): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  let timer: NodeJS.Timeout | undefined;
  const close = () => req.socket?.destroy();
  // The time limit counts from the answer written, not from the refusal (an answer can wait for a rollback).
  res.once('finish', () => {
    if (req.complete) return;
    timer = setTimeout(close, DISCARD_MAX_MS);
    timer.unref();
  });
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) close();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  // No Connection: close: Node would destroy the socket as soon as the answer is written.
  req.resume();
}
