// The development CLIs against a real database: npm run -s token prints a token and nothing
// else, and the token works against the API.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { repoRoot } from '../../server/config.ts';
import { verifyToken } from '../../server/auth/jwt.ts';

const run = promisify(execFile);
let db: TestDatabase;
let service: TestService;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await seedTestTenant(db, 'demo');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const env = () => ({ ...process.env, DATABASE_URL: db.location.ownerUrl, JWT_SECRET: db.location.jwtSecret, LOG_LEVEL: 'silent', NODE_OPTIONS: '' });

test('token prints only a token for the tenant slug, with the permissions asked', async () => {
  const { stdout } = await run(node, ['server/cli/token.ts', '--tenant', 'demo', '--permissions', 'claims.write,ingestion.read', '--expires', '30s'], { cwd: repoRoot, env: env() });
  const token = stdout.trim();
  expect(token.split('.')).toHaveLength(3);
  const claims = await verifyToken(db.location.jwtSecret, token);
  expect(claims).toMatchObject({ tenantId, permissions: ['claims.write', 'ingestion.read'] });
  const me = await service.rest('GET', '/me', { token });
  expect(me.body.tenant.slug).toBe('demo');
});

test('token refuses an unknown permission or tenant with exit code 2', async () => {
  await expect(run(node, ['server/cli/token.ts', '--tenant', 'demo', '--permissions', 'root'], { cwd: repoRoot, env: env() })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown permission "root"') });
  await expect(run(node, ['server/cli/token.ts', '--tenant', 'nobody'], { cwd: repoRoot, env: env() })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('no tenant') });
});

test('db:url prints the connection string in use', async () => {
  const { stdout } = await run(node, ['server/cli/db-url.ts'], { cwd: repoRoot, env: env() });
  expect(stdout.trim()).toBe(db.location.ownerUrl);
});
