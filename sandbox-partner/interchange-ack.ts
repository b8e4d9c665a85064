// The TA1 the sandbox partner writes for an 837 interchange (the interchange envelope check a
// clearinghouse runs before it reads any functional group). Which answer follows the ISA's data
// (README.md "837P batches: TA1"):
//   - ISA08 (our receiver id) starting with UNKNOWN: TA1 R 009 "Unknown Interchange Receiver ID";
//   - ISA13 not 9 digits or all zeros: TA1 R 018 "Invalid Interchange Control Number Value";
//   - otherwise, when ISA14 = 1 (a TA1 is requested): TA1 A 000; else no TA1.
// A rejected interchange gets only the TA1 (nothing inside it is processed: no 999, no 277CA).
import { buildTA1 } from '../x12/build-ta1.ts';

export type InterchangeScenario = 'accepted' | 'unknown_receiver' | 'invalid_control_number';

/** An ISA08 with this prefix is a receiver this partner does not know (case-insensitive). */
export const UNKNOWN_RECEIVER_PREFIX = 'UNKNOWN';

const NOTES: Record<InterchangeScenario, string> = { accepted: '000', unknown_receiver: '009', invalid_control_number: '018' };

/** ISA elements as tokenized (index 1 = ISA01 ... 16 = ISA16). */
export function interchangeScenarioFor(isa: string[]): InterchangeScenario {
  if ((isa[8] ?? '').trim().toUpperCase().startsWith(UNKNOWN_RECEIVER_PREFIX)) return 'unknown_receiver';
  const control = isa[13] ?? '';
  if (!/^\d{9}$/.test(control) || Number(control) === 0) return 'invalid_control_number';
  return 'accepted';
}

export interface InterchangeAcknowledgment {
  scenario: InterchangeScenario;
  /** The TA1 as its own interchange (ISA/TA1/IEA), or null when none is owed (accepted, ISA14 = 0). */
  interchange: string | null;
  /** The TA1 segment alone (no terminator), to place in the 999's interchange of an accepted interchange. */
  segment: string | null;
}

export function acknowledgeInterchange(isa: string[], controlNumber: number, now: Date): InterchangeAcknowledgment {
  const scenario = interchangeScenarioFor(isa);
  const rejected = scenario !== 'accepted';
  if (!rejected && isa[14] !== '1') return { scenario, interchange: null, segment: null };
  const control = isa[13] ?? '';
  const interchange = buildTA1({
    sender: { qualifier: (isa[7] ?? 'ZZ').trim(), id: (isa[8] ?? '').trim() },
    receiver: { qualifier: (isa[5] ?? 'ZZ').trim(), id: (isa[6] ?? '').trim() },
    interchangeControlNumber: controlNumber,
    usage: isa[15] === 'P' ? 'P' : 'T',
    createdAt: now,
    // TA101 must be 9 digits: an unreadable ISA13 is acknowledged as 000000000.
    acknowledged: { controlNumber: /^\d{9}$/.test(control) ? control : '000000000', date: isa[9] ?? '', time: isa[10] ?? '' },
    code: rejected ? 'R' : 'A',
    noteCode: NOTES[scenario],
  });
  const segment = interchange.split('~').find((s) => s.startsWith('TA1*')) ?? null;
  return { scenario, interchange, segment };
}

/**
 * The 999 interchange with the TA1 segment placed after its last functional group, before IEA:
 * where pyx12's 00501 control map expects it (a TA1 before GS draws "GS_LOOP missing").
 */
export function withTA1(ack999: string, ta1Segment: string): string {
  const iea = ack999.lastIndexOf('IEA*');
  return `${ack999.slice(0, iea)}${ta1Segment}~${ack999.slice(iea)}`;
}
