// Client logic of the remittance screens (web/src/lib), run in node: the EOB per service line,
// the failed equations of a held 835, clean-claim and payment dashboard series.
import { adjustmentCode, claimStatusText, eobOf, failedEquations } from '../../web/src/lib/remittances.ts';
import { cleanClaimTotals, paymentsByDay } from '../../web/src/lib/dashboards.ts';

const cas = (level: string, lineNumber: number | null, groupCode: string, reasonCode: string, amount: string, remarkCodes: string[] = []) =>
  ({ level, lineNumber, groupCode, reasonCode, amount, remarkCodes, reasonDescription: `text ${reasonCode}`, remarkDescriptions: remarkCodes.map((c) => `remark ${c}`) });
const svc = (lineNumber: number, chargeAmount: string, paidAmount: string, allowedAmount: string | null, remarkCodes: string[] = []) =>
  ({ lineNumber, procedureCode: '99213', modifiers: ['25', null], originalProcedureCode: null, serviceDate: '2026-11-02', units: '1', chargeAmount, allowedAmount, paidAmount, remarkCodes, remarkDescriptions: remarkCodes.map((c) => `remark ${c}`) });

test('EOB: per line billed, allowed (reported or derived), paid, its own CAS and the patient share; claim-level CAS apart; totals add up to the cent', () => {
  const eob = eobOf(
    [svc(2, '45.55', '0.00', null, ['M51']), svc(1, '150.00', '96.00', '120.00')],
    [cas('LINE', 1, 'CO', '45', '30.00'), cas('LINE', 1, 'PR', '2', '24.00'), cas('LINE', 2, 'CO', '16', '45.55', ['N130']), cas('CLAIM', null, 'PR', '3', '0.10')],
  );
  expect(eob.lines.map((l) => [l.lineNumber, l.procedure, l.billed, l.allowed, l.allowedReported, l.paid, l.patientResponsibility, l.adjustments.map(adjustmentCode)])).toEqual([
    [1, '99213-25', 150, 120, true, 96, 24, ['CO-45', 'PR-2']],
    [2, '99213-25', 45.55, 0, false, 0, 0, ['CO-16']],
  ]);
  expect(eob.lines[1].remarks).toEqual([{ code: 'M51', description: 'remark M51' }]);
  expect(eob.claimAdjustments.map(adjustmentCode)).toEqual(['PR-3']);
  expect(eob.totals).toEqual({ billed: 195.55, allowed: 120, paid: 96, adjusted: 99.65, patientResponsibility: 24.1 });
  expect(eobOf([], []).totals).toEqual({ billed: 0, allowed: 0, paid: 0, adjusted: 0, patientResponsibility: 0 });
});

test('CLP02 in words; a held remittance\'s reason splits into one failed equation each', () => {
  expect(claimStatusText('4')).toBe('Denied');
  expect(claimStatusText('22')).toBe('Reversal of previous payment');
  expect(claimStatusText('99')).toBe('Status 99');
  expect(failedEquations('unbalanced, nothing posted: claim 1 (CLP01 A): CLP03 10.00 - CLP04 5.00 = 5.00, but its claim and line CAS adjustments total 4.00; payment: sum of CLP04 5.00 - sum of PLB 0.00 = 5.00, but BPR02 is 1.00'))
    .toEqual(['claim 1 (CLP01 A): CLP03 10.00 - CLP04 5.00 = 5.00, but its claim and line CAS adjustments total 4.00', 'payment: sum of CLP04 5.00 - sum of PLB 0.00 = 5.00, but BPR02 is 1.00']);
  expect(failedEquations(null)).toEqual([]);
});

test('dashboards: clean-claim months sum per payer with the rate; payments pivot per day and method, latest days kept', () => {
  const totals = cleanClaimTotals([
    { payerCode: 'UHC', submittedCount: 10, cleanCount: 7, deniedCount: 2, rejectedCount: 1, awaitingCount: 0 },
    { payerCode: 'UHC', submittedCount: 5, cleanCount: 1, deniedCount: 0, rejectedCount: 0, awaitingCount: 4 },
    { payerCode: 'AETNA', submittedCount: 0, cleanCount: 0, deniedCount: 0, rejectedCount: 0, awaitingCount: 0 },
  ]);
  expect(totals).toEqual([
    { payerCode: 'AETNA', submitted: 0, clean: 0, denied: 0, rejected: 0, awaiting: 0, ratePct: null },
    { payerCode: 'UHC', submitted: 15, clean: 8, denied: 2, rejected: 1, awaiting: 4, ratePct: 53.3 },
  ]);
  const payments = paymentsByDay([
    { paymentDay: '2026-12-01', paymentMethod: 'ACH', paymentAmount: '100.50' },
    { paymentDay: '2026-12-01', paymentMethod: 'CHK', paymentAmount: '20.00' },
    { paymentDay: '2026-11-30', paymentMethod: 'ACH', paymentAmount: '5.00' },
    { paymentDay: '2026-12-02', paymentMethod: 'ACH', paymentAmount: '7.00' },
    { paymentDay: null, paymentMethod: 'ACH', paymentAmount: '1.00' },
  ], 2);
  expect(payments).toEqual({ columns: ['ACH', 'CHK'], data: [{ paymentDay: '2026-12-01', ACH: 100.5, CHK: 20 }, { paymentDay: '2026-12-02', ACH: 7, CHK: 0 }] });
});
