// The 835 transactions of one file are posted several at once (server/remittances/post-in-file-order.ts),
// and postings of different files or requests run at once: a payment, its reversal and the corrected
// payment in three transactions of one file still post in file order; the answers come in file order;
// no more than REMITTANCE_POST_CONCURRENCY post at once; each keeps its own X12; the same 835 delivered twice at the same
// moment posts once (the second waits for the first and answers DUPLICATE).
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { build835, type Remittance835Input } from '../../x12/build-835.ts';
import { parseX12 } from '../../x12/parse.ts';
import { postInFileOrder } from '../../server/remittances/post-in-file-order.ts';
import { transactionToPost } from '../../server/remittances/transaction-to-post.ts';
import { submittedClaim, clp, line, remittance, type Clp } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let tenant: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await baseTenant(db, 'remit-concurrent');
  service = await startTestService(db);
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

/** One 835 transaction of the fixtures' parsed shape, as the builder takes it. */
function toX12Input(trace: string, claims: Clp[], controlNumber: number): Remittance835Input {
  return {
    controlNumber,
    payment: { method: 'ACH', date: '2026-12-01', traceNumber: trace, payerIdentifier: '1411289245' },
    payer: { name: 'UNITED HEALTHCARE', id: '87726', address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
    payee: { name: 'DEMO CLINIC', npi: '1234567893' },
    claims: claims.map((c) => ({
      patientControlNumber: c.patientControlNumber, status: c.status, chargeAmount: c.chargeAmount, paymentAmount: c.paymentAmount,
      patientResponsibility: c.patientResponsibility ?? null, payerClaimControlNumber: c.payerClaimControlNumber ?? null, filingIndicator: c.filingIndicator ?? null,
      patient: { lastName: 'DOE', firstName: 'JANE', middleName: null, idQualifier: 'MI', id: 'M1' },
      services: c.services.map((s) => ({ ...s, procedure: { ...s.procedure, description: null }, adjustments: s.adjustments.map((a) => ({ ...a, quantity: a.quantity ?? null })) })),
    })),
  };
}

test('a payment, its reversal and the corrected payment in three transactions of one file post in file order among independent ones, answered in file order', async () => {
  process.env.REMITTANCE_POST_CONCURRENCY = '4';
  try {
    const reworked = await submittedClaim(db, tenant, [100]);
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => submittedClaim(db, tenant, [50])));
    const paid = (pcn: string) => clp(pcn, '1', [line('99213', 50, 40, [['CO', '45', 10]])]);
    const transactions = [
      // The first payment comes with 2,000 CLPs of claims that are not ours, so that it takes longer
      // to stage than the reversal two transactions later: posted at once, the reversal would win.
      toX12Input('TRN-CONC-1', [clp(reworked.pcn, '1', [line('99213', 100, 70, [['CO', '45', 30]])]),
        ...Array.from({ length: 2000 }, (_, i) => clp(`NOTOURS${i}`, '1', [line('99213', 10, 10, [])]))], 1),
      toX12Input('TRN-CONC-2', [paid(others[0].pcn), paid(others[1].pcn)], 2),
      toX12Input('TRN-CONC-3', [clp(reworked.pcn, '22', [line('99213', -100, -70, [['CO', '45', -30]])])], 3),
      toX12Input('TRN-CONC-4', [paid(others[2].pcn)], 4),
      toX12Input('TRN-CONC-5', [clp(reworked.pcn, '1', [line('99213', 100, 90, [['CO', '45', 10]])])], 5),
      toX12Input('TRN-CONC-6', [paid(others[3].pcn), paid(others[4].pcn)], 6),
    ];
    const x12 = build835({ sender: { qualifier: 'ZZ', id: 'UHC' }, receiver: { qualifier: 'ZZ', id: 'DEMO' }, interchangeControlNumber: 7001, groupControlNumber: 7001, usage: 'P', remittances: transactions });
    const res = await service.rest('POST', '/remittances', { token: await service.token(tenant, ['claims.write']), rawBody: x12, contentType: 'application/edi-x12' });
    expect(res.status).toBe(200);
    const answers = res.body.remittances as Array<{ remittanceId: string; status: string; claimsPosted: number }>;
    expect(answers.map((a) => [a.status, a.claimsPosted])).toEqual([['POSTED', 1], ['POSTED', 2], ['POSTED', 1], ['POSTED', 1], ['POSTED', 1], ['POSTED', 2]]);
    const traces = (await db.owner.query('select id, trace_number, x12 from billing.remittance where id = any($1)', [answers.map((a) => a.remittanceId)])).rows;
    expect(answers.map((a) => traces.find((t) => t.id === a.remittanceId)?.trace_number)).toEqual(['TRN-CONC-1', 'TRN-CONC-2', 'TRN-CONC-3', 'TRN-CONC-4', 'TRN-CONC-5', 'TRN-CONC-6']);
    // Each keeps its own ST..SE in the file's envelope, as received, not the other five again.
    for (const { trace_number: trace, x12: kept } of traces) {
      const reread = parseX12(kept);
      expect(reread.transactions).toHaveLength(1);
      expect(reread.transactions[0]).toMatchObject({ type: '835', payment: { traceNumber: trace } });
      expect(kept.startsWith(x12.slice(0, x12.indexOf('ST*')))).toBe(true);
      expect(kept.endsWith(x12.slice(x12.lastIndexOf('GE*')))).toBe(true);
      expect(x12).toContain(kept.slice(kept.indexOf('ST*'), kept.lastIndexOf('GE*')));
    }

    // The reversal undid the first payment (not the corrected one), and the claim holds the corrected amount.
    const { rows: payments } = await db.owner.query(
      `select r.trace_number, p.claim_status_code, p.paid_amount::text, (p.reversed_by is not null) as reversed,
              (select r2.trace_number from billing.claim_payment x join billing.remittance r2 on r2.id = x.remittance_id where x.id = p.reversed_by) as reversed_by
       from billing.claim_payment p join billing.remittance r on r.id = p.remittance_id where p.claim_id = $1 order by r.trace_number`, [reworked.claimId]);
    expect(payments).toEqual([
      { trace_number: 'TRN-CONC-1', claim_status_code: '1', paid_amount: '70.00', reversed: true, reversed_by: 'TRN-CONC-3' },
      { trace_number: 'TRN-CONC-3', claim_status_code: '22', paid_amount: '-70.00', reversed: false, reversed_by: null },
      { trace_number: 'TRN-CONC-5', claim_status_code: '1', paid_amount: '90.00', reversed: false, reversed_by: null },
    ]);
    const { rows: [claim] } = await db.owner.query('select status, paid_amount::text, balance::text from billing.claim where id = $1', [reworked.claimId]);
    expect(claim).toEqual({ status: 'PAID', paid_amount: '90.00', balance: '0.00' });
    const { rows: [paidOthers] } = await db.owner.query("select count(*)::int as n from billing.claim where id = any($1) and status = 'PAID' and paid_amount = 40", [others.map((o) => o.claimId)]);
    expect(paidOthers.n).toBe(5);
  } finally {
    delete process.env.REMITTANCE_POST_CONCURRENCY;
  }
});

