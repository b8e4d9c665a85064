import { build277CA } from './build-277ca.ts';
import type { Build277CAInput } from './build-277ca.ts';
import { build999 } from './build-999.ts';
import { buildTA1 } from './build-ta1.ts';
import { parseX12 } from './parse.ts';
import { pyx12Validate } from './test-support/pyx12.ts';
import type { Transaction277 } from './types-claims.ts';
import type { Transaction999, TransactionTA1 } from './types.ts';

const partner = { qualifier: 'ZZ', id: 'SANDBOXCH' };
const us = { qualifier: 'ZZ', id: 'RCMCORE' };
const createdAt = new Date('2026-12-06T19:00:00Z');

function ack277(): Build277CAInput {
  return {
    sender: partner, receiver: us, interchangeControlNumber: 501, groupControlNumber: 501, usage: 'T', createdAt,
    referenceId: 'ACK1001', informationSource: { kind: 'clearinghouse', name: 'SANDBOX CLEARINGHOUSE', id: 'SANDBOXCH' },
    receiptTrace: '1001', receivedDate: '2026-12-06', processedDate: '2026-12-06',
    informationReceiver: { name: 'RCM CORE DEMO CLINIC', id: 'RCMCORE' }, batchTrace: '1001',
    providers: [{
      name: 'MAIN STREET CLINIC', npi: '1234567893', trace: 'P1',
      claims: [
        { patientControlNumber: 'C0000001', patient: { lastName: 'DOE', firstName: 'JANE', memberId: 'W123456789' }, chargeAmount: '125.00', serviceDate: '2026-11-20', statuses: [{ category: 'A2', code: '20', entity: 'PR' }], payerClaimControlNumber: '2026120600001', clearinghouseTraceNumber: 'CH0001' },
        { patientControlNumber: 'C0000002', patient: { lastName: 'DOE', firstName: 'SAM', memberId: 'MCD0042' }, chargeAmount: '310.50', serviceDate: '2026-11-21', serviceDateEnd: '2026-11-22', statuses: [{ category: 'A7', code: '562', entity: '85' }, { category: 'A7', code: '21' }], message: 'NPI FAILED CHECK DIGIT' },
      ],
    }],
  };
}

describe('acknowledgment builders', () => {
  it('277CA: pyx12 accepts it and it parses back per claim (category:code:entity, REF*1K)', () => {
    const text = build277CA(ack277());
    const check = pyx12Validate(text, 'ack.277');
    expect(check.output).toContain('OK');
    expect(check.ok).toBe(true);
    const parsed = parseX12(text);
    expect(parsed.warnings).toEqual([]);
    const t = parsed.transactions[0] as Transaction277;
    expect(t.variant).toBe('claim-acknowledgment');
    expect(t.levelStatuses.map((l) => [l.level, l.statuses[0]?.category, l.statuses[0]?.chargeAmount])).toEqual([['information_receiver', 'A1', '435.50'], ['provider', 'A1', '435.50']]);
    expect(t.claims.map((c) => ({ pcn: c.patientControlNumber, ccn: c.payerClaimControlNumber, statuses: c.statuses.map((s) => [s.category, s.code, s.entity, s.actionCode]) }))).toEqual([
      { pcn: 'C0000001', ccn: '2026120600001', statuses: [['A2', '20', 'PR', 'WQ']] },
      { pcn: 'C0000002', ccn: null, statuses: [['A7', '562', '85', 'U'], ['A7', '21', null, 'U']] },
    ]);
    expect(t.claims[1]?.statuses[1]).toMatchObject({ codeDescription: 'Missing or invalid information', entity: null, entityDescription: null });
    expect(t.claims[1]).toMatchObject({ serviceDate: '2026-11-21', serviceDateEnd: '2026-11-22', subscriber: { name: 'DOE', id: 'MCD0042' } });
    expect(t.claims[1]?.statuses[0]).toMatchObject({ categoryDescription: 'Acknowledgement/Rejected for Invalid Information', codeDescription: "Entity's National Provider Identifier (NPI)", entityDescription: 'Billing Provider', message: 'NPI FAILED CHECK DIGIT', chargeAmount: '310.50' });
  });

  it('999: a rejected set with IK3/IK4 passes pyx12 and exposes segment, element and code', () => {
    const text = build999({
      sender: partner, receiver: us, interchangeControlNumber: 502, groupControlNumber: 502, usage: 'T', createdAt,
      acknowledgedGroup: { functionalId: 'HC', controlNumber: '1001', version: '005010X222A1' },
      sets: [
        { transactionType: '837', controlNumber: '0001', implementationReference: '005010X222A1', status: 'A' },
        { transactionType: '837', controlNumber: '0002', implementationReference: '005010X222A1', status: 'R', errorCodes: ['I5'],
          segmentErrors: [{ segmentId: 'NM1', position: 9, loop: '2010', code: '8', elementErrors: [{ position: 9, dataElementReference: '67', code: '7', badValue: '123' }] }] },
      ],
    });
    const check = pyx12Validate(text, 'ack.999');
    expect(check.output).toContain('OK');
    expect(check.ok).toBe(true);
    const t = parseX12(text).transactions[0] as Transaction999;
    expect(t.accepted).toBe('partial');
    expect(t.counts).toEqual({ included: 2, received: 2, accepted: 1 });
    expect(t.errors).toEqual([expect.objectContaining({
      transactionControlNumber: '0002', segmentId: 'NM1', segmentPosition: '9', loop: '2010', code: '8',
      elementErrors: [expect.objectContaining({ position: '9', dataElementReference: '67', code: '7', badValue: '123' })],
    })]);
  });

  it('TA1: rejects an interchange with its note code, pyx12 reads it', () => {
    const text = buildTA1({ sender: partner, receiver: us, interchangeControlNumber: 503, usage: 'T', createdAt, acknowledged: { controlNumber: '000001001', date: '261206', time: '1830' }, code: 'R', noteCode: '006' });
    expect(text).toBe('ISA*00*          *00*          *ZZ*SANDBOXCH      *ZZ*RCMCORE        *261206*1900*^*00501*000000503*0*T*:~TA1*000001001*261206*1830*R*006~IEA*0*000000503~');
    // pyx12's control map requires a GS loop in every interchange, so a TA1-only interchange (which
    // the X12 standard allows) draws exactly that complaint and nothing else.
    const check = pyx12Validate(text, 'ack.ta1');
    const errors = check.output.split('\n').filter((l) => l.includes('ERROR'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((l) => l.includes('Mandatory loop "Functional Group Header" (GS_LOOP) missing'))).toBe(true);
    expect(check.output).toContain('ack.ta1: OK');
    const t = parseX12(text).transactions[0] as TransactionTA1;
    expect(t).toMatchObject({ controlNumber: '000001001', acknowledgment: 'rejected', noteCode: '006' });
  });
});
