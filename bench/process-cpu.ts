// CPU time (user + system, seconds) of the processes a bench drives: on a shared machine the wall
// clock stretches with the neighbours' work, the CPU a piece of work costs hardly does. Linux /proc.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ

function statFields(pid: number): string[] | null {
  try {
    // The fields after the command name, which may hold spaces: state (field 3) is index 0.
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').slice(-1)[0].split(' ');
  } catch {
    return null;
  }
}

/** A process's own CPU seconds, plus its reaped children's when `withChildren`. */
export function processCpuSeconds(pid: number, withChildren = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) / TICKS_PER_SECOND;
}

/** A process's (or, given 'thread-self', the calling thread's) time on a CPU and waiting in a run
 *  queue (s), from /proc/<pid>/schedstat (nanoseconds, not the 10 ms ticks of /proc/<pid>/stat);
 *  undefined when it is not on this machine. */
export function schedSeconds(pid: number | 'thread-self'): { onCpu: number; waitingForCpu: number } | undefined {
  try {
    const [onCpu, waiting] = fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { onCpu: onCpu / 1e9, waitingForCpu: waiting / 1e9 };
  } catch {
    return undefined;
  }
}

export function parentPid(pid: number): number {
  const f = statFields(pid);
  if (!f) throw new Error(`no process ${pid} in /proc: the bench measures CPU on the Postgres of this machine`);
  return Number(f[1]);
}

/** The live processes whose parent is `parent` (a postmaster's backends and background workers). */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === parent) pids.push(Number(entry));
  }
  return pids;
}

/** A Postgres cluster's CPU seconds: the postmaster, its live children (backends, background
 *  workers) and the children it has reaped (backends that ended). */
export function clusterCpuSeconds(postmasterPid: number): number {
  let total = processCpuSeconds(postmasterPid, true);
  for (const pid of childPids(postmasterPid)) total += processCpuSeconds(pid);
  return total;
}