test('postInFileOrder runs at most the given number at once, a transaction after the earlier ones naming its claims, and stops starting new ones after a failure', async () => {
  const tx = (...pcns: string[]) => transactionToPost({ claims: pcns.map((p) => ({ patientControlNumber: p, payerClaimControlNumber: null })) });
  const events: string[] = [];
  let inFlight = 0;
  let most = 0;
  const post = async (_t: unknown, i: number) => {
    inFlight++;
    most = Math.max(most, inFlight);
    events.push(`start ${i}`);
    // Earlier transactions take longer, so that a later independent one overtakes them.
    await new Promise((resolve) => setTimeout(resolve, [300, 20, 5, 5, 5][i]));
    events.push(`end ${i}`);
    inFlight--;
    return `answer ${i}`;
  };
  const answers = await postInFileOrder([tx('A'), tx('B'), tx('C'), tx('A', 'D'), tx('D')], post, 2);
  expect(answers).toEqual(['answer 0', 'answer 1', 'answer 2', 'answer 3', 'answer 4']);
  expect(most).toBe(2);
  // 3 names A: it starts after 0 ended; 4 names D: after 3 ended. 2 (C) takes the slot 1 frees and ends before 0.
  expect(events.indexOf('start 3')).toBeGreaterThan(events.indexOf('end 0'));
  expect(events.indexOf('start 4')).toBeGreaterThan(events.indexOf('end 3'));
  expect(events.indexOf('end 2')).toBeLessThan(events.indexOf('end 0'));

  const started: number[] = [];
  const failing = postInFileOrder([tx('A'), tx('B'), tx('C'), tx('D')], async (_t, i) => {
    started.push(i);
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (i === 0) throw new Error('bad amount in transaction 0');
    return i;
  }, 1);
  await expect(failing).rejects.toThrow('bad amount in transaction 0');
  expect(started).toEqual([0]);
});

test('postInFileOrder starts a transaction as soon as it is read, not once the whole file is read, and takes no more of the file after a failure', async () => {
  const tx = (...pcns: string[]) => transactionToPost({ claims: pcns.map((p) => ({ patientControlNumber: p, payerClaimControlNumber: null })) });
  // A file being read: the second transaction is handed out only once the first has started posting.
  let firstStarted!: () => void;
  const firstHasStarted = new Promise<void>((resolve) => { firstStarted = resolve; });
  async function* reading() {
    yield tx('A');
    await firstHasStarted;
    yield tx('B');
  }
  const started: number[] = [];
  const answers = await postInFileOrder(reading(), async (_t, i) => {
    started.push(i);
    if (i === 0) firstStarted();
    return `answer ${i}`;
  }, 2);
  expect(answers).toEqual(['answer 0', 'answer 1']);
  expect(started).toEqual([0, 1]);

  // After the first fails, the reading is not taken further: the third transaction is never read.
  let failed!: () => void;
  const hasFailed = new Promise<void>((resolve) => { failed = resolve; });
  const read: number[] = [];
  async function* failingFile() {
    read.push(0);
    yield tx('A');
    await hasFailed;
    read.push(1);
    yield tx('B');
    read.push(2);
    yield tx('C');
  }
  const tried: number[] = [];
  await expect(postInFileOrder(failingFile(), async (_t, i) => {
    tried.push(i);
    if (i === 0) {
      setImmediate(failed);
      throw new Error('bad amount in transaction 0');
    }
    return i;
  }, 2)).rejects.toThrow('bad amount in transaction 0');
  expect(tried).toEqual([0]);
  expect(read).toEqual([0, 1]);
});

