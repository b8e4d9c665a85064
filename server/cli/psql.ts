// npm run psql: psql on the database in use (starts the embedded server when it is not running).
//   npm run psql -- --tenant demo [--permissions eligibility.read,eligibility.update] [psql args]
// acts as that tenant from the first statement on (core.act_as, run by psql on connect).
import '../env-defaults.ts';
import { spawnSync } from 'node:child_process';
import { withOwnerClient } from '../db/with-owner-client.ts';

const args = process.argv.slice(2);
const takeOption = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('-')) {
    process.stderr.write(`${name} needs a value\n`);
    process.exit(2);
  }
  args.splice(at, 2);
  return value;
};
const tenant = takeOption('--tenant');
const permissions = takeOption('--permissions');
if (permissions && !tenant) {
  process.stderr.write('--permissions goes with --tenant <slug>\n');
  process.exit(2);
}

await withOwnerClient(async (client, location) => {
  const env = { ...process.env };
  if (tenant) {
    // Checked here first so that an unknown slug is one clear line, not a psql session without a tenant.
    await client.query('select core.act_as($1, $2)', [tenant, permissions ?? 'all']).catch((error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    });
    // libpq's PGOPTIONS: the session starts with the claims core.act_as sets.
    const { rows } = await client.query<{ options: string }>(
      "select format('-c jwt.claims.tenant_id=%s -c jwt.claims.permissions=%s -c jwt.claims.sub=%s', current_setting('jwt.claims.tenant_id'), current_setting('jwt.claims.permissions'), current_setting('jwt.claims.sub')) as options",
    );
    env.PGOPTIONS = `${env.PGOPTIONS ?? ''} ${rows[0].options}`.trim();
  }
  const result = spawnSync('psql', [location.ownerUrl, ...args], { stdio: 'inherit', env });
  if (result.error) {
    process.stderr.write('psql was not found. Install the PostgreSQL client (Debian: apt-get install postgresql-client) or use `npm run -s db:url` with any client.\n');
    process.exitCode = 1;
  } else {
    process.exitCode = result.status ?? 0;
  }
});
