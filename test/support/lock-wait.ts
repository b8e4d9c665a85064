// Whether the backend `pid` comes to wait for a lock within about 5 s (pg_stat_activity, polled
// every 100 ms): how a test sees that one session's statement waits on another's transaction.
import type pg from 'pg';

export async function waitsForALock(pool: pg.Pool, pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await pool.query<{ wait_event_type: string | null }>('select wait_event_type from pg_stat_activity where pid = $1', [pid]);
    if (rows[0]?.wait_event_type === 'Lock') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
