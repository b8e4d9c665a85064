// The one error shape of every route: {"error": {"code", "message", "details"}}.
// Postgres errors are mapped by SQLSTATE (see docs/errors.md).
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { InputError, type InputErrorKind } from '../domain/input-error.ts';
import { jsonSyntaxMessage } from '../domain/json-syntax.ts';
import { logger } from '../log.ts';
import { X12ReadersBusyError } from '../x12-readers/pool.ts';

const log = logger('server');

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

const SQLSTATE_STATUS: Record<string, [number, string]> = {
  '42501': [403, 'forbidden'],
  P0002: [404, 'not_found'],
  '23505': [409, 'conflict'],
  '55000': [409, 'invalid_state'],
  '40001': [409, 'serialization_failure'],
  '22023': [400, 'invalid_parameter'],
  '22P02': [400, 'invalid_input'],
  '22007': [400, 'invalid_datetime'],
  '22008': [400, 'invalid_datetime'],
  '22003': [400, 'out_of_range'],
  // A NUL character or bytes that are not UTF-8 in a parameter ("invalid byte sequence for encoding").
  '22021': [400, 'invalid_text'],
  '22004': [400, 'null_value'],
  '23502': [400, 'missing_value'],
  '23503': [400, 'unknown_reference'],
  '23514': [400, 'check_violation'],
  '23P01': [409, 'conflict'],
  '54000': [413, 'too_large'],
  // Postgres's "stack depth limit exceeded": a value nested too deeply (jsonb).
  '54001': [400, 'too_deeply_nested'],
  '57014': [503, 'statement_timeout'],
};

export function pgErrorToHttp(error: PgErrorLike): HttpError | null {
  if (!error.code) return null;
  const mapped = SQLSTATE_STATUS[error.code];
  if (!mapped) return null;
  // Postgres' DETAIL repeats row data ("Failing row contains (...)", "Key (...)=(...)"): PHI, never answered.
  const details = { sqlstate: error.code, hint: error.hint, column: error.column, constraint: error.constraint };
  return new HttpError(mapped[0], mapped[1], error.message, details);
}

// The one mapping of the domain's input errors to HTTP.
const INPUT_ERROR_STATUS: Record<InputErrorKind, number> = { invalid: 400, too_large: 413 };

export function inputErrorToHttp(error: InputError): HttpError {
  return new HttpError(INPUT_ERROR_STATUS[error.kind], error.code, error.message, error.details);
}

export function sendError(res: Response, error: HttpError): void {
  res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details ?? null } });
}

export const notFoundRoute: RequestHandler = (req, res) => {
  sendError(res, new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  if (res.headersSent) return;
  if (error instanceof HttpError) return sendError(res, error);
  if (error instanceof InputError) return sendError(res, inputErrorToHttp(error));
  if (error instanceof X12ReadersBusyError) {
    res.set('Retry-After', '1');
    return sendError(res, new HttpError(503, 'x12_readers_busy', error.message));
  }
  const bodyError = error as { type?: string; status?: number; limit?: number; message: string };
  if (bodyError.type === 'entity.parse.failed') return sendError(res, new HttpError(400, 'malformed_json', `request body is not valid JSON: ${jsonSyntaxMessage(bodyError.message)}`));
  if (bodyError.type === 'entity.too.large') return sendError(res, new HttpError(413, 'body_too_large', `request body is larger than the limit of ${bodyError.limit} bytes`));
  if (bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') return sendError(res, new HttpError(415, 'unsupported_encoding', bodyError.message));
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) return sendError(res, new HttpError(bodyError.status, 'bad_request', bodyError.message));
  if (bodyError.message === 'timeout exceeded when trying to connect') return sendError(res, new HttpError(503, 'database_busy', 'no database connection free in time; retry later'));
  const mapped = pgErrorToHttp(error as PgErrorLike);
  if (mapped) return sendError(res, mapped);
  log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
  sendError(res, new HttpError(500, 'internal_error', 'internal error; see the server log'));
};
