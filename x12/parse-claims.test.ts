// Realistic claim files written for these tests (made-up names and ids) in the shapes real
// partners send: an 837I with revenue-code lines and a second payer, a 277 (X212) with a
// dependent and a line-level status, and an 837P whose composites use '>' while ISA16 says ':'.

import { parseX12 } from './parse.ts';
import type { Transaction277, Transaction837 } from './types-claims.ts';

const ISA = (gs01: string, version: string, component = ':'): string =>
  `ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *261201*0930*^*00501*000000123*0*P*${component}~\nGS*${gs01}*SUBMITTER01*RECEIVER01*20261201*0930*77*X*${version}~\n`;
const END = 'GE*1*77~\nIEA*1*000000123~\n';

const institutional = `${ISA('HC', '005010X223A2')}ST*837*0001*005010X223A2~
BHT*0019*00*BATCH77*20261201*0930*CH~
NM1*41*2*GENERAL HOSPITAL*****46*SUB01~
PER*IC*EDI DESK*TE*5555550111~
NM1*40*2*STATE MEDICAID*****46*MCD01~
HL*1**20*1~
NM1*85*2*GENERAL HOSPITAL*****XX*1234567893~
N3*1 HOSPITAL WAY~
N4*AUSTIN*TX*787010001~
REF*EI*741234567~
HL*2*1*22*0~
SBR*P*18*******MC~
NM1*IL*1*GARCIA*ANA****MI*TX0099887~
N3*5 OAK LN~
N4*AUSTIN*TX*78702~
DMG*D8*19700101*F~
NM1*PR*2*STATE MEDICAID*****PI*MCD01~
CLM*GH-2026-0001*1540.25***13:A:1**A*Y*Y~
DTP*434*RD8*20261120-20261120~
CL1*1*7*01~
HI*ABK:K359~
HI*ABF:E119*ABF:I10~
SBR*S*18*******CI~
NM1*IL*1*GARCIA*ANA****MI*SEC12345~
NM1*PR*2*SECOND PLAN*****PI*SEC01~
LX*1~
SV2*0450*HC:99284:25*1200*UN*1~
DTP*472*D8*20261120~
LX*2~
SV2*0300**340.25*UN*3~
DTP*472*D8*20261120~
SE*32*0001~
${END}`;

const claimStatus = `${ISA('HN', '005010X212')}ST*277*0007*005010X212~
BHT*0010*08*STATUS77*20261201*0930*DG~
HL*1**20*1~
NM1*PR*2*SECOND PLAN*****PI*SEC01~
HL*2*1*21*1~
NM1*41*2*GENERAL HOSPITAL*****46*SUB01~
HL*3*2*19*1~
NM1*1P*2*GENERAL HOSPITAL*****XX*1234567893~
HL*4*3*22*1~
NM1*IL*1*GARCIA*ANA****MI*SEC12345~
HL*5*4*23~
NM1*QC*1*GARCIA*LUIS~
TRN*2*TRACE0001~
STC*F2:88:QC*20261128**340.25*0~
REF*1K*PCCN778899~
REF*EJ*GH-2026-0002~
DTP*472*D8*20261120~
SVC*HC:80053*340.25*0****3~
STC*F2:96*20261128~
REF*FJ*LINE1~
DTP*472*D8*20261120~
SE*22*0007~
${END}`;

const wrongSeparator = `${ISA('HC', '005010X222A1')}ST*837*0001*005010X222A1~
BHT*0019*00*B1*20261201*0930*CH~
NM1*41*2*CLINIC*****46*SUB01~
PER*IC*DESK*TE*5555550111~
NM1*40*2*PAYER*****46*P01~
HL*1**20*1~
NM1*85*2*CLINIC*****XX*1234567893~
N3*1 MAIN ST~
N4*AUSTIN*TX*787010001~
REF*EI*741234567~
HL*2*1*22*0~
SBR*P*18*******CI~
NM1*IL*1*LEE*KIM****MI*A1~
NM1*PR*2*PAYER*****PI*P01~
CLM*PCN1*80***11>B>1*Y*A*Y*Y~
HI*ABK>J029~
LX*1~
SV1*HC>87880>QW*80*UN*1***1~
DTP*472*D8*20261120~
SE*20*0001~
${END}`;

describe('claim transaction parsing', () => {
  it('837I: revenue-code lines, the claim\'s own payer (not the 2330B other payer), diagnoses', () => {
    const parsed = parseX12(institutional);
    expect(parsed.warnings).toEqual([]);
    const t = parsed.transactions[0] as Transaction837;
    expect(t).toMatchObject({ type: '837', variant: 'institutional', submitter: { name: 'GENERAL HOSPITAL', id: 'SUB01' } });
    expect(t.claims).toHaveLength(1);
    const claim = t.claims[0];
    expect(claim).toMatchObject({
      patientControlNumber: 'GH-2026-0001', chargeAmount: '1540.25', facilityCode: '13', frequencyCode: '1',
      payer: { name: 'STATE MEDICAID', id: 'MCD01' }, subscriber: { id: 'TX0099887' }, claimFilingIndicator: 'MC', diagnoses: ['K359', 'E119', 'I10'],
    });
    expect(claim?.lines.map((l) => [l.revenueCode, l.procedure, l.modifiers, l.chargeAmount, l.units])).toEqual([
      ['0450', '99284', ['25'], '1200.00', '1'],
      ['0300', null, [], '340.25', '3'],
    ]);
  });

  it('277 X212: a dependent\'s claim found by REF*EJ, with claim and line statuses', () => {
    const parsed = parseX12(claimStatus);
    expect(parsed.warnings).toEqual([]);
    const t = parsed.transactions[0] as Transaction277;
    expect(t).toMatchObject({ variant: 'claim-status', referenceId: 'STATUS77', informationSource: { name: 'SECOND PLAN', id: 'SEC01' } });
    expect(t.claims).toEqual([expect.objectContaining({
      patientControlNumber: 'GH-2026-0002', traceNumber: 'TRACE0001', payerClaimControlNumber: 'PCCN778899',
      provider: expect.objectContaining({ id: '1234567893' }), subscriber: expect.objectContaining({ id: 'SEC12345' }), patient: expect.objectContaining({ name: 'GARCIA', firstName: 'LUIS' }),
      serviceDate: '2026-11-20',
    })]);
    expect(t.claims[0]?.statuses).toEqual([expect.objectContaining({ category: 'F2', code: '88', entity: 'QC', effectiveDate: '2026-11-28', chargeAmount: '340.25', paidAmount: '0.00', codeDescription: 'Entity not eligible for benefits for submitted dates of service', entityDescription: 'Patient' })]);
    expect(t.claims[0]?.lines).toEqual([expect.objectContaining({ procedure: '80053', chargeAmount: '340.25', paidAmount: '0.00', units: '3', lineItemControlNumber: 'LINE1', statuses: [expect.objectContaining({ category: 'F2', code: '96', entity: null })] })]);
  });

  it('837P whose composites use ">" while ISA16 says ":" is read, with one warning', () => {
    const parsed = parseX12(wrongSeparator);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(/CLM05 "11>B>1" uses ">" as component separator/);
    const claim = (parsed.transactions[0] as Transaction837).claims[0];
    expect(claim).toMatchObject({ facilityCode: '11', frequencyCode: '1', diagnoses: ['J029'] });
    expect(claim?.lines[0]).toMatchObject({ procedure: '87880', modifiers: ['QW'], chargeAmount: '80.00', diagnosisPointers: ['1'] });
  });
});
