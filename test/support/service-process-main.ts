// The entry of a test service in a process of its own (service-process.ts spawns it): the same
// startService as startTestService, its database and secrets from the environment as in production
// (DATABASE_URL, AUTH_DATABASE_URL, AUTHENTICATOR_PASSWORD, JWT_SECRET). Prints its URL on a line of
// its own once it listens; SIGTERM stops it.
import '../../server/env-defaults.ts';
import { startService } from '../../server/service.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const service = await startService({
  location: {
    ownerUrl: required('DATABASE_URL'),
    authUrl: required('AUTH_DATABASE_URL'),
    authenticatorPassword: required('AUTHENTICATOR_PASSWORD'),
    jwtSecret: required('JWT_SECRET'),
  },
  ports: [0],
  host: '127.0.0.1',
  jobs: false,
  concurrency: 2,
  graphiql: false,
});
process.stdout.write(`rcm-test-service listening at ${service.urls[0]}\n`);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  service.stop().then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`the test service did not stop cleanly: ${String(error)}\n`);
    process.exit(1);
  });
});

