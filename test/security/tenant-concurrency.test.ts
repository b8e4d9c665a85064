// Issue 13 item 5: one tenant cannot take every pooled connection. At most API_TENANT_MAX_IN_FLIGHT
// (20) of its requests run at once and at most INGEST_MAX_CONCURRENT_UPLOADS_PER_TENANT (2) uploads;
// beyond: 429 with Retry-After. Another tenant is answered quickly meanwhile.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { timed, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const a = await seedTestTenant(db, 'busy');
  const b = await seedTestTenant(db, 'quiet');
  service = await startServiceProcess(db);
  tokenA = await service.token(a);
  tokenB = await service.token(b);
  await service.rest('GET', '/me', { token: tokenA });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

async function get(path: string, token: string): Promise<{ status: number; retryAfter: string | null; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const response = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

describe('per-tenant concurrency', () => {
  it('answers 429 with Retry-After to the 21st-25th slow request of a tenant while another tenant is answered fast', async () => {
    const owner = await db.owner.connect();
    let slow: Promise<Awaited<ReturnType<typeof get>>[]>;
    try {
      await owner.query('begin');
      await owner.query('lock table core.facility in access exclusive mode'); // makes GET /facilities slow
      slow = Promise.all(Array.from({ length: 25 }, () => get('/facilities', tokenA)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const other = await withHealthProbe(service, () => get('/me', tokenB));
      expect(other.value.status).toBe(200);
      expect(other.ms).toBeLessThan(1000);
      expect(other.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
      const meanwhileA = await timed(() => get('/me', tokenA));
      expect(meanwhileA.value.status).toBe(429);
      expect(meanwhileA.ms).toBeLessThan(1000);
    } finally {
      await owner.query('rollback');
      owner.release();
    }
    const answers = await slow;
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(5);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body.error.code).toBe('too_many_requests');
      expect(answer.body.error.message).toMatch(/API_TENANT_MAX_IN_FLIGHT/);
    }
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    expect((await get('/me', tokenA)).status).toBe(200); // the slots are given back
  });

  it('takes at most 2 uploads of a tenant at once: a third slow upload is refused with 429', async () => {
    const controllers: ReadableStreamDefaultController<Uint8Array>[] = [];
    const startUpload = () => fetch(`${service.url}/artifacts?feed=members&fileName=slow.jsonl`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${tokenA}` },
      body: new ReadableStream<Uint8Array>({ start(controller) { controllers.push(controller); controller.enqueue(new TextEncoder().encode('{"MemberId":"S1"}\n')); } }),
      duplex: 'half',
    } as RequestInit);
    const first = startUpload();
    const second = startUpload();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await timed(() => startUpload());
    expect(third.value.status).toBe(429);
    expect(third.value.headers.get('retry-after')).toBe('1');
    expect(((await third.value.json()) as { error: { message: string } }).error.message).toMatch(/INGEST_MAX_CONCURRENT_UPLOADS_PER_TENANT/);
    expect(third.ms).toBeLessThan(1000);
    const other = await timed(() => get('/me', tokenB));
    expect(other.value.status).toBe(200);
    expect(other.ms).toBeLessThan(1000);
    for (const controller of controllers.slice(0, 2)) controller.close();
    expect((await first).status).toBe(201);
    expect((await second).status).toBe(201);
  });
});
