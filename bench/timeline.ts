// BENCH_INGEST_TIMELINE_MS > 0: where the cores go during the 100,000-record POST, bucket by bucket.
// Every so many ms it reads /proc/<pid>/schedstat (time on a core, and waiting in the run queue
// for one) of the service process and of every backend of the cluster, and pg_stat_activity
// to tell which backends receive slices and which apply them. The CPU of a bucket is split by what
// each backend was last seen doing; "runq" is time the processes were ready but another process
// held the core (the neighbours' load), so idle = 2 cores - busy - runq is time nothing was ready.
import type { BenchContext } from './context.ts';
import { childPids, schedSeconds } from './process-cpu.ts';

type Role = 'node' | 'receive' | 'lane' | 'other';

// [seconds on a core, seconds waiting in the run queue] of a process, null once it is gone.
function sched(pid: number): [number, number] | null {
  const s = schedSeconds(pid);
  return s ? [s.onCpu, s.waitingForCpu] : null;
}

export function sampleTimeline(owner: BenchContext['owner'], postmaster: number, serverPid: number, everyMs: number) {
  const roles = new Map<number, Role>([[serverPid, 'node']]);
  const last = new Map<number, [number, number]>();
  const firstActive = new Map<number, { t: number; at: [number, number] }>();
  const samples: { t: number; run: Record<Role, number>; runq: number }[] = [];
  let pids = [serverPid, ...childPids(postmaster)];
  const waits: Record<string, number> = {};
  const jobs = new Map<string, { task: string; createdMs: number; lockedMs: number | null; firstSeenMs: number; lastSeenMs: number }>();
  let activitySamples = 0;
  let running = everyMs > 0;
  const t0 = Date.now();
  const read = () => {
    const run: Record<Role, number> = { node: 0, receive: 0, lane: 0, other: 0 };
    let runq = 0;
    for (const pid of pids) {
      const now = sched(pid);
      if (!now) continue;
      const before = last.get(pid);
      last.set(pid, now);
      if (!before) continue;
      run[roles.get(pid) ?? 'other'] += now[0] - before[0];
      runq += now[1] - before[1];
    }
    samples.push({ t: Date.now() - t0, run, runq });
  };
  read();
  const procLoop = (async () => {
    let n = 0;
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      if (++n % 25 === 0) pids = [serverPid, ...childPids(postmaster)];
      read();
    }
  })();
  const activityLoop = (async () => {
    while (running) {
      const { rows } = await owner.query<{ pid: number; query: string; wait: string }>(
        "select pid, query, coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()");
      activitySamples += 1;
      const seen = await owner.query<{ id: string; task: string; created_ms: number; locked_ms: number | null }>(
        `select j.id::text, t.identifier as task, round(extract(epoch from j.created_at) * 1000 - $1)::int as created_ms, round(extract(epoch from j.locked_at) * 1000 - $1)::int as locked_ms
         from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`, [t0]);
      for (const j of seen.rows) {
        const known = jobs.get(j.id);
        if (!known) jobs.set(j.id, { task: j.task, createdMs: j.created_ms, lockedMs: j.locked_ms, firstSeenMs: Date.now() - t0, lastSeenMs: Date.now() - t0 });
        else {
          known.lockedMs ??= j.locked_ms;
          known.lastSeenMs = Date.now() - t0;
        }
      }
      for (const r of rows) {
        if (r.query.includes('fn_process_chunk')) roles.set(r.pid, 'lane');
        else if (r.query.includes('fn_receive_batch_records') || r.query.includes('fn_open_batch') || r.query.includes('fn_close_batch')) roles.set(r.pid, 'receive');
        const role = roles.get(r.pid);
        if ((role === 'lane' || role === 'receive') && !firstActive.has(r.pid)) {
          const at = sched(r.pid);
          if (at) firstActive.set(r.pid, { t: Date.now() - t0, at });
        }
        if (role === 'lane' || role === 'receive') {
          const key = `${role}${/^\s*commit/i.test(r.query) ? ' commit' : ''} ${r.wait}`;
          waits[key] = (waits[key] ?? 0) + 1;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    t0,
    /** Buckets of `bucketMs`: cores used by the service, receiving backends, lanes, other backends; run-queue wait. */
    stop: async (bucketMs: number) => {
      running = false;
      await Promise.all([procLoop, activityLoop]);
      const buckets: { fromMs: number; node: number; receive: number; lane: number; other: number; runq: number }[] = [];
      for (const s of samples.slice(1)) {
        const i = Math.floor(s.t / bucketMs);
        while (buckets.length <= i) buckets.push({ fromMs: buckets.length * bucketMs, node: 0, receive: 0, lane: 0, other: 0, runq: 0 });
        const b = buckets[i];
        b.node += s.run.node; b.receive += s.run.receive; b.lane += s.run.lane; b.other += s.run.other; b.runq += s.runq;
      }
      // Each lane and receiving backend from when it was first seen active to the sampler's end:
      // the share of that time it ran, waited for a core, or slept (I/O, a lock, or its client).
      const end = Date.now() - t0;
      const backends = [...firstActive.entries()].map(([pid, first]) => {
        const now = last.get(pid) ?? first.at;
        const wall = (end - first.t) / 1000;
        const run = now[0] - first.at[0];
        const runq = now[1] - first.at[1];
        return { role: roles.get(pid), fromMs: first.t, run: Number((run / wall).toFixed(2)), runq: Number((runq / wall).toFixed(2)), slept: Number(((wall - run - runq) / wall).toFixed(2)) };
      });
      const waitShares = Object.fromEntries(Object.entries(waits).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Number((n / activitySamples).toFixed(3))]));
      const cores = (seconds: number) => Number((seconds / (bucketMs / 1000)).toFixed(2));
      return {
        jobs: [...jobs.values()],
        backends,
        waitShares,
        buckets: buckets.map((b) => ({ fromMs: b.fromMs, node: cores(b.node), receive: cores(b.receive), lane: cores(b.lane), other: cores(b.other), runq: cores(b.runq) })),
      };
    },
  };
}
