import fs from 'node:fs';
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const root = process.env.RCM_TEST_ROOT_URL;
  if (root && process.env.RCM_TEST_TEMPLATE) {
    const client = new pg.Client({ connectionString: root });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'rcm_t\\_%' or datname = $1", [process.env.RCM_TEST_TEMPLATE]);
    for (const row of rows) await client.query(`drop database if exists ${row.datname} with (force)`);
    await client.end();
  }
  const embedded = (globalThis as { rcmTestPostgres?: { server: { stop: () => Promise<void> }; dataDir: string } }).rcmTestPostgres;
  if (embedded) {
    await embedded.server.stop();
    fs.rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
