// Acting as a tenant user in SQL, as psql users and the API do: one transaction as rcm_visitor with
// the tenant, permissions and subject in the JWT claims settings that RLS and the permission checks read.
import type { PoolClient } from 'pg';
import type { TestDatabase } from './database.ts';

/** Runs `work` as rcm_visitor with the tenant's claims, as psql users and the API do. */
export async function asTenantUser<T>(db: TestDatabase, tenantId: string, permissions: string[], work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.owner.connect();
  try {
    await client.query('begin');
    await client.query(
      "select set_config('role', 'rcm_visitor', true), set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', $2, true), set_config('jwt.claims.sub', 'psql-user', true)",
      [tenantId, permissions.join(',')]);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}
