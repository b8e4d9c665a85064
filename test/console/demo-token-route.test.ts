// GET /dev/demo-token exists only where npm start mounts it (demo mode, not production).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService } from '../support/service.ts';
import { demoTokenRoute } from '../../server/demo/demo-token-route.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('a service started without dev routes has no demo token', async () => {
  const service = await startTestService(db);
  try {
    const res = await service.rest('GET', '/dev/demo-token');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/eyJ/);
  } finally {
    await service.stop();
  }
});

test('with the route mounted, a loopback client gets the token, uncached', async () => {
  const service = await startTestService(db, { devRoutes: [demoTokenRoute('header.payload.signature', 'demo')] });
  try {
    const response = await fetch(`${service.url}/dev/demo-token`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ token: 'header.payload.signature', tenant: 'demo' });
  } finally {
    await service.stop();
  }
});

test('a browser navigating to a console URL that is also a REST path gets the console; API clients get JSON', async () => {
  const service = await startTestService(db);
  try {
    const html = await fetch(`${service.url}/batches`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<div id="root">');
    const api = await fetch(`${service.url}/facilities`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  } finally {
    await service.stop();
  }
});
