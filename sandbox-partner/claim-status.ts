// The sandbox partner's 277 answer to a real-time 276 (005010X212), data-driven so tests and the
// demo see each path (sandbox-partner/README.md "276 claim status"):
//   member id ERR500…  HTTP 500 (the transport fails)
//   member id SLOW…    answers after slowMs (longer than any client timeout)
//   member id NF…      A4:35 not found (Acknowledgement/Not Found: Claim/encounter not found)
//   otherwise, by the last digit of the patient control number:
//     0-2  F1:1 finalized, paid 80% of the charge (see remittance advice), with a check number
//     3-9  P1:20 pending in process (accepted for processing)
// No STC01-3 entity: these status codes name none (pyx12's X212 map refuses PR there).
import { build277 } from '../x12/build-277.ts';
import type { ClaimStatus277Input } from '../x12/build-277.ts';
import type { Transaction276 } from '../x12/claim-status-276.ts';
import type { InterchangeInfo } from '../x12/types.ts';

export type ClaimStatusScenario = 'pending' | 'paid' | 'not_found' | 'http_500' | 'slow';

export function claimStatusScenarioFor(memberId: string | null, patientControlNumber: string | null): ClaimStatusScenario {
  const id = (memberId ?? '').toUpperCase();
  if (id.startsWith('ERR500')) return 'http_500';
  if (id.startsWith('SLOW')) return 'slow';
  if (id.startsWith('NF')) return 'not_found';
  const lastDigit = Number((patientControlNumber ?? '').match(/(\d)\D*$/)?.[1] ?? 9);
  return lastDigit <= 2 ? 'paid' : 'pending';
}

/** The scenario of the request: the first inquiry's (one 276 asks about one claim). */
export function scenarioOf276(request: Transaction276): ClaimStatusScenario {
  const first = request.inquiries[0];
  return claimStatusScenarioFor(first?.subscriber?.id ?? null, first?.patientControlNumber ?? null);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const cents = (amount: string | null): number => Math.round(Number(amount ?? '0') * 100);
const money = (amountCents: number): string => (amountCents / 100).toFixed(2);

/** The 277 for every claim the 276 asks about. */
export function answer276(request: Transaction276, interchange: InterchangeInfo, controlNumber: number, now: Date): string {
  const today = isoDay(now);
  const claims: ClaimStatus277Input[] = request.inquiries.map((inquiry, i) => {
    const scenario = claimStatusScenarioFor(inquiry.subscriber?.id ?? null, inquiry.patientControlNumber);
    const charge = cents(inquiry.chargeAmount);
    const base = {
      traceNumber: inquiry.traceNumber,
      patientControlNumber: inquiry.patientControlNumber ?? inquiry.traceNumber,
      payerClaimControlNumber: inquiry.payerClaimControlNumber ?? undefined,
      subscriber: { memberId: inquiry.subscriber?.id ?? 'UNKNOWN', firstName: inquiry.subscriber?.firstName ?? '', lastName: inquiry.subscriber?.name ?? 'UNKNOWN' },
      effectiveDate: today,
      chargeAmount: money(charge),
      serviceDate: inquiry.serviceDate ?? today,
      serviceDateEnd: inquiry.serviceDateEnd ?? undefined,
    };
    if (scenario === 'paid') {
      return {
        ...base, statuses: [{ category: 'F1', code: '1' }], paidAmount: money(Math.round(charge * 0.8)),
        paymentDate: today, checkNumber: `SBX${String(controlNumber).padStart(6, '0')}${i}`,
        payerClaimControlNumber: base.payerClaimControlNumber ?? `PY${String(controlNumber).padStart(8, '0')}`,
      };
    }
    if (scenario === 'not_found') return { ...base, statuses: [{ category: 'A4', code: '35' }] };
    return { ...base, statuses: [{ category: 'P1', code: '20' }] };
  });
  return build277({
    sender: { qualifier: interchange.receiverQualifier, id: interchange.receiverId },
    receiver: { qualifier: interchange.senderQualifier, id: interchange.senderId },
    interchangeControlNumber: controlNumber,
    groupControlNumber: controlNumber,
    transactionControlNumber: controlNumber % 1_000_000_000,
    usage: interchange.usage === 'P' ? 'P' : 'T',
    createdAt: now,
    referenceId: request.referenceId ?? String(controlNumber),
    payer: { name: request.payer?.name ?? 'SANDBOX PAYER', id: request.payer?.id ?? 'SANDBOX' },
    informationReceiver: { name: request.informationReceiver?.name ?? 'RECEIVER', etin: request.informationReceiver?.id ?? 'RECEIVER' },
    provider: { name: request.inquiries[0]?.provider?.name ?? 'PROVIDER', npi: request.inquiries[0]?.provider?.id ?? '' },
    claims,
  });
}
