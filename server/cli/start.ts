// npm start: the whole system on one machine. Embedded Postgres (unless DATABASE_URL),
// migrations, demo tenant, sandbox trading partner, API and worker; prints how to use them.
import '../env-defaults.ts';
import { config } from '../config.ts';
import { locateDatabase } from '../db/database.ts';
import { takeOverShutdownSignals } from '../db/embedded-postgres.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startService } from '../service.ts';
import { mintToken } from '../auth/jwt.ts';
import { PERMISSIONS } from '../../shared/permissions.ts';
import { startDemo } from '../demo/start-demo.ts';
import { demoTokenRoute } from '../demo/demo-token-route.ts';
import { logger } from '../log.ts';
import { refuseUnsafeProductionStart } from '../security/production-settings.ts';

refuseUnsafeProductionStart();
const log = logger('server');
const location = await locateDatabase();
await migrateDatabase(location.ownerUrl, location.authenticatorPassword);
const demo = config.demo ? await startDemo(location.ownerUrl) : undefined;
const token = demo ? await mintToken(location.jwtSecret, { sub: 'demo-operator', tenantId: demo.tenantId, permissions: [...PERMISSIONS] }, '30d') : undefined;

const service = await startService({
  location,
  ports: config.ports,
  host: config.host,
  jobs: !config.jobsDisabled,
  concurrency: config.queueConcurrency,
  graphiql: !config.production,
  devRoutes: token && !config.production ? [demoTokenRoute(token, 'demo')] : [],
});

if (demo) {
  const [claimsUrl, ingestionUrl = claimsUrl] = service.urls;
  process.stdout.write(`
rcm-core is running.

  Console        ${claimsUrl}/   (sign in with the token below${config.production ? '' : ', or the "Use the demo token" button'})
  GraphQL        ${claimsUrl}/graphql   (GraphiQL: ${claimsUrl}/graphiql)
  REST           ${service.urls.join(', ')}
  Health         ${claimsUrl}/healthz
  Sandbox partner ${demo.sandboxUrl}
  psql           npm run psql

Demo tenant "demo", token with every permission (30 days):

  export TOKEN=${token}
  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
    -d '{"query":"{ currentTenant { slug name } facilities { nodes { code name } } }"}' ${claimsUrl}/graphql
  curl -s -H "Authorization: Bearer $TOKEN" ${ingestionUrl}/batches

Stop with Ctrl-C.
`);
}

// Stops the parts in order: HTTP and worker first (running jobs finish and release their locks),
// then the demo's sandbox partner, then Postgres. A second signal stops Postgres at once.
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log.warn({ signal }, 'second signal: stopping now; a job cut off here is recovered as after a crash');
    if (location.embedded) await location.embedded.stop().catch(() => undefined);
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'shutting down: running jobs finish first (a second Ctrl-C stops at once)');
  try {
    await service.stop();
    if (demo) await demo.stop();
  } catch (error) {
    log.error({ err: error }, 'a part of the service did not stop cleanly');
  }
  if (location.embedded) await location.embedded.stop();
  log.info('stopped');
  process.exit(0);
}
takeOverShutdownSignals((signal) => void shutdown(signal));
