// What a received TA1, 999 or 277CA says, in the shape the acknowledgment SQL applies
// (billing_private.fn_receive_acknowledgment): one entry per acknowledgment kind in the file.
import { parseWholeX12 } from '../../x12/arrived-whole.ts';
import { X12SyntaxError } from '../../x12/tokenize.ts';
import type { Transaction999, TransactionTA1 } from '../../x12/types.ts';
import type { Transaction277 } from '../../x12/types-claims.ts';

export interface AcknowledgmentInput {
  kind: 'TA1' | '999' | '277CA';
  /** ISA13 of the acknowledgment file itself (a file is applied once). */
  interchangeControlNumber: number;
  parsed: Record<string, unknown>;
}

export function readAcknowledgments(x12: string, options: { maxSegments?: number } = {}): AcknowledgmentInput[] {
  // A cut-off 999 or 277CA would reject or accept claims on what arrived of it.
  const file = parseWholeX12(x12, options);
  const interchangeSender = file.interchange.senderId.trim();
  // A file is applied once, by its ISA13: it must be the number the standard says.
  if (!/^\d{1,9}$/.test(file.interchange.controlNumber.trim())) {
    throw new X12SyntaxError(`ISA13 (the interchange control number) must be a number of up to 9 digits, got "${file.interchange.controlNumber.slice(0, 9)}"`);
  }
  const interchangeControlNumber = Number(file.interchange.controlNumber);
  const out: AcknowledgmentInput[] = [];
  for (const t of file.transactions) {
    if (t.type === 'TA1') {
      const ta1 = t as TransactionTA1;
      out.push({ kind: 'TA1', interchangeControlNumber, parsed: {
        interchangeSender, acknowledgedInterchange: Number(ta1.controlNumber), interchangeAccepted: ta1.acknowledgment !== 'rejected', interchangeCode: ta1.acknowledgmentCode, interchangeNote: ta1.noteCode,
      } });
    } else if (t.type === '999') {
      const ack = t as Transaction999;
      out.push({ kind: '999', interchangeControlNumber, parsed: {
        interchangeSender,
        // GS06 of our 837P is its ISA13.
        acknowledgedInterchange: Number(ack.acknowledgedGroup.controlNumber),
        sets: ack.sets.map((s) => ({
          controlNumber: s.controlNumber, status: s.status, setCodes: s.errorCodes.map((c) => c.code),
          errors: s.segmentErrors.map((e) => ({
            segmentId: e.segmentId, position: e.segmentPosition, loop: e.loop, code: e.code,
            elements: e.elementErrors.map((el) => ({ position: el.position, code: el.code, value: el.badValue })),
          })),
        })),
      } });
    } else if (t.type === '277') {
      const ca = t as Transaction277;
      out.push({ kind: '277CA', interchangeControlNumber, parsed: {
        interchangeSender,
        claims: ca.claims.map((c) => ({
          patientControlNumber: c.patientControlNumber, payerClaimControlNumber: c.payerClaimControlNumber,
          statuses: c.statuses.map((s) => ({ category: s.category, code: s.code, entity: s.entity })),
        })),
      } });
    }
  }
  return out;
}
