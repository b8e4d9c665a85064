import { Writable } from 'node:stream';
import { X12BuildError } from './envelope.ts';
import { build837P, write837P } from './build-837p.ts';
import { parseX12 } from './parse.ts';
import { validateClaim837 } from './validate-837p.ts';
import { dependentClaim, manyClaims, renderingFacilityClaim, replacementClaim, sampleHeader, selfClaim } from './test-support/claims-837.ts';
import { pyx12Validate } from './test-support/pyx12.ts';
import type { Transaction837 } from './types-claims.ts';

const shapes = [selfClaim(), dependentClaim(), renderingFacilityClaim(), replacementClaim()];

describe('837P writer', () => {
  it('writes every claim shape as a file pyx12 accepts with zero errors', () => {
    const { text } = build837P(sampleHeader(), shapes, { lineBreaks: true });
    const result = pyx12Validate(text, 'shapes.837');
    expect(result.output).toContain('OK');
    expect(result.ok).toBe(true);
  });

  it('splits into several transaction sets with correct counts and pyx12 accepts them', () => {
    const { text, summary } = build837P(sampleHeader({ firstTransactionControlNumber: 41 }), manyClaims(23), { maxClaimsPerTransactionSet: 5 });
    expect(summary.transactionSets.map((s) => [s.controlNumber, s.claimCount])).toEqual([['0041', 5], ['0042', 5], ['0043', 5], ['0044', 5], ['0045', 3]]);
    expect(text).toContain('GE*5*1001~IEA*1*000001001~');
    expect(pyx12Validate(text, 'many.837').ok).toBe(true);
    const parsed = parseX12(text);
    expect(parsed.warnings).toEqual([]);
    const claims = parsed.transactions.flatMap((t) => (t as Transaction837).claims);
    expect(claims.map((c) => c.patientControlNumber)).toEqual(summary.transactionSets.flatMap((s) => s.patientControlNumbers));
  });

  it('parses back into the claims it was given', () => {
    const { text } = build837P(sampleHeader(), shapes);
    const parsed = parseX12(text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.interchange.controlNumber).toBe('000001001');
    const t = parsed.transactions[0] as Transaction837;
    expect(t).toMatchObject({ type: '837', variant: 'professional', implementationReference: '005010X222A1', purpose: '00', claimOrEncounter: 'CH' });
    expect(t.submitter).toMatchObject({ name: 'RCM CORE DEMO CLINIC', id: 'RCMCORE' });
    const [self, dependent, rendering, replacement] = t.claims;
    expect(self).toMatchObject({
      patientControlNumber: 'C0000001', chargeAmount: '125.00', facilityCode: '11', frequencyCode: '1', payerResponsibility: 'P', claimFilingIndicator: 'CI',
      billingProvider: { name: 'MAIN STREET CLINIC', id: '1234567893' }, payer: { name: 'AETNA', id: '60054' }, subscriber: { id: 'W123456789' }, patient: null, diagnoses: ['J069'],
    });
    expect(self?.lines).toEqual([expect.objectContaining({ procedure: '99213', chargeAmount: '125.00', units: '1', serviceDate: '2026-11-20', diagnosisPointers: ['1'] })]);
    expect(dependent).toMatchObject({ chargeAmount: '310.50', claimFilingIndicator: 'MC', patient: { name: 'DOE', firstName: 'SAM' }, diagnoses: ['J069', 'R509'] });
    expect(dependent?.lines.map((l) => [l.procedure, l.modifiers, l.chargeAmount])).toEqual([['99214', ['25'], '180.00'], ['87880', ['QW'], '45.50'], ['96372', ['59', 'RT'], '85.00']]);
    expect(rendering?.diagnoses).toHaveLength(12);
    expect(rendering).toMatchObject({ facilityCode: '22', renderingProvider: { id: '1245319599' }, serviceFacility: { name: 'OUTPATIENT CENTER' } });
    expect(replacement).toMatchObject({ frequencyCode: '7', payerClaimControlNumber: '2026112200123', payerResponsibility: 'S' });
  });

  it('groups consecutive claims of one subscriber under one 2000B', () => {
    const { text } = build837P(sampleHeader(), [selfClaim(), selfClaim({ patientControlNumber: 'C0000009' })]);
    expect(text.match(/HL\*/g)).toHaveLength(2);
    expect(pyx12Validate(text).ok).toBe(true);
  });

  it('streams 5,001 claims into a Writable in two sets, respecting backpressure', async () => {
    const chunks: string[] = [];
    const sink = new Writable({ highWaterMark: 1024, write(chunk, _enc, done) { chunks.push(String(chunk)); setImmediate(done); } });
    const summary = await write837P(sampleHeader(), manyClaims(5001), sink, { chunkBytes: 16_384 });
    expect(chunks.length).toBeGreaterThan(10);
    expect(summary.transactionSets.map((s) => s.claimCount)).toEqual([5000, 1]);
    const text = chunks.join('');
    expect(Buffer.byteLength(text)).toBe(summary.bytes);
    const parsed = parseX12(text);
    expect(parsed.warnings).toEqual([]);
    expect((parsed.transactions[0] as Transaction837).claims).toHaveLength(5000);
  });

  it('refuses an invalid claim, naming the claim and the field', () => {
    const bad = selfClaim({ patientControlNumber: 'C-TOO-LONG-0123456789', totalAmount: '99.00' });
    expect(() => build837P(sampleHeader(), [bad])).toThrow(X12BuildError);
    expect(() => build837P(sampleHeader(), [bad])).toThrow(/claim C-TOO-LONG-0123456789: patientControlNumber must be 1 to 20 characters.*totalAmount 99.00 is not the sum of the line amounts \(125.00\)/);
  });

  it('accepts real calendar dates only and writes amounts without trailing zeros', () => {
    const dob = (value: string) => validateClaim837(selfClaim({ subscriber: { ...selfClaim().subscriber, dob: value } })).map((p) => p.field);
    expect(dob('2024-02-29')).toEqual([]);
    for (const bad of ['2023-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '0099-01-01', '2026-01-0a']) expect(dob(bad)).toEqual(['subscriber.dob']);
    const claim = selfClaim({ totalAmount: '1012.50', lines: [
      { procedure: '99213', amount: '1000.00', units: '1.50', diagnosisPointers: [1], serviceDate: '2026-11-20' },
      { procedure: '36415', amount: '12.50', units: '10', diagnosisPointers: [1], serviceDate: '2026-11-20' },
    ] });
    const { text } = build837P(sampleHeader(), [claim]);
    expect(text).toContain('CLM*C0000001*1012.5*');
    expect(text).toContain('SV1*HC:99213*1000*UN*1.5***1~');
    expect(text).toContain('SV1*HC:36415*12.5*UN*10***1~');
  });

  it('lists every problem of a claim for per-claim error reports', () => {
    const problems = validateClaim837(selfClaim({
      frequencyCode: '7',
      billingProvider: { ...selfClaim().billingProvider, address: { line1: '1 A ST', city: 'X*Y', state: 'IL', zip: '62701' } },
      diagnoses: ['J06.9'],
      subscriber: { ...selfClaim().subscriber, relationshipToPatient: '19' },
    }));
    expect(problems.map((p) => p.field)).toEqual(['payerClaimControlNumber', 'billingProvider.address.city', 'billingProvider.address.zip', 'patient', 'diagnoses[0]']);
  });
});
