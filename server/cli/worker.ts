// npm run worker: workers only (no HTTP), for more machines sharing the load.
// Point DATABASE_URL at the same database; INGEST_QUEUE_CONCURRENCY sets the concurrency.
import '../env-defaults.ts';
import { config } from '../config.ts';
import { locateDatabase } from '../db/database.ts';
import { startWorker } from '../worker/runner.ts';
import { serviceHooks } from '../service-hooks.ts';
import { logger } from '../log.ts';
import pg from 'pg';

const log = logger('jobRunner');
const location = await locateDatabase({ startEmbedded: false });
const runner = await startWorker({ ownerUrl: location.ownerUrl, concurrency: config.queueConcurrency });
const ownerPool = new pg.Pool({ connectionString: location.ownerUrl, max: 5 });
ownerPool.on('error', (error) => log.warn({ err: error }, 'idle database connection lost'));
const stopHooks: (() => Promise<void>)[] = [];
for (const hook of serviceHooks) stopHooks.push(await hook({ ownerPool, ownerUrl: location.ownerUrl, runner }));
log.info({ concurrency: config.queueConcurrency }, 'worker started');

async function shutdown(): Promise<void> {
  for (const stop of stopHooks) await stop();
  await runner.stop();
  await ownerPool.end();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
await runner.promise;
