// REST routes are thin: one SQL function call in a transaction that runs as rcm_visitor with
// the caller's claims, so RLS and the SQL permission checks decide, exactly as for GraphQL.
import type { Pool, PoolClient } from 'pg';
import type { AuthClaims } from '../auth/jwt.ts';
import { pgSettingsFor } from '../auth/jwt.ts';
import { HttpError, pgErrorToHttp } from '../http/errors.ts';

export async function asTenantUser<T>(pool: Pool, claims: AuthClaims, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const settings = pgSettingsFor(claims);
    await client.query('select set_config(key, value, true) from json_each_text($1::json)', [JSON.stringify(settings)]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if (error instanceof HttpError) throw error;
    throw pgErrorToHttp(error as { code?: string; message: string }) ?? error;
  } finally {
    client.release();
  }
}
