// Issue 13 item 10: with NODE_ENV=production, npm start refuses weak or missing secrets, runs no
// demo, has no /dev/demo-token route or GraphiQL, and prints no secret.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { repoRoot } from '../../server/config.ts';
import { freePort } from '../support/free-port.ts';

let db: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-prod-start-'));
});
afterAll(async () => {
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/cli/start.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', GRAPHILE_ENV: 'production', RCM_DATA_DIR: dataDir, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

test('a JWT_SECRET under 32 bytes (or none) stops the start before anything runs', async () => {
  const started = Date.now();
  const run = start({ JWT_SECRET: 'short-secret', PARTNER_CREDENTIAL_KEY: 'k'.repeat(40), DATABASE_URL: db.location.ownerUrl });
  expect(await run.exited).toBe(78);
  expect(run.output()).toContain('JWT_SECRET must be set to at least 32 bytes');
  expect(run.output()).not.toContain('short-secret');
  const none = start({ DATABASE_URL: db.location.ownerUrl });
  expect(await none.exited).toBe(78);
  expect(none.output()).toContain('PARTNER_CREDENTIAL_KEY must be set');
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(fs.readdirSync(dataDir)).toEqual([]); // no secrets file, no embedded Postgres
});

test('production: no demo, no /dev/demo-token, no GraphiQL, and no secret in the output', async () => {
  const port = await freePort();
  const secrets = { JWT_SECRET: db.location.jwtSecret.padEnd(40, 'x'), PARTNER_CREDENTIAL_KEY: process.env.PARTNER_CREDENTIAL_KEY!, AUTHENTICATOR_PASSWORD: db.location.authenticatorPassword };
  const run = start({ ...secrets, DATABASE_URL: db.location.ownerUrl, PORTS: String(port), JOBS_DISABLED: 'true', LOG_LEVEL: 'info' });
  try {
    const base = `http://127.0.0.1:${port}`;
    let healthy = false;
    for (let i = 0; i < 300 && !healthy; i++) {
      healthy = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(healthy).toBe(true);
    expect((await fetch(`${base}/dev/demo-token`)).status).toBe(404);
    expect((await fetch(`${base}/graphiql`)).status).toBe(404);
    const tenants = await db.owner.query("select count(*)::int as n from core.tenant where slug = 'demo'");
    expect(tenants.rows[0].n).toBe(0);
    const output = run.output();
    expect(output).toContain('api listening');
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no token
    for (const secret of [...Object.values(secrets), new URL(db.location.ownerUrl).password]) expect(output).not.toContain(secret);
  } finally {
    run.child.kill('SIGTERM');
    await run.exited;
  }
}, 60_000);
