// npm run sandbox-partner: the sandbox trading partner on SANDBOX_PARTNER_PORT (default 4010).

import { pino } from 'pino';
import { startSandboxPartner } from './server.ts';

const log = pino({ name: 'sandbox-partner' });
const partner = await startSandboxPartner({
  port: Number(process.env.SANDBOX_PARTNER_PORT ?? 4010),
  host: process.env.SANDBOX_PARTNER_HOST ?? '127.0.0.1',
  latencyMs: Number(process.env.SANDBOX_PARTNER_LATENCY_MS ?? 300),
  batchDelayMs: Number(process.env.SANDBOX_PARTNER_BATCH_DELAY_MS ?? 5000),
  ack999DelayMs: Number(process.env.SANDBOX_PARTNER_ACK999_DELAY_MS ?? 3000),
  remittanceDelayMs: Number(process.env.SANDBOX_PARTNER_REMITTANCE_DELAY_MS ?? 10000),
  ack277DelayMs: Number(process.env.SANDBOX_PARTNER_ACK277_DELAY_MS ?? 5000),
  username: process.env.SANDBOX_PARTNER_USERNAME ?? 'sandbox',
  password: process.env.SANDBOX_PARTNER_PASSWORD ?? 'sandbox-secret',
  log,
});
log.info({ url: partner.url }, 'sandbox partner listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ stats: partner.stats() }, 'sandbox partner stopping');
    void partner.close().then(() => process.exit(0));
  });
}
