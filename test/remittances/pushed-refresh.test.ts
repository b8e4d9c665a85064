// An 835 pushed to POST /remittances (and the console's upload, the same route) requests the
// refresh of the dashboards' views as a polled one does (billing_private.fn_request_view_refresh,
// paced by rcm.view_refresh_min_interval): the payments view shows it once the worker ran the refresh,
// without waiting for the nightly. Real worker, real HTTP.
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { baseTenant } from '../claims/fixtures.ts';
import { waitFor } from '../eligibility/support.ts';
import { build835 } from '../../x12/build-835.ts';
import { adjudicate } from '../../x12/sandbox-835-scenarios.ts';
import { submittedClaim } from './fixtures.ts';

let db: TestDatabase;
let service: TestService;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tenantId = await baseTenant(db, 'remit-push-refresh');
  // The refresh waits out this interval since the last one (60 s by default).
  await db.owner.query(`alter database ${db.name} set rcm.view_refresh_min_interval = '1 second'`);
  service = await startTestService(db, { jobs: true });
});
afterAll(async () => {
  await service.stop();
  await db.drop();
});

async function pushed835(trace: string, interchange: number): Promise<string> {
  const claim = await submittedClaim(db, tenantId, [120, 80]);
  const { rows: [payer] } = await db.owner.query<{ name: string; payer_identifier: string | null }>(
    'select p.name, p.payer_identifier from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id where c.id = $1', [claim.claimId]);
  const { rows: lines } = await db.owner.query<{ procedure_code: string; amount: string; service_date: string }>(
    "select procedure_code, amount::text, to_char(service_date, 'YYYY-MM-DD') as service_date from billing.claim_line where claim_id = $1 order by line_number", [claim.claimId]);
  return build835({
    sender: { qualifier: 'ZZ', id: 'SANDBOXPAYER' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' }, interchangeControlNumber: interchange, groupControlNumber: interchange, usage: 'T',
    remittances: [{
      controlNumber: 1,
      payment: { method: 'ACH', date: '2026-12-02', traceNumber: trace, payerIdentifier: '1999999999' },
      payer: { name: payer.name, id: payer.payer_identifier ?? undefined, address: { line: '1 PAYER WAY', city: 'HARTFORD', state: 'CT', postalCode: '06101' } },
      payee: { name: 'DEMO CLINIC', npi: '1234567893' },
      claims: [adjudicate({
        patientControlNumber: claim.pcn, payerClaimControlNumber: `ICN-${claim.pcn}`,
        patient: { lastName: 'DOE', firstName: 'PAT', middleName: null, idQualifier: 'MI', id: 'M1' },
        lines: lines.map((l) => ({ procedure: l.procedure_code, chargeAmount: l.amount, serviceDate: l.service_date })),
      }, 'coinsurance')],
    }],
  });
}

const viewedPayments = async (): Promise<string | null> => (await db.owner.query<{ amount: string | null }>(
  "select sum(payment_amount)::text as amount from reporting.mv_payment_by_payer_day where tenant_id = $1 and payment_day = '2026-12-02'", [tenantId])).rows[0].amount;

test('after a POST of an 835 the payments view shows its payment once the requested refresh ran; a second push is refreshed too', async () => {
  const token = await service.token(tenantId, ['claims.write', 'claims.read']);
  expect(await viewedPayments()).toBeNull();

  const first = await service.rest('POST', '/remittances', { token, rawBody: await pushed835('EFT-PUSH-1', 8101), contentType: 'application/edi-x12' });
  expect(first.status).toBe(200);
  expect(first.body.remittances).toEqual([expect.objectContaining({ status: 'POSTED', claimsPosted: 1 })]);
  const [{ amount: paid }] = (await db.owner.query<{ amount: string }>("select payment_amount::text as amount from billing.remittance where tenant_id = $1 and trace_number = 'EFT-PUSH-1'", [tenantId])).rows;
  expect(Number(paid)).toBeGreaterThan(0);
  // Nothing else asks for a refresh here (no cron, no poll): the push did.
  await waitFor(async () => (await viewedPayments()) === paid, 20_000, 'the payments view to show the pushed 835');

  // The console's upload is the same route (x-rcm-source: console): its 835 shows up the same way,
  // paced after the refresh that just ran.
  const second = await fetch(`${service.url}/remittances`, {
    method: 'POST', body: await pushed835('EFT-PUSH-2', 8102),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12', 'x-rcm-source': 'console' },
  });
  expect(((await second.json()) as { remittances: unknown[] }).remittances).toEqual([expect.objectContaining({ status: 'POSTED' })]);
  const [{ total }] = (await db.owner.query<{ total: string }>("select sum(payment_amount)::text as total from billing.remittance where tenant_id = $1 and status = 'POSTED'", [tenantId])).rows;
  await waitFor(async () => (await viewedPayments()) === total, 20_000, 'the payments view to show the second 835');
  expect((await db.owner.query("select source from billing.remittance where tenant_id = $1 and trace_number = 'EFT-PUSH-2'", [tenantId])).rows).toEqual([{ source: 'CONSOLE' }]);
});

test('a HELD or DUPLICATE 835 posts nothing, so it requests no refresh', async () => {
  await waitFor(async () => (await db.owner.query("select count(*)::int as n from graphile_worker.jobs where key = 'claims/refresh-views:requested'")).rows[0].n === 0, 20_000, 'the pending refresh to run');
  const token = await service.token(tenantId, ['claims.write']);
  const x12 = await pushed835('EFT-PUSH-1', 8101);
  const again = await service.rest('POST', '/remittances', { token, rawBody: x12, contentType: 'application/edi-x12' });
  expect(again.body.remittances).toEqual([expect.objectContaining({ status: 'DUPLICATE' })]);
  expect((await db.owner.query("select count(*)::int as n from graphile_worker.jobs where key = 'claims/refresh-views:requested'")).rows[0].n).toBe(0);
});
