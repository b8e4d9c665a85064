// A database of its own for a test file, cloned from the migrated template.
import crypto from 'node:crypto';
import pg from 'pg';
import { testEnvironment } from './env.ts';
import type { DatabaseLocation } from '../../server/db/database.ts';
import { withCredentials } from '../../server/db/database.ts';
import { AUTHENTICATOR_ROLE } from '../../server/db/roles.ts';

export interface TestDatabase {
  name: string;
  location: DatabaseLocation;
  /** Owner pool: for arranging data and checking results behind the API's back. */
  owner: pg.Pool;
  drop: () => Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const env = testEnvironment();
  const name = `rcm_t_${crypto.randomBytes(6).toString('hex')}`;
  const root = new pg.Client({ connectionString: env.rootUrl('postgres') });
  await root.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await root.query(`create database ${name} template ${env.template}`);
        break;
      } catch (error) {
        // 55006: the template is briefly in use by a parallel clone.
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await root.end();
  }
  const ownerUrl = env.rootUrl(name);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 5 });
  // DROP DATABASE ... WITH (FORCE) can reach a backend whose client is still closing: that late
  // "terminating connection" must not surface as an unhandled pool error in the next test.
  owner.on('error', () => undefined);
  return {
    name,
    owner,
    location: {
      ownerUrl,
      authUrl: withCredentials(ownerUrl, AUTHENTICATOR_ROLE, env.authenticatorPassword),
      authenticatorPassword: env.authenticatorPassword,
      jwtSecret: env.jwtSecret,
    },
    drop: async () => {
      // pool.end() can resolve before every backend has gone; DROP ... WITH (FORCE) then sends the
      // closing clients a 57P01, which an idle pool client re-emits on the pool: expected here.
      owner.on('error', () => undefined);
      await owner.end();
      const client = new pg.Client({ connectionString: env.rootUrl('postgres') });
      await client.connect();
      // Give closing connections (the service's and the worker's pools end asynchronously) up to
      // 5 s to go, so FORCE terminates only a connection that was truly left open.
      for (let waited = 0; waited < 5000; waited += 50) {
        const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Work in a session of its own as the database owner (as a DBA in psql), not on the shared owner pool. */
export async function ownerSession<T>(db: TestDatabase, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.location.ownerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
