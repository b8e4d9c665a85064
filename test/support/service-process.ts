// The rcm-core service under test in a process of its own (service-process-main.ts), for tests that
// time the server: a server inside the jest process shares its event loop and heap with jest, the
// test's own work and the /healthz probe, so their pauses would be counted as the server's.
// Tests that need the service's pools or hooks use startTestService (service.ts) instead.
//
// Usage: const service = await startServiceProcess(db, { env: { API_STATEMENT_TIMEOUT_MS: '300' } });
//        ... service.url, service.token(tenantId), service.rest('GET', '/me', { token }) ...
//        await service.stop();
// RCM_TEST_SERVICE_NODE_OPTIONS is handed to the process as NODE_OPTIONS (e.g. "--cpu-prof
// --cpu-prof-dir=/tmp/prof" to profile the server while a test runs); RCM_TEST_SERVICE_LOG=<file>
// appends its output (set LOG_LEVEL too) to that file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import type { TestDatabase } from './database.ts';
import { httpService, type HttpService } from './service.ts';

export interface ServiceProcess extends HttpService {
  child: ChildProcess;
  stop: () => Promise<void>;
}

const ENTRY = path.join(repoRoot, 'test/support/service-process-main.ts');
const LISTENING = /^rcm-test-service listening at (\S+)$/m;

/** Starts the service on a random port against `db`; resolves once it listens. `env` adds to or overrides this process's environment. */
export async function startServiceProcess(db: TestDatabase, options: { env?: Record<string, string> } = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [ENTRY], {
    cwd: repoRoot,
    env: {
      ...process.env,
      // jest's --experimental-vm-modules is not the server's.
      NODE_OPTIONS: process.env.RCM_TEST_SERVICE_NODE_OPTIONS ?? '',
      DATABASE_URL: db.location.ownerUrl,
      AUTH_DATABASE_URL: db.location.authUrl,
      AUTHENTICATOR_PASSWORD: db.location.authenticatorPassword,
      JWT_SECRET: db.location.jwtSecret,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const logFile = process.env.RCM_TEST_SERVICE_LOG ? fs.createWriteStream(process.env.RCM_TEST_SERVICE_LOG, { flags: 'a' }) : null;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const listening = LISTENING.exec(output);
      if (listening) resolve(listening[1]);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code, signal) => reject(new Error(`the service process ended (${code ?? signal}) before it listened:\n${output.slice(-3000)}`)));
  });
  // Keep draining its pipes: an unread pipe would block the server once full.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  if (logFile) {
    logFile.write(output);
    child.stdout!.pipe(logFile);
    child.stderr!.pipe(logFile);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  // A running service is what tests measure: its first /healthz opens the pool's first connection.
  await fetch(`${url}/healthz`);
  return {
    ...httpService(url, db.location.jwtSecret),
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      logFile?.end();
    },
  };
}
