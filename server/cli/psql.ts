// npm run psql: psql on the database in use (starts the embedded server when it is not running).
import '../env-defaults.ts';
import { spawnSync } from 'node:child_process';
import { withOwnerClient } from '../db/with-owner-client.ts';

await withOwnerClient(async (_client, location) => {
  const result = spawnSync('psql', [location.ownerUrl, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) {
    process.stderr.write('psql was not found. Install the PostgreSQL client (Debian: apt-get install postgresql-client) or use `npm run -s db:url` with any client.\n');
    process.exitCode = 1;
  } else {
    process.exitCode = result.status ?? 0;
  }
});
