import { parseX12 } from './parse.ts';
import { readSample, sampleFiles } from './test-support/samples.ts';
import type { Transaction270, Transaction271, Transaction999, TransactionTA1 } from './types.ts';

function only<T>(name: string): T {
  const result = parseX12(readSample(name));
  expect(result.transactions).toHaveLength(1);
  return result.transactions[0] as T;
}

describe('real sample files', () => {
  it('finds the shared samples', () => {
    expect(sampleFiles().length).toBeGreaterThanOrEqual(17);
  });

  it.each(sampleFiles())('%s parses into transactions without throwing', (name) => {
    const result = parseX12(readSample(name));
    expect(result.transactions.length).toBeGreaterThan(0);
    expect(['270', '271', '999', 'TA1']).toContain(result.transactions[0]?.type);
  });

  it('eMedNY 271 (one line) is active with its plan, trace, member and restrictions', () => {
    const t = only<Transaction271>('Project-Herophilus__Project-Herophilus-Assets__271Sample_Eligible_.txt');
    expect(t.coverageStatus).toBe('active');
    expect(t.planName).toBe('MA Eligible');
    expect(t.payer).toEqual({ name: 'NYSDOH', idQualifier: 'FI', id: '141797357' });
    expect(t.traceNumbers).toEqual([{ type: '2', reference: '110010101000002', originatorId: '1141540488', secondaryReference: '274807891' }]);
    expect(t.subscriber).toMatchObject({ id: 'XX99999X', firstName: 'Patient First Name', lastName: 'Patient Last Name', gender: 'M' });
    expect(t.planDates.planBegin).toEqual({ start: '2010-06-01', end: null });
    expect(t.benefits[0]?.messages).toContain('RECERT MONTH=12');
    const restricted = t.benefits.filter((b) => b.code === 'N');
    expect(restricted.map((b) => b.relatedEntities[0]?.id)).toEqual(['1987654321', '9995995661']);
    const otherPayer = t.benefits.find((b) => b.code === 'R');
    expect(otherPayer?.references).toEqual([{ qualifier: '18', value: '012345679C1', description: null }]);
    expect(otherPayer?.relatedEntities[0]?.name).toBe('MEDICARE ABD');
    expect(t.rejects).toEqual([]);
  });

  it('subscriber 271 reads repeated service types, copays and network flags', () => {
    const t = only<Transaction271>('LinuxForHealth__x12__subscriber-health-benefit-check.271');
    expect(t.coverageStatus).toBe('active');
    expect(t.planName).toBe('GOLD 123 PLAN');
    const copays = t.benefits.filter((b) => b.code === 'B');
    expect(copays.map((b) => [b.amount, b.inNetwork, b.timePeriod, b.insuranceType])).toEqual([[10, 'Y', '27', 'HM'], [30, 'N', '27', 'HM']]);
    expect(copays[0]?.serviceTypes).toEqual(['1', '33', '35', '47', '86', '88', '98', 'AL', 'MH', 'UC']);
    expect(t.benefits.find((b) => b.code === 'L')?.relatedEntities[0]).toMatchObject({ entityId: 'P3', name: 'JONES', firstName: 'MARCUS' });
    expect(t.subscriber.dob).toBe('1963-05-19');
  });

  it('dependent 271 puts the patient and benefits at 2000D', () => {
    const t = only<Transaction271>('LinuxForHealth__x12__dependent-health-benefit-check.271');
    expect(t.subscriber).toMatchObject({ id: '123456789', firstName: 'JOHN', lastName: 'SMITH' });
    expect(t.dependent).toMatchObject({ firstName: 'MARY', lastName: 'SMITH', dob: '1998-10-14', gender: 'F', relationship: '19' });
    expect(t.benefits.every((b) => b.loop === '2110D')).toBe(true);
    expect(t.coverageStatus).toBe('active');
  });

  it('rejected 271 reports AAA 72 with follow-up C at 2100C', () => {
    const result = parseX12(readSample('Kartik-Hirijaganer__X12-Parser-Encoder__271_rejected_subscriber.x12'));
    const t = result.transactions[0] as Transaction271;
    expect(t.coverageStatus).toBe('rejected');
    expect(t.rejects).toEqual([{
      loop: '2100C', valid: 'N', code: '72', description: 'Invalid/Missing Subscriber/Insured ID',
      followUpAction: 'C', followUpActionDescription: 'Please Correct and Resubmit',
    }]);
    expect(result.warnings).toContain('271 0001: functional group GS01 is HS, expected HB');
  });

  it('error 271 reports AAA 50 at 2100B and warns about SE02', () => {
    const result = parseX12(readSample('LinuxForHealth__x12__subscriber-health-benefit-check-error.271'));
    const t = result.transactions[0] as Transaction271;
    expect(t.coverageStatus).toBe('rejected');
    expect(t.rejects.map((r) => [r.loop, r.code, r.followUpAction])).toEqual([['2100B', '50', 'N']]);
    expect(result.warnings.some((w) => w.includes('SE02 4323 does not match ST02 4321'))).toBe(true);
  });

  it.each([
    'imsweb__x12-parser__x12_999_rejected.txt',
    'Project-Herophilus__Project-Herophilus-Assets__999_Sample__Rejected_.txt',
  ])('rejected 999 %s reports IK3 NM at 17 with code 1', (name) => {
    const t = only<Transaction999>(name);
    expect(t.accepted).toBe('rejected');
    expect(t.errors).toEqual([expect.objectContaining({ segmentId: 'NM', segmentPosition: '17', code: '1', description: 'Unrecognized segment ID', transactionControlNumber: '0028' })]);
    expect(t.sets[0]?.errorCodes).toEqual([{ code: '5', description: 'One or More Segments in Error' }]);
  });

  it('partial 999 (BOM, single line) reports IK3 and IK4 per rejected set', () => {
    const t = only<Transaction999>('kputnam__stupidedi__response-to-functional-group-containing-3-837s.edi');
    expect(t.accepted).toBe('partial');
    expect(t.counts).toEqual({ included: 3, received: 3, accepted: 1 });
    expect(t.sets.map((s) => s.status)).toEqual(['A', 'R', 'R']);
    expect(t.errors[0]).toMatchObject({ segmentId: 'CLM', segmentPosition: '22', code: '8', transactionControlNumber: '0002' });
    expect(t.errors[0]?.elementErrors).toEqual([expect.objectContaining({ position: '2', dataElementReference: '782', code: '1', description: 'Required Data Element Missing' })]);
    expect(t.errors[1]).toMatchObject({ segmentId: 'REF', code: '3', description: 'Required Segment Missing', transactionControlNumber: '0003' });
  });

  it('accepted 999 is accepted and warns about the IEA02 mismatch', () => {
    const result = parseX12(readSample('imsweb__x12-parser__x12_999_accepted.txt'));
    expect((result.transactions[0] as Transaction999).accepted).toBe('accepted');
    expect(result.warnings.some((w) => w.includes('IEA02 000000001 does not match ISA13 000000286'))).toBe(true);
  });

  it('TA1 in a non-fixed-width ISA is R/024', () => {
    const t = only<TransactionTA1>('UHIN__x12-parser-library__TA1.edi');
    expect(t).toMatchObject({ type: 'TA1', controlNumber: '000000100', acknowledgmentCode: 'R', acknowledgment: 'rejected', noteCode: '024' });
    expect(t.noteDescription).toMatch(/Invalid Interchange Content/);
  });

  it('270 with custom delimiters (| ! ~ :) reads the subscriber', () => {
    const result = parseX12(readSample('Kartik-Hirijaganer__X12-Parser-Encoder__270_custom_delimiters.x12'));
    expect(result.interchange.delimiters).toEqual({ element: '|', segment: '!', repetition: '~', component: ':' });
    const t = result.transactions[0] as Transaction270;
    expect(t.subscriber).toMatchObject({ id: '000123453', firstName: 'CUSTOM', lastName: 'DOE', dob: '1992-02-02', gender: 'F' });
    expect(t.traceNumbers[0]?.reference).toBe('TRACE0003');
    expect(result.warnings).toEqual([]);
  });

  it('4010 270 with trailing empty elements is read with warnings', () => {
    const result = parseX12(readSample('imsweb__x12-parser__x270.txt'));
    const t = result.transactions[0] as Transaction270;
    expect(t.subscriber).toMatchObject({ id: '123456', firstName: 'JANE', lastName: 'DOE', dob: '1985-10-31' });
    expect(t.serviceDate).toMatchObject({ qualifier: '307', start: '2002-12-01', end: '2002-12-31' });
    expect(result.interchange.delimiters.repetition).toBeNull();
    expect(result.warnings.join('\n')).toMatch(/00401.*predates 005010/);
    expect(result.warnings.join('\n')).toMatch(/SE01 says 15 segments but the transaction set has 14/);
  });

  it('single-line dependent 270 reads subscriber and dependent', () => {
    const t = only<Transaction270>('kputnam__stupidedi__generic-request-by-physician-for-patient-_dependent_-eligibility.edi');
    expect(t.subscriber.id).toBe('11122333301');
    expect(t.dependent).toMatchObject({ firstName: 'MARY', lastName: 'SMITH', dob: '1978-10-14' });
    expect(t.serviceTypes).toEqual(['30']);
  });
});

describe('tolerance beyond the samples', () => {
  it('reads CRLF after terminators and a missing IEA, with a warning', () => {
    const text = readSample('LinuxForHealth__x12__subscriber-health-benefit-check.271').replace(/\n/g, '\r\n').replace(/IEA\*.*$/s, '');
    const result = parseX12(text);
    expect((result.transactions[0] as Transaction271).coverageStatus).toBe('active');
    expect(result.warnings).toContain('Interchange has no IEA trailer at the end');
  });

  it('rejects text that is not an interchange', () => {
    expect(() => parseX12('hello')).toThrow(/does not begin with an ISA/);
  });

  it('refuses a segment of hundreds of element separators (hostile), naming it, and reads 256', () => {
    const isa = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~';
    expect(() => parseX12(`${isa}NM1${'*'.repeat(257)}~`)).toThrow('segment 2 (NM1) has more than 256 elements');
    expect(() => parseX12(`${isa}NM1${'*'.repeat(256)}~`)).not.toThrow();
  });
});
