// After answering a refused upload early (a 400 naming the row while the file is still coming),
// read and discard what the client still sends, up to a byte and time limit, then close. Closing
// at once (Connection: close) left the client's bytes unread, and Linux resets such a socket: a
// client still sending then lost the answer (EPIPE / ECONNRESET) instead of reading the 400.
// Draining without limit would let a 200 MB file keep coming, so past the limit the socket is
// destroyed anyway (by then the client has had the answer).
import type { Request } from 'express';

const DISCARD_MAX_BYTES = 32 * 1024 * 1024;
const DISCARD_MAX_MS = 2000;

export function discardRestOfBody(req: Request): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, DISCARD_MAX_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) close();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  // No Connection: close: Node would destroy the socket as soon as the answer is written.
  req.resume();
}
