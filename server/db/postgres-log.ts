// What of the embedded Postgres' own log may reach the app log. Its error lines repeat row data
// ("DETAIL:  Failing row contains (...)", "Key (subscriber_id)=(...)", the STATEMENT with its
// values): PHI. Server lifecycle lines (LOG, FATAL, PANIC: started, shut down, out of disk) are
// kept; an ERROR/WARNING keeps its severity only, its text is dropped; DETAIL/STATEMENT/CONTEXT/
// HINT/QUERY lines are dropped.
const SEVERITY = /\b(DEBUG\d?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|STATEMENT|LOCATION):\s+/;
const LIFECYCLE = new Set(['LOG', 'FATAL', 'PANIC']);

export interface PostgresLogLine {
  severity: string;
  /** null when the text may carry row data. */
  text: string | null;
}

/** The lines of a chunk of Postgres stderr that may be logged, each reduced as above. */
export function redactPostgresLog(chunk: string): PostgresLogLine[] {
  const lines: PostgresLogLine[] = [];
  for (const raw of chunk.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const match = SEVERITY.exec(line);
    if (!match) continue; // a continuation line of a multi-line message: may be row data
    const severity = match[1];
    if (LIFECYCLE.has(severity)) lines.push({ severity, text: line.slice(match.index + match[0].length) });
    else if (severity === 'ERROR' || severity === 'WARNING') lines.push({ severity, text: null });
  }
  return lines;
}
