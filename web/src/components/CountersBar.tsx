// Success / error / pending of a batch as one stacked bar with fixed-width numbers.
import { Group, Progress, Text } from '@mantine/core';
import { formatCount, percent } from '../lib/format.ts';
import type { BatchCounters } from '../lib/batch.ts';

export function CountersBar({ batch, width = 180 }: { batch: BatchCounters; width?: number }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress.Root size="lg" w={width} aria-label={`${batch.success} succeeded, ${batch.error} failed, ${batch.pending} pending of ${batch.total}`}>
        <Progress.Section value={percent(batch.success, batch.total)} color="teal" />
        <Progress.Section value={percent(batch.error, batch.total)} color="red" />
      </Progress.Root>
      <Text size="xs" className="tabular nowrap" w={110}>{formatCount(batch.processed)} / {formatCount(batch.total)}</Text>
    </Group>
  );
}
