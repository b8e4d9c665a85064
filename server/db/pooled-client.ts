// How workers reach the database, as one type each: `Db` for work that sends one statement at a
// time on any connection (the sweep engine, batch polling), `WithClient` for work that holds a
// connection per step (a job's lanes each hold their own: the claims build pass, the
// process-batch loop). Their sources are a pg Pool and a graphile-worker job's pool. Workers
// connect as the owner and pass the tenant to `*_private` functions explicitly; the API acts as a
// tenant through JWT claims instead (server/rest/tenant-transaction.ts).
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { JobHelpers } from 'graphile-worker';

export interface Db {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export type WithClient = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

export function clientsOfPool(pool: Pool): WithClient {
  return async (work) => {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  };
}

export function clientsOfJob(helpers: JobHelpers): WithClient {
  return (work) => helpers.withPgClient((client) => work(client as PoolClient));
}

/** Each statement on whichever connection is free. */
export function dbOf(clients: WithClient): Db {
  return { query: (sql, params) => clients((client) => client.query(sql, params)) };
}
