// An interchange as a route received it: the raw bytes of a body sent as X12, or the text of one
// sent inside JSON. A reader thread takes the bytes by transfer (no string is decoded on the event
// loop, then structure-cloned to the thread: for 5 MB that was 10-50 ms of the event loop under
// load); the event loop decodes the text only when a route stores it, after the read succeeded.
export class X12Source {
  readonly #bytes: Buffer | null;
  #text: string | null;

  constructor(body: Buffer | string) {
    this.#bytes = typeof body === 'string' ? null : body;
    this.#text = typeof body === 'string' ? body : null;
  }

  /** Bytes (raw UTF-8) or characters (JSON): what the inline-or-thread choice compares. */
  get length(): number {
    return this.#bytes ? this.#bytes.length : this.#text!.length;
  }

  /** The interchange's text (decoded once, when first asked for). */
  get text(): string {
    this.#text ??= this.#bytes!.toString('utf8');
    return this.#text;
  }

  /** Whether the interchange starts with ISA after leading white space, without decoding all of it. */
  startsWithIsa(): boolean {
    if (!this.#bytes) return this.#text!.trimStart().startsWith('ISA');
    const head = this.#bytes.subarray(0, 1024).toString('utf8').trimStart();
    return head === '' ? this.text.trimStart().startsWith('ISA') : head.startsWith('ISA');
  }

  /** What a reader thread is sent: a copy of the bytes in a buffer of their own, to transfer, or the text. */
  forThread(): { x12: string | Uint8Array; transfer: ArrayBuffer[] } {
    if (!this.#bytes) return { x12: this.#text!, transfer: [] };
    const copy = new Uint8Array(this.#bytes);
    return { x12: copy, transfer: [copy.buffer] };
  }
}
