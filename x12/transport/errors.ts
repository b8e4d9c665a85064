// Transport failures the CORE client throws. Messages are what the operator reads in a FAILED row.

export class TransportTimeoutError extends Error {
  readonly url: string;
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs: number) {
    super(`Timeout after ${timeoutMs} ms calling ${url}`);
    this.name = 'TransportTimeoutError';
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

export class TransportConnectionError extends Error {
  readonly url: string;
  readonly code: string | null;
  constructor(url: string, code: string | null, detail: string) {
    super(`Connection failed calling ${url}: ${code ?? detail}`);
    this.name = 'TransportConnectionError';
    this.url = url;
    this.code = code;
  }
}

export class TransportHttpError extends Error {
  readonly url: string;
  readonly status: number;
  readonly bodyExcerpt: string;
  constructor(url: string, status: number, bodyExcerpt: string) {
    super(`HTTP ${status} from trading partner at ${url}: ${bodyExcerpt || '(empty body)'}`);
    this.name = 'TransportHttpError';
    this.url = url;
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }
}

export class TransportAuthError extends Error {
  readonly url: string;
  readonly status: number;
  readonly errorCode: string | null;
  constructor(url: string, status: number, errorCode: string | null, errorMessage: string | null) {
    super(`HTTP ${status} from trading partner: ${errorCode ?? 'UnAuthorized'}${errorMessage ? ` (${errorMessage})` : ''} at ${url}`);
    this.name = 'TransportAuthError';
    this.url = url;
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** The partner answered, but not with a usable CORE envelope (wrong content type, missing Payload, error code). */
export class TransportProtocolError extends Error {
  readonly url: string;
  readonly errorCode: string | null;
  constructor(url: string, message: string, errorCode: string | null = null) {
    super(`Trading partner at ${url} sent an unusable CORE response: ${message}`);
    this.name = 'TransportProtocolError';
    this.url = url;
    this.errorCode = errorCode;
  }
}

/** We refused the exchange before or while reading it: plain http in production, a redirect, an oversized answer. */
export class TransportPolicyError extends Error {
  readonly url: string;
  constructor(url: string, message: string) {
    super(`Refused exchange with trading partner at ${url}: ${message}`);
    this.name = 'TransportPolicyError';
    this.url = url;
  }
}

export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
