// npm run schema:export: writes graphql/schema.graphql from the live schema.
import '../env-defaults.ts';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { withOwnerClient } from '../db/with-owner-client.ts';
import { printApiSchema } from '../graphql/export-schema.ts';

await withOwnerClient(async (_client, location) => {
  await migrateDatabase(location.ownerUrl, location.authenticatorPassword);
  const sdl = await printApiSchema(location.authUrl);
  fs.writeFileSync(path.join(repoRoot, 'graphql', 'schema.graphql'), sdl);
  process.stderr.write(`graphql/schema.graphql written (${sdl.length} bytes)\n`);
});
