import { Writable } from 'node:stream';
import { X12BuildError } from './envelope.ts';
import { build837P, write837P } from './build-837p.ts';
import { parseX12 } from './parse.ts';
import { validateClaim837 } from './validate-837p.ts';
import { dependentClaim, manyClaims, renderingFacilityClaim, replacementClaim, sampleHeader, secondaryClaim, selfClaim } from './test-support/claims-837.ts';
import { pyx12Validate } from './test-support/pyx12.ts';
import type { Transaction837 } from './types-claims.ts';

const shapes = [selfClaim(), dependentClaim(), renderingFacilityClaim(), replacementClaim(), secondaryClaim()];

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

  it('writes a secondary claim\'s COB loops in the guide\'s order: 2320 SBR/CAS/AMT/OI, 2330A, 2330B with REF*F8, and 2430 after each line', () => {
    const { text } = build837P(sampleHeader(), [secondaryClaim()], { lineBreaks: true });
    const segments = text.split('~\n');
    const from = segments.findIndex((s) => s.startsWith('CLM*C0000005'));
    expect(segments.slice(from + 2, from + 10)).toEqual([
      'SBR*P*19*GRP100******CI', 'CAS*CO*45*10', 'AMT*D*150', 'AMT*EAF*70.5', 'OI***Y***Y',
      'NM1*IL*1*DOE*JANE****MI*W987654321', 'NM1*PR*2*AETNA*****PI*60054', 'REF*F8*AET2026112100042',
    ]);
    expect(segments.slice(from + 10, from + 16)).toEqual([
      'LX*1', 'SV1*HC:99214:25*180*UN*1***1:2', 'DTP*472*D8*20261121', 'SVD*60054*120*HC:99214:25**1', 'CAS*CO*45*20', 'CAS*PR*1*40',
    ]);
    expect(segments[from + 16]).toBe('DTP*573*D8*20261201');
    // No line data from the primary: the adjudication date moves to 2330B.
    const claimLevel = secondaryClaim();
    claimLevel.otherPayers![0]!.adjudication = { date: '2026-12-01', paidAmount: '160.00', remainingPatientLiability: null,
      adjustments: [{ group: 'CO', reason: '45', amount: '80.00' }, { group: 'PR', reason: '1', amount: '70.50' }], lines: [] };
    const claimLevelText = build837P(sampleHeader(), [claimLevel]).text;
    expect(claimLevelText).toContain('~CAS*CO*45*80~CAS*PR*1*70.5~AMT*D*160~OI***Y***Y~');
    expect(claimLevelText).toContain('~NM1*PR*2*AETNA*****PI*60054~DTP*573*D8*20261201~REF*F8*AET2026112100042~');
    expect(claimLevelText).not.toContain('SVD*');
    expect(pyx12Validate(claimLevelText, 'claim-level-cob.837').ok).toBe(true);
  });

  it('parses the COB loops back: the other payer, its claim adjustments and paid amount, and each line\'s adjudication', () => {
    const parsed = parseX12(build837P(sampleHeader(), [secondaryClaim()]).text);
    expect(parsed.warnings).toEqual([]);
    const [claim] = (parsed.transactions[0] as Transaction837).claims;
    expect(claim).toMatchObject({ payerResponsibility: 'S', payer: { name: 'UNITED HEALTHCARE', id: '87726' }, subscriber: { id: 'UHC0042' }, payerClaimControlNumber: null });
    expect(claim?.otherPayers).toEqual([{
      payerResponsibility: 'P', relationship: '19', groupNumber: 'GRP100', claimFilingIndicator: 'CI',
      adjustments: [{ group: 'CO', reason: '45', amount: '10.00', quantity: null }], paidAmount: '150.00', remainingPatientLiability: '70.50',
      subscriber: { name: 'DOE', firstName: 'JANE', idQualifier: 'MI', id: 'W987654321' }, payer: { name: 'AETNA', idQualifier: 'PI', id: '60054' },
      payerClaimControlNumber: 'AET2026112100042', adjudicationDate: null,
    }]);
    expect(claim?.lines.map((l) => l.adjudications)).toEqual([
      [{ payerId: '60054', paidAmount: '120.00', procedure: '99214', modifiers: ['25'], units: '1', adjudicationDate: '2026-12-01',
         adjustments: [{ group: 'CO', reason: '45', amount: '20.00', quantity: null }, { group: 'PR', reason: '1', amount: '40.00', quantity: null }] }],
      [expect.objectContaining({ paidAmount: '0.00', adjustments: [{ group: 'PR', reason: '1', amount: '30.50', quantity: null }, { group: 'CO', reason: '45', amount: '15.00', quantity: null }] })],
      [expect.objectContaining({ paidAmount: '40.00', procedure: '96372', modifiers: ['59', 'RT'] })],
    ]);
  });

  it('refuses COB data that does not balance, naming the line or the equation', () => {
    const fields = (claim: ReturnType<typeof secondaryClaim>) => validateClaim837(claim).map((p) => p.message);
    expect(fields(secondaryClaim())).toEqual([]);
    const badLine = secondaryClaim();
    badLine.otherPayers![0]!.adjudication!.lines[1]!.paidAmount = '5.00';
    expect(fields(badLine)).toEqual([
      'otherPayers[0].adjudication.lines[1] does not balance: line 2 charge 45.50 <> paid 5.00 + adjustments 45.50',
      'otherPayers[0].adjudication.paidAmount 150.00 <> the lines\' paid amounts 165.00 - the claim adjustments 10.00',
    ]);
    const badClaim = secondaryClaim();
    badClaim.otherPayers![0]!.adjudication!.paidAmount = '149.00';
    expect(fields(badClaim)).toEqual([
      'otherPayers[0].adjudication.paidAmount 149.00 <> the lines\' paid amounts 160.00 - the claim adjustments 10.00',
      'otherPayers[0].adjudication does not balance: totalAmount 310.50 <> paid 149.00 + claim adjustments 10.00 + line adjustments 150.50',
    ]);
    const wrongLine = secondaryClaim();
    wrongLine.otherPayers![0]!.adjudication!.lines[2]!.lineNumber = 4;
    expect(fields(wrongLine)[0]).toBe('otherPayers[0].adjudication.lines[2].lineNumber must name one of the claim\'s 3 service lines, got 4');
    const samePayer = secondaryClaim();
    samePayer.otherPayers![0]!.payerResponsibility = 'S';
    expect(fields(samePayer)).toEqual(['otherPayers[0].payerResponsibility S is the destination payer\'s own (SBR01 of 2000B)']);
    expect(() => build837P(sampleHeader(), [badClaim])).toThrow(/claim C0000005: otherPayers\[0\]\.adjudication\.paidAmount 149.00/);
  });
});
