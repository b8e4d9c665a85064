// The sandbox partner in its own process, as the benches run it: the partner is another machine in
// real life, so its CPU is not the service's.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../server/config.ts';

/** Starts `sandbox-partner/main.ts` on a random port from `portBase` answering after `latencyMs`; resolves once /healthz is ok. */
export async function startSandboxProcess(latencyMs: number, portBase: number): Promise<{ url: string; close: () => void }> {
  const port = portBase + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [path.join(repoRoot, 'sandbox-partner', 'main.ts')], {
    env: { ...process.env, SANDBOX_PARTNER_PORT: String(port), SANDBOX_PARTNER_LATENCY_MS: String(latencyMs), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/core/realtime`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url.replace('/core/realtime', '/healthz'))).ok) break;
    } catch {
      if (i > 100) throw new Error('the sandbox partner did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, close: () => child.kill('SIGTERM') };
}