test('a transaction goes to the posting as its head in JSON without null members and its rows as columns, with the claims it names by CLP01 and CLP07', () => {
  const posted = transactionToPost({ payment: { amount: '10.00', traceNumber: 'T1' }, claims: [
    { patientControlNumber: 'PCN1', payerClaimControlNumber: 'ICN1', drgCode: null, crossover: null, remarks: [{ source: 'MOA', code: 'MA01' }],
      adjustments: [{ group: 'OA', reason: '23', amount: '-2.00', quantity: null }],
      services: [{ procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] }, modifiers: ['25'], chargeAmount: '10.00', paymentAmount: '11.00', serviceDate: '2026-11-01',
        originalProcedure: null, remarks: ['N130'], adjustments: [{ group: 'CO', reason: '45', amount: '1.00', quantity: null }] }] },
    { patientControlNumber: 'PCN2 "quoted", \\ too', status: '22', payerClaimControlNumber: null, crossover: { entityId: 'TT', lastName: 'SECOND PAYER', id: 'X9' } },
  ] });
  expect(JSON.parse(posted.head)).toEqual({ payment: { amount: '10.00', traceNumber: 'T1' } });
  expect(posted.columns).toEqual([
    '{"PCN1","PCN2 \\"quoted\\", \\\\ too"}', '{NULL,"22"}', '{NULL,NULL}', '{NULL,NULL}', '{NULL,NULL}', '{"ICN1",NULL}', '{NULL,"SECOND PAYER"}', '{NULL,"X9"}',
    '{"{\\"MA01\\"}","{}"}',
    '{1}', '{1}', '{"99213"}', '{"{\\"25\\"}"}', '{NULL}', '{"10.00"}', '{"11.00"}', '{NULL}', '{"2026-11-01"}', '{NULL}', '{"{\\"N130\\"}"}',
    '{1,1}', '{NULL,1}', '{1,2}', '{"OA","CO"}', '{"23","45"}', '{"-2.00","1.00"}', '{NULL,NULL}',
  ]);
  expect(posted.claimKeys).toEqual(['pcn:PCN1', 'icn:ICN1', 'pcn:PCN2 "quoted", \\ too']);
});

test('the same 835 delivered twice at the same moment posts once: the second waits for the first and answers DUPLICATE', async () => {
  const c = await submittedClaim(db, tenant, [100]);
  const body = JSON.stringify(remittance('TRN-CONC-TWICE', [clp(c.pcn, '1', [line('99213', 100, 80, [['CO', '45', 20]])])]));
  const session = async () => {
    const client = new pg.Client({ connectionString: db.location.ownerUrl });
    await client.connect();
    await client.query('begin');
    await client.query("select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'claims.write', true)", [tenant]);
    await client.query('set local role rcm_visitor');
    return client;
  };
  const first = await session();
  const second = await session();
  try {
    const post = (client: pg.Client) => client.query<{ status: string; reason: string | null; claims_posted: number }>("select status, reason, claims_posted from billing.fn_post_remittance($1, 'ISA~')", [body]);
    expect((await post(first)).rows[0]).toMatchObject({ status: 'POSTED', claims_posted: 1 });
    const secondPosting = post(second);
    const secondPid = (await db.owner.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like $1 and wait_event_type = $2', ['%fn_post_remittance%', 'Lock'])).rows;
    for (let i = 0; i < 100 && secondPid.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      secondPid.push(...(await db.owner.query("select pid from pg_stat_activity where datname = current_database() and query like '%fn_post_remittance%' and wait_event_type = 'Lock'")).rows);
    }
    expect(secondPid).toHaveLength(1);
    await first.query('commit');
    expect((await secondPosting).rows[0]).toMatchObject({ status: 'DUPLICATE', claims_posted: 0, reason: expect.stringContaining('already posted') });
    await second.query('commit');
  } finally {
    await first.end();
    await second.end();
  }
  const { rows } = await db.owner.query("select status, count(*)::int as n from billing.remittance where trace_number = 'TRN-CONC-TWICE' group by status order by status");
  expect(rows).toEqual([{ status: 'DUPLICATE', n: 1 }, { status: 'POSTED', n: 1 }]);
  const { rows: [claim] } = await db.owner.query('select paid_amount::text from billing.claim where id = $1', [c.claimId]);
  expect(claim.paid_amount).toBe('80.00');
});
