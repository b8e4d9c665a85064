// npm run -s db:url: the owner connection string of the database in use.
import '../env-defaults.ts';
import { locateDatabase } from '../db/database.ts';

const location = await locateDatabase({ startEmbedded: false });
process.stdout.write(`${location.ownerUrl}\n`);
