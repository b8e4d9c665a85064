// One UUID check for the REST routes, the token and the worker tasks' payloads (server/is-uuid.ts).
export { isUuid } from '../is-uuid.ts';
