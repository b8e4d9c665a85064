// npm run migrate: roles, migrations, sql/functions on the database in use.
import '../env-defaults.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { withOwnerClient } from '../db/with-owner-client.ts';

await withOwnerClient(async (_client, location) => {
  await migrateDatabase(location.ownerUrl, location.authenticatorPassword);
});
