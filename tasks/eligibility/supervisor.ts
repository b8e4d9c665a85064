// eligibility/supervisor (crontab, every minute; also run at once on schedule changes by the
// service hook): fires every due, unpaused sweep schedule.
import type { Task } from 'graphile-worker';
import { fireDueSchedules } from '../../server/eligibility/supervisor.ts';

const task: Task = async (_payload, helpers) => {
  await helpers.withPgClient((client) => fireDueSchedules(client));
};

export default task;
