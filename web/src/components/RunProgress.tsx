// The progress of a sweep run: a bar of received / failed / skipped / submitted and "done of total".
// Fixed widths and tabular digits keep the row still while the numbers move.
import { Group, Progress, Text, Tooltip } from '@mantine/core';
import { doneCount, progressSegments, type RunCounters } from '../lib/sweep.ts';
import { formatCount } from '../lib/format.ts';

export function RunProgress({ run, width = 180, breakdown = false }: { run: RunCounters; width?: number; breakdown?: boolean }) {
  const segments = progressSegments(run);
  const done = doneCount(run);
  const summary = `${formatCount(done)} of ${formatCount(run.totalMembers)} members done`;
  const bar = (
    <Group gap="xs" wrap="nowrap" w={width + 110}>
      <Progress.Root size="lg" w={width} aria-label={summary} role="progressbar" aria-valuemin={0} aria-valuemax={run.totalMembers} aria-valuenow={done}>
        {segments.map((segment) => (
          <Tooltip key={segment.key} label={`${segment.label}: ${formatCount(segment.count)}`}>
            <Progress.Section value={segment.percent} color={segment.color} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Text size="xs" className="tabular nowrap" w={100} data-testid="progress-text">
        {formatCount(done)} / {formatCount(run.totalMembers)}
      </Text>
    </Group>
  );
  if (!breakdown) return bar;
  return (
    <div>
      {bar}
      <Text size="xs" className="tabular nowrap" mt={2} data-testid="progress-breakdown">
        <Text span c="teal.8" inherit>{formatCount(run.receivedCount)} received</Text> · <Text span c="red.8" inherit>{formatCount(run.failedCount)} failed</Text> · <Text span c="yellow.9" inherit>{formatCount(run.skippedCount)} skipped</Text>
      </Text>
    </div>
  );
}
