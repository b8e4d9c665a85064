// The service_events feed rows the ingestion benches send: the seeded tenant's members (demo seed,
// MEMBERS of them), its three facilities, dates spread over nine months.
export const MEMBERS = 20_000;

export function eventRow(prefix: string, i: number) {
  return {
    EventId: `${prefix}${String(i + 1).padStart(8, '0')}`,
    MemberId: `M${String((i % MEMBERS) + 1).padStart(7, '0')}`,
    FacilityId: ['MAIN', 'OPC', 'LAB'][i % 3],
    ServiceDate: `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
    Status: 'SCHEDULED',
    ServiceTypeCode: '30',
  };
}
