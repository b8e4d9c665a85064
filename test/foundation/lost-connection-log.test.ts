// A pooled connection that Postgres drops (a restart: the faults bench's Postgres restart showed the
// whole client object, connection parameters and type tables, in the service's warn line) is
// logged with its SQLSTATE only, and the pool keeps serving.
import pg from 'pg';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { logLostConnections } from '../../server/db/lost-connection.ts';

let db: TestDatabase;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db.drop(); });

test('an idle connection terminated by the server: one warn line with the SQLSTATE, nothing of the client; the pool still answers', async () => {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
  const pool = new pg.Pool({ connectionString: db.location.ownerUrl, max: 1, application_name: `lost-connection-${process.pid}` });
  logLostConnections(pool, log);
  try {
    await pool.query('select 1'); // one idle connection in the pool
    await db.owner.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [`lost-connection-${process.pid}`]);
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40, code: '57P01', msg: 'idle database connection lost' });
    expect(lines[0]).not.toMatch(/connectionParameters|postgres|_types|stack/);
    expect((await pool.query('select 2 as n')).rows[0].n).toBe(2);
  } finally {
    await pool.end();
  }
});
