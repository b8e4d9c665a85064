// An embedded Postgres that cannot start is one line saying what to do and exit code 1 (never an
// unhandled 'error' event with a stack), here with its port taken by another program.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../server/config.ts';

const run = promisify(execFile);
const node = path.join(repoRoot, 'node_modules', '.bin', 'node');

test('npm run psql with the embedded port taken: one line, exit 1', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcm-core-start-error-'));
  try {
    const env = { ...process.env, RCM_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), LOG_LEVEL: 'silent', NODE_OPTIONS: '' };
    delete (env as NodeJS.ProcessEnv).DATABASE_URL;
    const failure = await run(node, ['server/cli/psql.ts', '-c', 'select 1'], { cwd: repoRoot, env }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure).toBeDefined();
    expect(failure!.code).toBe(1);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rcm-core: embedded Postgres did not start: postgres exited .* before accepting connections on port \d+: .*set EMBEDDED_PG_PORT to a free one/);
    expect(failure!.stderr).not.toMatch(/\n\s+at /); // no stack trace
  } finally {
    blocker.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
