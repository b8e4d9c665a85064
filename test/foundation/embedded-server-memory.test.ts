// The embedded Postgres keeps a statement's freed sort memory in the backend for the next call:
// with glibc's default thresholds each call of a statement sorting about 1 MB (the sweep's roster)
// gave the memory back to the kernel at its end and faulted it in again (232 minor page faults a
// call here, 264 on the roster bench: 6-9 % of its CPU). Reads the backend's fault count from
// /proc, so it runs against its own embedded server on this machine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.ts';
import { freePort } from '../support/free-port.ts';

const minorFaults = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[7]);

test('a repeated statement that sorts 10,000 rows takes no minor page faults once warm', async () => {
  // The cluster's folder must be passable by the postgres user when the tests run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-pg-memory-'));
  fs.chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: crypto.randomBytes(12).toString('hex'), quiet: true });
  const client = new pg.Client(server.superuserUrl('postgres'));
  try {
    await client.connect();
    const { rows: [{ pid }] } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    // About 1 MB of sort memory (10,000 rows of a 32-character text), within work_mem.
    const sort = 'select count(*) from (select g, md5(g::text) as m from generate_series(1, 10000) g order by m) s';
    for (let i = 0; i < 3; i++) await client.query(sort);
    const before = minorFaults(pid);
    for (let i = 0; i < 10; i++) await client.query(sort);
    expect((minorFaults(pid) - before) / 10).toBeLessThan(10);
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
