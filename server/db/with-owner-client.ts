// For CLIs: an owner connection to the database in use, starting the embedded server for the
// duration of the command when it is not running.
import pg from 'pg';
import { locateDatabase, type DatabaseLocation } from './database.ts';

export async function withOwnerClient<T>(work: (client: pg.Client, location: DatabaseLocation) => Promise<T>): Promise<T> {
  const location = await locateDatabase({ startEmbedded: true });
  const client = new pg.Client({ connectionString: location.ownerUrl });
  await client.connect();
  try {
    return await work(client, location);
  } finally {
    await client.end();
    if (location.embedded) await stopQuietly(location.embedded.stop);
  }
}

/** Library pools still open when the temporary server stops report 57P01; that is expected here. */
async function stopQuietly(stop: () => Promise<void>): Promise<void> {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (!args.some((a) => /57P01|administrator command/.test(String((a as { code?: string })?.code ?? a)))) original(...args);
  };
  await stop();
  setTimeout(() => { console.error = original; }, 200).unref();
}
