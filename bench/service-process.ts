// The service as a bench measures it: `server/cli/start.ts` in a process of its own (no demo) on the
// bench's database, on a free port, started once /healthz answers, stopped with SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../server/config.ts';
import type { BenchContext } from './context.ts';
import { freePort } from '../test/support/free-port.ts';

export interface ServiceProcess {
  base: string;
  pid: number;
  stop: () => Promise<void>;
}

export async function startServiceProcess(location: BenchContext['location'], dataDir: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(repoRoot, 'server/cli/start.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, DATABASE_URL: location.ownerUrl, AUTHENTICATOR_PASSWORD: location.authenticatorPassword, JWT_SECRET: location.jwtSecret,
      PORTS: String(port), NO_DEMO: 'true', RCM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env,
    },
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(base);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid: server.pid!, stop };
}

async function waitUntilUp(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service did not start');
}
