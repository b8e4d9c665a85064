// GraphQL errors carry the SQLSTATE in extensions.code, as REST maps it to a status.
// Messages from our SQL are written for operators; anything else is masked. Postgres' DETAIL is
// never passed on: it repeats row data ("Failing row contains (...)"), PHI.
import { GraphQLError } from 'postgraphile/graphql';
import { logger } from '../log.ts';

const log = logger('graphql');
const SAFE_CLASSES = ['22', '23', '42501', 'P0002', '55000', '40001', '54000', '54001', '57014', 'RC'];

export function maskGraphqlError(error: GraphQLError): GraphQLError {
  const original = error.originalError as { code?: string; hint?: string } | undefined;
  if (!original) return error;
  const code = original.code;
  if (typeof code === 'string' && SAFE_CLASSES.some((prefix) => code.startsWith(prefix))) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: undefined,
      extensions: { ...error.extensions, code, hint: original.hint },
    });
  }
  if (original instanceof GraphQLError) return error;
  log.error({ err: original, path: error.path }, 'graphql error masked');
  return new GraphQLError('internal error; see the server log', { nodes: error.nodes, path: error.path, extensions: { code: 'INTERNAL' } });
}
