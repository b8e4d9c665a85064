// A countdown to a time, ticking every second, in a fixed-width font so it does not jump.
import { useEffect, useState } from 'react';
import { Text } from '@mantine/core';
import { formatCountdown } from '../lib/format.ts';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Countdown({ to, label }: { to: string | null | undefined; label?: string }) {
  const now = useNow();
  if (!to) return <Text size="sm" c="dimmed">—</Text>;
  const text = formatCountdown(new Date(to).getTime() - now);
  return (
    <Text size="sm" className="tabular nowrap" aria-label={label ? `${label}: ${text}` : undefined} data-testid="countdown">
      {text}
    </Text>
  );
}
