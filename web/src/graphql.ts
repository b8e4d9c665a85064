// Typed GraphQL documents: gql.tada reads graphql/schema.graphql (see web/tsconfig.json), so an
// operation that no longer matches the schema fails `gql-tada check` in the build.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    UUID: string;
    Datetime: string;
    Date: string;
    BigFloat: string;
    BigInt: string;
    Cursor: string;
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
