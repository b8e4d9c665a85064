// The sweep supervisor: a tick fires every due schedule (one set-based SQL statement, see
// sql/functions/eligibility_private/supervisor.sql). Ticks come from the crontab each minute and,
// for hot-loading, from a LISTEN on eligibility_schedule_changed (the schedule trigger NOTIFYs).
import pg from 'pg';
import type { ClientBase } from 'pg';
import { logger } from '../log.ts';
import type { ServiceHook } from '../service-hooks.ts';

const log = logger('supervisor');

export async function fireDueSchedules(client: ClientBase, now?: Date): Promise<number> {
  const started = Date.now();
  const { rows } = await client.query<{ fired: number }>('select eligibility_private.fn_fire_due_schedules(coalesce($1, now())) as fired', [now ?? null]);
  const fired = rows[0].fired;
  if (fired > 0) log.info({ fired, ms: Date.now() - started }, 'supervisor fired due sweep schedules');
  else log.debug({ ms: Date.now() - started }, 'supervisor tick: nothing due');
  return fired;
}

/** Service hook: LISTEN for schedule changes and tick at once (debounced); also ticks on start. */
export const sweepSupervisorHook: ServiceHook = async ({ ownerUrl, ownerPool }) => {
  let stopped = false;
  let listener: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking = Promise.resolve();

  const tick = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      ticking = ticking.then(async () => {
        if (stopped) return;
        const client = await ownerPool.connect();
        try {
          await fireDueSchedules(client);
        } catch (error) {
          log.error({ err: error }, 'supervisor tick failed');
        } finally {
          client.release();
        }
      });
    }, 50);
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: ownerUrl });
    client.on('notification', () => tick());
    client.on('error', (error) => {
      log.warn({ err: error }, 'schedule listener lost its connection; reconnecting');
      listener = null;
      setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query('listen eligibility_schedule_changed');
    listener = client;
    log.info('listening for sweep schedule changes');
  };
  await connect();
  tick();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await ticking;
    await listener?.end().catch(() => undefined);
  };
};
