// Work that takes a connection per step (a job's lanes each hold their own): the type the
// claims build pass and the process-batch loop take, and its two sources, a pg Pool and a
// graphile-worker job's pool.
import type { Pool, PoolClient } from 'pg';
import type { JobHelpers } from 'graphile-worker';

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
