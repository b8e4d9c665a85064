// State names of the state machines (DESIGN.md) mapped to colours.
const COLORS: Record<string, string> = {
  QUEUED: 'gray',
  PENDING: 'gray',
  NEW: 'gray',
  CREATED: 'gray',
  RUNNING: 'blue',
  SUBMITTED: 'blue',
  PROCESSING: 'blue',
  RECEIVED: 'teal',
  COMPLETED: 'teal',
  SUCCESS: 'teal',
  VALIDATED: 'teal',
  BUILT: 'teal',
  ACCEPTED: 'teal',
  PAID: 'green',
  BILLED: 'green',
  ACTIVE: 'teal',
  RESOLVED: 'green',
  OPEN: 'orange',
  ASSIGNED: 'blue',
  SKIPPED: 'yellow',
  CANCELLED: 'yellow',
  PAUSED: 'yellow',
  VOID: 'gray',
  FAILED: 'red',
  ERROR: 'red',
  INVALID: 'red',
  REJECTED: 'red',
  DENIED: 'red',
};

export function statusColor(status: string): string {
  return COLORS[status.toUpperCase()] ?? 'gray';
}
