// Issue 13 item 1 on the routes that receive claims X12 from a partner: POST /remittances (835) and
// POST /claims/acknowledgments (TA1, 999, 277CA). Their byte caps are larger (50 MB: a payer's 835
// can be large), so a token holder can send megabytes of hostile X12: it is read off the event loop
// (server/x12-readers), answers a 4xx in < 1 s, writes nothing, and /healthz keeps answering (support.ts HEALTHZ_BOUND_MS).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { bodyFile, postFromAnotherProcess, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let token: string;

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~';
const FIVE_MB = 5 * 1024 * 1024;

function fill(prefix: string, unit: string, bytes: number, suffix = ''): string {
  return prefix + unit.repeat(Math.floor((bytes - prefix.length - suffix.length) / unit.length)) + suffix;
}

async function written(): Promise<number> {
  return Number((await db.owner.query(
    'select (select count(*) from billing.remittance) + (select count(*) from billing.claim_acknowledgment) as n')).rows[0].n);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, 'stall-claims');
  service = await startServiceProcess(db);
  token = await service.token(tenantId, ['claims.write', 'claims.read']);
  await fetch(`${service.url}/me`, { headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

describe.each([['/remittances'], ['/claims/acknowledgments']])('POST %s under hostile X12', (route) => {
  it.each([
    ['runs of CR after a segment id', fill(`${ISA}NM1`, '\r', FIVE_MB, 'x~')],
    ['segment terminators', fill(ISA, '~', FIVE_MB)],
    ['element separators', fill(`${ISA}NM1`, '*', FIVE_MB, '~')],
    ['repeated claim payment loops', fill(`${ISA}GS*HP*S*R*20240101*1200*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*NON************20240101~TRN*1*T*1~`,
      'CLP*X*1*1*0**MC*1~CAS*CO*45*1~', FIVE_MB)],
  ])('answers 5 MB of %s with a 4xx in < 1 s, writing nothing', async (_name, x12) => {
    const before = await written();
    const { file, remove } = await bodyFile(x12);
    const run = await withHealthProbe(service, () => postFromAnotherProcess(`${service.url}${route}`, file, { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` }))
      .finally(remove);
    expect(run.value.status).toBeGreaterThanOrEqual(400);
    expect(run.value.status).toBeLessThan(500);
    expect(run.value.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await written()).toBe(before);
  });
});
