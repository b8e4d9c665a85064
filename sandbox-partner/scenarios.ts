// The sandbox partner's answer is chosen by the prefix of the subscriber's member id
// (NM1*IL NM109), case-insensitive. Documented in README.md.

export type Scenario =
  | 'active' | 'inactive' | 'not_found' | 'invalid_id' | 'dependent' | 'busy_then_active'
  | 'reject_999' | 'slow' | 'http_500' | 'other_payer_primary' | 'terminated'
  // Partner faults (faults.ts)
  | 'drip' | 'malformed_271';

const PREFIXES: [string, Scenario][] = [
  ['REJ999', 'reject_999'],
  ['ERR500', 'http_500'],
  ['DRIP', 'drip'],
  ['BAD271', 'malformed_271'],
  ['BADID', 'invalid_id'],
  ['OTHER', 'other_payer_primary'],
  ['BUSY', 'busy_then_active'],
  ['SLOW', 'slow'],
  ['TERM', 'terminated'],
  ['ACT', 'active'],
  ['INA', 'inactive'],
  ['DEP', 'dependent'],
  ['NF', 'not_found'],
];

export function scenarioFor(memberId: string | null): Scenario {
  const id = (memberId ?? '').toUpperCase();
  return PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1] ?? 'active';
}
