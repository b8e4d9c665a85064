// Job runner cycles carry counts and errors as JSON; shown as short text.
export function describeCounts(counts: unknown): string {
  if (!counts || typeof counts !== 'object' || Array.isArray(counts)) return '';
  return Object.entries(counts as Record<string, unknown>)
    .filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');
}

export function describeErrors(errors: unknown): string[] {
  if (!errors) return [];
  const list = Array.isArray(errors) ? errors : [errors];
  return list.map((error) => {
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object') {
      const e = error as { message?: string; tenant?: string; code?: string };
      return [e.code, e.message].filter(Boolean).join(': ') || JSON.stringify(error);
    }
    return String(error);
  });
}
