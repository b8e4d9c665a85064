// npm run -s token -- --tenant demo --permissions claims.write,ingestion.read [--expires 1h] [--sub alice]
import '../env-defaults.ts';
import { parseArgs } from 'node:util';
import { mintToken } from '../auth/jwt.ts';
import { PERMISSIONS, isPermission, type Permission } from '../../shared/permissions.ts';
import { withOwnerClient } from '../db/with-owner-client.ts';
import { fail, parseDuration } from './args.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    permissions: { type: 'string', default: 'all' },
    expires: { type: 'string', default: '12h' },
    sub: { type: 'string', default: 'dev-user' },
  },
});

const permissions: Permission[] =
  values.permissions === 'all'
    ? [...PERMISSIONS]
    : values.permissions.split(',').map((p) => p.trim()).filter(Boolean).map((p) => (isPermission(p) ? p : fail(`unknown permission "${p}"; known: ${PERMISSIONS.join(', ')}`)));

const expiresIn = parseDuration(values.expires);
const token = await withOwnerClient(async (client, location) => {
  const { rows } = await client.query<{ id: string }>('select id from core.tenant where slug = $1 or id::text = $1', [values.tenant]);
  if (!rows[0]) fail(`no tenant with slug or id "${values.tenant}"`);
  return mintToken(location.jwtSecret, { sub: values.sub, tenantId: rows[0].id, permissions }, expiresIn);
});
process.stdout.write(`${token}\n`);
