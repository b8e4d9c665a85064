// The GraphQL schema as SDL, sorted, as kept in graphql/schema.graphql.
import { postgraphile } from 'postgraphile';
import { lexicographicSortSchema, printSchema } from 'postgraphile/graphql';
import pg from 'pg';
import { makePreset } from './preset.ts';

export async function printApiSchema(authUrl: string): Promise<string> {
  const apiPool = new pg.Pool({ connectionString: authUrl, max: 2 });
  const pgl = postgraphile(makePreset({ apiPool, graphiql: false }));
  try {
    const { schema } = await pgl.getSchemaResult();
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await pgl.release();
    await apiPool.end();
  }
}
