// Issue 13 item 1: hostile X12 bodies sent to POST /eligibility/responses of the real server. An
// anonymous caller is refused before the body is read; an oversize body is refused unread; what fits
// the cap parses in linear time. Each answers a 4xx (or its per-271 result) in < 1 s, writes
// nothing, and /healthz keeps answering meanwhile (support.ts HEALTHZ_BOUND_MS).
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { bodyFile, post, postBeforeBody, postCopiesFromAnotherProcess, postFromAnotherProcess, withHealthProbe, HEALTHZ_BOUND_MS } from './support.ts';

let db: TestDatabase;
let service: ServiceProcess;
let token: string;

const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~';
const HEAD = `${ISA}GS*HB*S*R*20240101*1200*1*X*005010X279A1~ST*271*0001*005010X279A1~BHT*0022*11*1*20240101*1200~HL*1**20*1~HL*2*1*22*0~TRN*2*NO-SUCH-TRACE*9~`;
const TEN_MB = 10 * 1024 * 1024;
/** Just under the route's default cap of 1 MB (JSON envelope included). */
const NEAR_CAP = 1024 * 1024 - 200;

function fill(prefix: string, unit: string, bytes: number, suffix = ''): string {
  return prefix + unit.repeat(Math.floor((bytes - prefix.length - suffix.length) / unit.length)) + suffix;
}

async function receivedInquiries(): Promise<number> {
  return Number((await db.owner.query('select count(*) from eligibility.eligibility_inquiry where received_at is not null')).rows[0].count);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const tenantId = await seedTestTenant(db, 'stall');
  service = await startServiceProcess(db);
  token = await service.token(tenantId, ['eligibility.update', 'eligibility.read']);
  // A running service is what is measured: its first authenticated request (cold code paths) is not.
  await fetch(`${service.url}/me`, { headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

describe('POST /eligibility/responses under hostile X12', () => {
  it('refuses an anonymous 10 MB body of CR with 401 before reading it', async () => {
    const before = await receivedInquiries();
    const body = `${ISA}NM1${'\r'.repeat(TEN_MB)}`;
    const run = await withHealthProbe(service, () => postBeforeBody(`${service.url}/eligibility/responses`, Buffer.byteLength(body), { 'content-type': 'application/edi-x12' }));
    expect(run.value.status).toBe(401);
    expect(run.value.body.error.code).toBe('unauthenticated');
    expect(run.value.answeredMs).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);

    expect(await receivedInquiries()).toBe(before);
  });

  it.each([
    ['CR', `${ISA}NM1${'\r'.repeat(TEN_MB)}`],
    ['~', `${ISA}${'~'.repeat(TEN_MB)}`],
    ['*', `${ISA}NM1${'*'.repeat(TEN_MB)}~`],
  ])('refuses a raw 10 MB body of %s from a token holder with 413, unread', async (_name, x12) => {
    const before = await receivedInquiries();
    const run = await withHealthProbe(service, () => postBeforeBody(`${service.url}/eligibility/responses`, Buffer.byteLength(x12), { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` }));
    expect(run.value.status).toBe(413);
    expect(run.value.body.error.message).toMatch(/larger than this route's limit of 1048576 bytes/);
    expect(run.value.answeredMs).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await receivedInquiries()).toBe(before);
  });

  it.each([
    ['runs of CR after a segment id', fill(`${ISA}NM1`, '\r', NEAR_CAP, 'x~')],
    ['segment terminators', fill(ISA, '~', NEAR_CAP)],
    ['element separators', fill(`${ISA}NM1`, '*', NEAR_CAP, '~')],
    ['repeated HL loops', fill(`${ISA}GS*HB*S*R*20240101*1200*1*X*005010X279A1~ST*271*0001~`, 'HL*1**20*1~NM1*PR*2*PAYER*****PI*1~', NEAR_CAP)],
    ['repeated benefit segments', fill(HEAD, 'EB*1*IND*30~', NEAR_CAP)],
    ['repeated rejections', fill(HEAD, 'AAA*N**72*C~', NEAR_CAP)],
    ['repeated transaction sets', fill(`${ISA}GS*HB*S*R*20240101*1200*1*X*005010X279A1~`, 'ST*271*0001~HL*1**20*1~TRN*2*1*9~SE*3*0001~', NEAR_CAP)],
  ])('parses or refuses 1 MB of %s in < 1 s, writing nothing', async (_name, x12) => {
    const before = await receivedInquiries();
    const { file, remove } = await bodyFile(x12);
    const run = await withHealthProbe(service, () => postFromAnotherProcess(`${service.url}/eligibility/responses`, file, { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` }))
      .finally(remove);
    // 400: no 271 with a trace number, or more segments than the route maps (10,000);
    // 200: each 271 answered "no inquiry with this trace number".
    expect([200, 400]).toContain(run.value.status);
    if (run.value.status === 200) for (const result of run.value.body.results) expect(result.error).toMatch(/trace/i);
    expect(run.value.ms).toBeLessThan(1000);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await receivedInquiries()).toBe(before);
  });

  it('maps four 1 MB bodies at the segment cap at once off the event loop: /healthz keeps answering', async () => {
    // ~2,000 subscriber loops in 9,9xx segments: the most the route maps, ~250 ms of mapping each
    // on a loaded core. Four at once held the event loop for about a second when mapped in place.
    const unit = (i: number) => `HL*${i + 3}*2*22*0~TRN*2*NO-SUCH-TRACE-${i}*9~NM1*IL*1*${'L'.repeat(60)}*${'F'.repeat(30)}****MI*${'M'.repeat(20)}~EB*1*IND*30**${'P'.repeat(50)}~MSG*${'m'.repeat(290)}~`;
    let x12 = `${HEAD.replace('TRN*2*NO-SUCH-TRACE*9~', '')}NM1*PR*2*PAYER*****PI*1~`;
    for (let i = 0; i < 1985; i++) x12 += unit(i);
    // Whole (SE, GE, IEA), or it is refused unmapped: a cut-off interchange is never applied.
    const setSegments = x12.slice(x12.indexOf('ST*')).split('~').filter(Boolean).length + 1;
    x12 += `SE*${setSegments}*0001~GE*1*1~IEA*1*000000001~`;
    expect(x12.length).toBeGreaterThan(NEAR_CAP - 2000);
    expect(x12.length).toBeLessThan(NEAR_CAP);
    const before = await receivedInquiries();
    const { file, remove } = await bodyFile(x12);
    const run = await withHealthProbe(service, () =>
      postCopiesFromAnotherProcess(`${service.url}/eligibility/responses`, file, { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` }, 4))
      .finally(remove);
    expect(run.value).toHaveLength(4);
    for (const answer of run.value) {
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([{ traceNumber: 'NO-SUCH-TRACE-0', error: expect.stringMatching(/trace/i) }]);
      expect(answer.ms).toBeLessThan(1000);
    }
    expect(run.healthProbes).toBeGreaterThan(3);
    expect(run.slowestHealthMs).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(await receivedInquiries()).toBe(before);
  });

  it('names the segment limit when a body under the byte cap holds too many segments', async () => {
    const response = await post(`${service.url}/eligibility/responses`, fill(HEAD, 'EB*1*IND*30~', NEAR_CAP), { 'content-type': 'application/edi-x12', authorization: `Bearer ${token}` });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'invalid_x12', message: expect.stringMatching(/more than 10000 segments/) });
  });
});
