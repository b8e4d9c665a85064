// V8's JSON.parse message for an unexpected token quotes the text around it
// (`Unexpected token 'W', ..."criberId":W123456789"... is not valid JSON`): the caller's data, PHI
// in a member's record. What an error may say is what was wrong and, when V8 gives it, where.
const QUOTING = /^Unexpected token .*? is not valid JSON$/s;

/** A JSON.parse error's message without the request's text. */
export function jsonSyntaxMessage(message: string): string {
  return QUOTING.test(message) ? 'Unexpected token (the text around it is not repeated: it may hold PHI)' : message;
}
