// One colour per state across the console, so an operator reads state at a glance.
import { Badge } from '@mantine/core';
import { statusColor } from '../lib/status.ts';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColor(status)} variant="light" tt="none" className="nowrap">
      {status}
    </Badge>
  );
}
