// npm run worker: workers only (no HTTP), for more machines sharing the load.
// Point DATABASE_URL at the same database; INGEST_QUEUE_CONCURRENCY sets the concurrency.
import '../env-defaults.ts';
import { config } from '../config.ts';
import { locateDatabase } from '../db/database.ts';
import { startWorker } from '../worker/runner.ts';
import { serviceHooks } from '../service-hooks.ts';
import { logger } from '../log.ts';
import pg from 'pg';
import { logLostConnections } from '../db/lost-connection.ts';
import { refuseUnsafeProductionStart } from '../security/production-settings.ts';

refuseUnsafeProductionStart();

const log = logger('jobRunner');
const location = await locateDatabase({ startEmbedded: false });
const runner = await startWorker({ ownerUrl: location.ownerUrl, concurrency: config.queueConcurrency });
const ownerPool = new pg.Pool({ connectionString: location.ownerUrl, max: 5 });
logLostConnections(ownerPool, log);
const stopHooks: (() => Promise<void>)[] = [];
for (const hook of serviceHooks) stopHooks.push(await hook({ ownerPool, ownerUrl: location.ownerUrl, runner }));
log.info({ concurrency: config.queueConcurrency }, 'worker started');

// Stop taking jobs first (running jobs finish, graphile-worker releases its locks), then the
// hooks and the pool. A failure on the way out is logged and still ends the process.
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'worker stopping: running jobs finish, no new ones start');
  let code = 0;
  try {
    await runner.stop();
  } catch (error) {
    log.error({ err: error }, 'worker did not stop cleanly');
    code = 1;
  }
  for (const stop of stopHooks.reverse()) await stop().catch((error: unknown) => log.warn({ err: error }, 'a service hook did not stop cleanly'));
  await ownerPool.end().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
await runner.promise;
