// An error the domain code raises about what it was given, in its own terms: which kind of problem
// (what the caller must change), a stable code and a message naming the field or row. The domain
// code knows nothing of HTTP; the REST layer maps the kind to a status (server/http/errors.ts), and
// a worker or a CLI reports the message as it is.
export type InputErrorKind = 'invalid' | 'too_large';

export class InputError extends Error {
  readonly kind: InputErrorKind;
  readonly code: string;
  readonly details: unknown;
  constructor(kind: InputErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'InputError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}
