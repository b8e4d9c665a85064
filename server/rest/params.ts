// Input checks the REST routes share: one UUID check (server/is-uuid.ts, also the token's and the
// worker tasks'), a body's text field, a query parameter.
import { HttpError } from '../http/errors.ts';

export { isUuid } from '../is-uuid.ts';

/** A body field that is text of at most `max` characters, as sent (callers trim); null when absent or null. */
export function bodyText(body: unknown, field: string, max: number): string | null {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max) throw new HttpError(400, 'invalid_parameter', `${field} must be text of at most ${max} characters`, { field });
  return value;
}

/** A query parameter given at most once; undefined when absent or empty. */
export function optionalQuery(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_parameter', `${field} must be given once`, { field });
  return value;
}
