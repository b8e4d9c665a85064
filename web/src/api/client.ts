// The console's only channel to the server: POST /graphql with the bearer token.
import { print } from '@0no-co/graphql.web';
import type { TadaDocumentNode } from 'gql.tada';
import { readToken, writeToken } from '../auth/token-store.ts';
import { describeGraphqlErrors, type GraphqlErrorShape } from '../lib/errors.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly errors: GraphqlErrorShape[];
  constructor(status: number, errors: GraphqlErrorShape[]) {
    super(describeGraphqlErrors(errors));
    this.status = status;
    this.errors = errors;
  }
  /** The SQLSTATE-like code of the first error (42501, P0002, 22023, ...). */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

const printed = new WeakMap<object, string>();

function queryText(document: TadaDocumentNode<unknown, never>): string {
  let text = printed.get(document);
  if (!text) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

export async function gqlRequest<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables?: Variables,
  options: { token?: string | null; signal?: AbortSignal } = {},
): Promise<Result> {
  const token = options.token === undefined ? readToken() : options.token;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: queryText(document as TadaDocumentNode<unknown, never>), variables: variables ?? {} }),
    signal: options.signal,
  });
  let json: { data?: Result; errors?: GraphqlErrorShape[]; error?: { code: string; message: string } };
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.status, [{ message: `the server answered ${response.status} without JSON` }]);
  }
  if (response.status === 401) {
    if (options.token === undefined && token) writeToken(null);
    throw new ApiError(401, [{ message: json.error?.message ?? 'sign in again: the token was refused', extensions: { code: 'UNAUTHENTICATED' } }]);
  }
  if (json.errors?.length) throw new ApiError(response.status, json.errors);
  if (!response.ok || !json.data) throw new ApiError(response.status, [{ message: json.error?.message ?? `request failed with ${response.status}` }]);
  return json.data;
}
