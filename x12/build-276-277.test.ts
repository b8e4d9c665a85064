import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build276 } from './build-276.ts';
import type { ClaimStatusRequestInput } from './build-276.ts';
import { build277 } from './build-277.ts';
import type { Transaction276 } from './claim-status-276.ts';
import { parseX12 } from './parse.ts';
import { tokenize } from './tokenize.ts';

const samplesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'samples-835');

const request: ClaimStatusRequestInput = {
  sender: { qualifier: 'ZZ', id: 'RCMCORE' },
  receiver: { qualifier: 'ZZ', id: 'SANDBOXPAYER' },
  interchangeControlNumber: 301,
  groupControlNumber: 301,
  transactionControlNumber: 301,
  usage: 'T',
  createdAt: new Date('2026-12-01T08:00:00Z'),
  payer: { name: 'SANDBOX PAYER', id: 'SBX01' },
  provider: { name: 'SANDBOX CLINIC', npi: '1234567893' },
  subscriber: { memberId: 'M1001', firstName: 'JANE', lastName: 'DOE', dob: '1980-02-03', gender: 'F' },
  claim: { patientControlNumber: 'PCN1001', chargeAmount: '195.55', serviceDate: '2026-11-02', serviceDateEnd: '2026-11-03', payerClaimControlNumber: 'ICN1001' },
};

describe('276 claim status request', () => {
  it('builds a request our 276 reader gets the claim back from', () => {
    const parsed = parseX12(build276(request));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.interchange.groups[0]).toMatchObject({ functionalId: 'HR', version: '005010X212' });
    const t = parsed.transactions[0] as Transaction276;
    expect(t.payer).toEqual({ name: 'SANDBOX PAYER', firstName: null, idQualifier: 'PI', id: 'SBX01' });
    expect(t.inquiries).toEqual([{
      traceNumber: 'PCN1001', patientControlNumber: 'PCN1001', payerClaimControlNumber: 'ICN1001', chargeAmount: '195.55',
      serviceDate: '2026-11-02', serviceDateEnd: '2026-11-03',
      provider: { name: 'SANDBOX CLINIC', firstName: null, idQualifier: 'XX', id: '1234567893' },
      subscriber: { name: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'M1001' },
      dependent: null,
    }]);
  });

  it('puts a dependent patient at HL 23 with NM1*QC', () => {
    const t = parseX12(build276({ ...request, dependent: { firstName: 'JIM', lastName: 'DOE', dob: '2015-05-05' }, claim: { ...request.claim, traceNumber: 'TR-9' } })).transactions[0] as Transaction276;
    expect(t.inquiries[0]).toMatchObject({ traceNumber: 'TR-9', patientControlNumber: 'PCN1001', dependent: { name: 'DOE', firstName: 'JIM' }, subscriber: { id: 'M1001' } });
  });

  it('reads a real multi-claim 276 (stupidedi, one line): three inquiries under two providers', () => {
    const t = parseX12(readFileSync(path.join(samplesDir, 'kputnam__stupidedi__claim-request.276'), 'utf8')).transactions[0] as Transaction276;
    expect(t.inquiries.map((i) => [i.traceNumber, i.patientControlNumber, i.provider?.id, i.dependent?.firstName ?? null])).toEqual([
      ['ABCXYZ1', 'SM123456', '1666666661', null], ['ABCXYZ2', 'JO234567', '1666666661', null], ['ABCXYZ3', 'MA345678', '1666666666', 'JOSEPH'],
    ]);
  });

  it('rejects bad input naming the field', () => {
    expect(() => build276({ ...request, provider: { ...request.provider, npi: '12' } })).toThrow(/provider\.npi must be 10 digits/);
    expect(() => build276({ ...request, claim: { ...request.claim, chargeAmount: 'abc' } })).toThrow(/claim\.chargeAmount must be a decimal amount/);
    expect(() => build276({ ...request, claim: { ...request.claim, serviceDate: '2026-02-30' } })).toThrow(/claim\.serviceDate must be a date/);
  });
});

describe('277 claim status response', () => {
  it('answers a parsed 276 with TRN*2 echo, STC category:code:entity and the claim references', () => {
    const inquiry = (parseX12(build276(request)).transactions[0] as Transaction276).inquiries[0]!;
    const x12 = build277({
      sender: { qualifier: 'ZZ', id: 'SANDBOXPAYER' }, receiver: { qualifier: 'ZZ', id: 'RCMCORE' },
      interchangeControlNumber: 302, groupControlNumber: 302, transactionControlNumber: 302, usage: 'T',
      createdAt: new Date('2026-12-01T08:00:01Z'), referenceId: 'PCN1001',
      payer: { name: 'SANDBOX PAYER', id: 'SBX01' }, informationReceiver: { name: 'SANDBOX CLINIC', etin: '1234567893' }, provider: { name: 'SANDBOX CLINIC', npi: '1234567893' },
      claims: [{
        traceNumber: inquiry.traceNumber, patientControlNumber: inquiry.patientControlNumber ?? '', payerClaimControlNumber: 'ICN1001',
        subscriber: { memberId: 'M1001', firstName: 'JANE', lastName: 'DOE' },
        statuses: [{ category: 'F1', code: '65' }, { category: 'F1', code: '107', entity: 'PR' }],
        effectiveDate: '2026-11-30', chargeAmount: '195.55', paidAmount: '156.44', paymentDate: '2026-12-01', checkNumber: 'EFT0001',
        serviceDate: '2026-11-02', serviceDateEnd: '2026-11-03',
      }],
    });
    const { segments } = tokenize(x12);
    const text = segments.map((s) => s.elements.join('*'));
    expect(text).toContain('GS*HN*SANDBOXPAYER*RCMCORE*20261201*0800*302*X*005010X212');
    expect(text).toContain('TRN*2*PCN1001');
    expect(text).toContain('STC*F1:65*20261130**195.55*156.44*20261201**20261201*EFT0001*F1:107:PR');
    expect(text).toContain('REF*EJ*PCN1001');
    expect(text).toContain('DTP*472*RD8*20261102-20261103');
  });

  it('rejects a status without a valid category', () => {
    expect(() => build277({
      sender: { qualifier: 'ZZ', id: 'S' }, receiver: { qualifier: 'ZZ', id: 'R' }, interchangeControlNumber: 1, groupControlNumber: 1, transactionControlNumber: 1, usage: 'T',
      referenceId: 'X', payer: { name: 'P', id: '1' }, informationReceiver: { name: 'R', etin: '1' }, provider: { name: 'C', npi: '1234567893' },
      claims: [{ traceNumber: 'T', patientControlNumber: 'P', subscriber: { memberId: 'M', firstName: 'A', lastName: 'B' }, statuses: [{ category: 'a1', code: '20' }], effectiveDate: '2026-01-01', chargeAmount: '1.00', serviceDate: '2026-01-01' }],
    })).toThrow(/claims\[0\]\.statuses\[0\]\.category must be a claim status category code/);
  });
});
