// Where an ingested record's Postgres time goes, step by step: the CPU time of the backend that
// runs each step (/proc/<pid>/stat), per record, against the CPU time of the floor (a plain
// INSERT ... SELECT of the same rows into service.service_event) on the same backend. CPU time is
// what the two cores have to give; on a machine shared with other work the wall clock of a batch
// stretches 3-5x while the CPU a record costs hardly moves, so these ratios hold where the
// ingestion bench's wall-clock ratios do not.
// Each step runs on the same 5,000 PENDING records of a received batch (three chunks of the batch,
// K times each) and is rolled back. Each step includes the ones before it (the apply is the lock,
// the checks, the key claims, the write and the marking in one statement); the step's own cost is
// its difference to the one before. The CPU clock ticks every 10 ms: 2 us a record on 5,000.
// Needs the Postgres on this machine (the embedded one `npm run bench` starts).
import fs from 'node:fs';
import { demoSeedOptions, seedTenant } from '../server/seed/seed-tenant.ts';
import { median, type Benchmark } from './context.ts';
import { eventRow, MEMBERS } from './service-event-rows.ts';

const CHUNK = 5000;
const RECEIVE_SLICE = 10_000;
const ROUNDS = Number(process.env.BENCH_STEPS_ROUNDS || 4);
const KEY_FIELDS = ['ServiceDate', 'MemberId', 'EventId'];


const bench: Benchmark = async ({ owner, progress }) => {
  const client = await owner.connect();
  try {
    const tenantId = await seedTenant(client, demoSeedOptions({ slug: 'bench-steps', name: 'Bench steps', members: MEMBERS, events: 1000, seed: 11 }));
    await client.query('vacuum analyze');
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    if (!fs.existsSync(`/proc/${pid}/stat`)) throw new Error('ingestion-steps reads the Postgres backend\'s CPU time from /proc: it needs the Postgres on this machine');
    const cpuSeconds = () => {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 10 ms
    };
    const asWorker = () => client.query(
      "select set_config('jwt.claims.tenant_id', $1, true), set_config('jwt.claims.permissions', 'ingestion.read,ingestion.update', true), set_config('jwt.claims.sub', 'bench', true)",
      [tenantId]);
    const { rows: [{ artifact_id: artifactId, feed_id: feedId }] } = await client.query(
      "select a.id as artifact_id, f.id as feed_id from ingestion.artifact a join ingestion.feed f on f.id = a.feed_id where a.tenant_id = $1 and f.name = 'service_events'", [tenantId]);
    const openBatch = async (total: number) => (await client.query('select ingestion_private.fn_open_batch($1, $2::text[], $3) as id', [artifactId, KEY_FIELDS, total])).rows[0].id as string;

    // A received batch of three chunks, which every apply step reads and rolls back.
    await client.query('begin');
    await asWorker();
    const batchId = await openBatch(3 * CHUNK);
    // PENDING records, as a small POST, GraphQL createBatch or a retry leaves them (a large POST's
    // slices are stored whole since migration 72: see slice_apply below).
    await client.query('select * from ingestion_private.add_batch_records($1, $2, $3::text[], $4::jsonb)', [tenantId, batchId, KEY_FIELDS,
      JSON.stringify(Array.from({ length: 3 * CHUNK }, (_, i) => ({ rowNumber: i + 1, data: eventRow('S', i) })))]);
    await client.query('update ingestion.batch set received_records = total where id = $1', [batchId]);
    await client.query('select ingestion_private.fn_close_batch($1)', [batchId]);
    await client.query('commit');
    await client.query('delete from graphile_worker._private_jobs');
    await client.query('vacuum analyze ingestion.batch_record');

    const checked = `select c as r, c.row_number, c.rid, c.key from ingestion_private.check_service_events($1, $2, ${CHUNK}, $3) c`;
    const applySteps: Record<string, string> = {
      lock: `select count(*) from ingestion_private.lock_pending_records($1, $2, ${CHUNK}, $3)`,
      check: `select count(*) from ingestion_private.check_service_events($1, $2, ${CHUNK}, $3)`,
      claim: `with checked as materialized (${checked}) insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
              select $1, '${feedId}', k.key, $2, k.row_number from checked k order by k.key on conflict do nothing`,
      write: `with checked as materialized (${checked}) select ingestion_private.write_service_events($1, array_agg(k.r)) from checked k`,
      mark: `with checked as materialized (${checked}) update ingestion.batch_record r set status = 'SUCCESS', attempts = r.attempts + 1, processed_at = now()
             from checked k where r.ctid = k.rid and r.row_number = k.row_number`,
      apply: `select * from ingestion_private.apply_chunk('service_events', $2, ${CHUNK}, $3) where $1::uuid is not null`,
    };
    // The floor: the same rows, already mapped, inserted plainly (as the ingestion bench's floor).
    await client.query(`create table public.bench_steps_floor as
      select 'F' || (r.data ->> 'EventId') as event_number, r.data ->> 'MemberId' as member_number, r.data ->> 'FacilityId' as facility_code,
             (r.data ->> 'ServiceDate')::date as service_date, r.data ->> 'Status' as status, r.data ->> 'ServiceTypeCode' as service_type_code, r.row_number
      from ingestion.batch_record r where r.tenant_id = $1 and r.batch_id = $2`, [tenantId, batchId]);
    applySteps.floor = `insert into service.service_event (tenant_id, event_number, member_id, facility_id, service_date, status, service_type_code)
      select $1, c.event_number, m.id, f.id, c.service_date, c.status, c.service_type_code from public.bench_steps_floor c
      join member.member m on m.tenant_id = $1 and m.member_number = c.member_number join core.facility f on f.tenant_id = $1 and f.code = c.facility_code
      where $2::uuid is not null and c.row_number > $3 and c.row_number <= $3 + ${CHUNK}`;

    const sliceText = JSON.stringify(Array.from({ length: RECEIVE_SLICE }, (_, i) => ({ rowNumber: i + 1, data: eventRow('R', i) })));
    const keyExpression = (await client.query("select ingestion_private.key_expression($1, '(e -> ''data'')') as k", [KEY_FIELDS])).rows[0].k;
    const receiveSteps: Record<string, string> = {
      parse: 'select count(*) from jsonb_array_elements($1::jsonb) where $2::uuid is not null',
      key: `select count(*) from jsonb_array_elements($1::jsonb) e cross join lateral (select ${keyExpression} as key) k where k.key is not null and $2::uuid is not null`,
      insert: `insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status)
               select '${tenantId}', $2::uuid, (e ->> 'rowNumber')::integer, e -> 'data', 'k', 'PENDING' from jsonb_array_elements($1::jsonb) e`,
      records: `select * from ingestion_private.add_batch_records('${tenantId}', $2::uuid, '{${KEY_FIELDS.join(',')}}', $1::jsonb)`,
      receive: 'select ingestion_private.fn_receive_batch_records($2, $1::jsonb)',
    };
    // A received slice of CHUNK records (migration 72) applied whole: its records written once, with their outcome.
    const chunkSliceText = JSON.stringify(Array.from({ length: CHUNK }, (_, i) => ({ rowNumber: i + 1, data: eventRow('Q', i) })));
    const receivedSlice = async () => {
      const id = await openBatch(CHUNK);
      await client.query('select ingestion_private.fn_receive_batch_records($1, $2::jsonb)', [id, chunkSliceText]);
      return [tenantId, id, 0];
    };

    // Options for receiving and applying a slice in fewer steps (issue 16), each measured as a whole:
    //  receive_nofk: fn_receive_batch_records without the foreign key check of batch_record -> batch
    //    (session_replication_role = replica skips RI triggers; the owner is a superuser here);
    //  stage: the slice parsed into a temporary table (no WAL, no RLS, no foreign key): what a COPY
    //    into staging or an apply-on-receive would start from;
    //  fused: stage + the apply's own steps reading the staged slice instead of PENDING records
    //    (the kind's real check, the key claims, the real write) + the records inserted once with
    //    their outcome instead of inserted PENDING and marked later: "apply on receive";
    //  fused_narrow: the same, a SUCCESS record stored without its data (status and key only).
    await client.query('create temporary table bench_slice (row_number integer, data jsonb, key text, rid tid)');
    const checkDefinition = (await client.query<{ def: string }>("select pg_get_functiondef('ingestion_private.check_service_events(uuid, uuid, integer, integer)'::regprocedure) as def")).rows[0].def;
    const slicedCheck = checkDefinition
      .replace('ingestion_private.check_service_events(', 'ingestion_private.bench_check_slice(')
      .replace(/ingestion_private\.lock_pending_records\([^)]*\) p/, 'pg_temp.bench_slice p');
    if (slicedCheck === checkDefinition || !slicedCheck.includes('pg_temp.bench_slice')) throw new Error('check_service_events no longer reads lock_pending_records: update the fused option');
    await client.query(slicedCheck.replaceAll('check_service_events.', 'bench_check_slice.'));
    const stageKey = (await client.query("select ingestion_private.key_expression($1, 'd.data') as k", [KEY_FIELDS])).rows[0].k;
    const stage = `insert into pg_temp.bench_slice (row_number, data, key)
      select (e ->> 'rowNumber')::integer, d.data, k.key from jsonb_array_elements($1::jsonb) e
      cross join lateral (select e -> 'data' as data offset 0) d cross join lateral (select ${stageKey} as key offset 0) k where $2::uuid is not null`;
    const fused = (storedData: string) => `
      with checked as materialized (
        select c as r, c.row_number, c.key, c.data,
               coalesce(case when c.key is null then ingestion_private.missing_key_error(c.data, array['ServiceDate','MemberId','EventId']) end, c.error_detail) as error_detail
        from ingestion_private.bench_check_slice('${tenantId}', $2::uuid, ${RECEIVE_SLICE}, 0) c
      ), claimed as (
        insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
        select '${tenantId}', '${feedId}', k.key, $2::uuid, k.row_number from checked k where k.error_detail is null order by k.key
        on conflict do nothing returning row_number
      ), outcome as (
        select k.r, k.row_number, k.key, k.data, k.error_detail, a.row_number is not null as applied
        from checked k left join claimed a on a.row_number = k.row_number
      ), written as (
        select ingestion_private.write_service_events('${tenantId}', array_agg(o.r) filter (where o.applied)) as n from outcome o
      ), stored as (
        insert into ingestion.batch_record (tenant_id, batch_id, row_number, data, idempotency_key, status, error_detail, skipped_duplicate, attempts, processed_at)
        select '${tenantId}', $2::uuid, o.row_number, ${storedData}, o.key, case when o.error_detail is null then 'SUCCESS' else 'ERROR' end, o.error_detail,
               o.error_detail is null and not o.applied, 1, now()
        from outcome o returning status
      )
      select count(*), (count(*) filter (where status = 'SUCCESS')), (select w.n from written w) from stored where $1::jsonb is not null`;
    const optionSteps: Record<string, string[]> = {
      receive_nofk: ["set local session_replication_role = replica", 'select ingestion_private.fn_receive_batch_records($2, $1::jsonb)'],
      stage: [stage],
      fused: [stage, 'analyze pg_temp.bench_slice', fused('o.data')],
      fused_narrow: [stage, 'analyze pg_temp.bench_slice', fused("case when o.error_detail is null then '{}'::jsonb else o.data end")],
    };

    /** A step's CPU time per record, in a transaction rolled back after it; params are made inside it. */
    const timeStep = async (sql: string | string[], params: () => Promise<unknown[]>, records: number) => {
      await client.query('begin');
      try {
        await asWorker();
        const values = await params();
        const c0 = cpuSeconds();
        for (const statement of [sql].flat()) await client.query(statement, statement.includes('$') ? values : []);
        return ((cpuSeconds() - c0) / records) * 1e6;
      } finally {
        await client.query('rollback');
      }
    };
    const samples: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, sql] of Object.entries(applySteps)) {
        for (const afterRow of [0, CHUNK, 2 * CHUNK]) {
          (samples[`apply_${name}`] ??= []).push(await timeStep(sql, async () => [tenantId, batchId, afterRow], CHUNK));
        }
      }
      for (const [name, sql] of Object.entries(receiveSteps)) {
        // The steps that write go into a RECEIVING batch of their own; the others only read the slice.
        const params = async () => [sliceText, name === 'receive' || name === 'insert' || name === 'records' ? await openBatch(RECEIVE_SLICE) : batchId];
        (samples[`receive_${name}`] ??= []).push(await timeStep(sql, params, RECEIVE_SLICE));
      }
      (samples.slice_apply ??= []).push(await timeStep(applySteps.apply, receivedSlice, CHUNK));
      for (const [name, sql] of Object.entries(optionSteps)) {
        (samples[`option_${name}`] ??= []).push(await timeStep(sql, async () => [sliceText, await openBatch(RECEIVE_SLICE)], RECEIVE_SLICE));
      }
      progress(`round ${round + 1}/${ROUNDS}`);
    }
    await client.query('drop table public.bench_steps_floor');
    await client.query('drop function ingestion_private.bench_check_slice(uuid, uuid, integer, integer)');

    const metrics: Record<string, number> = {};
    for (const [name, values] of Object.entries(samples)) metrics[`${name}_cpu_us_per_record`] = Number(median(values).toFixed(1));
    const floor = metrics.apply_floor_cpu_us_per_record;
    metrics.apply_to_floor_cpu = Number((metrics.apply_apply_cpu_us_per_record / floor).toFixed(2));
    // Records received PENDING, then marked (small POSTs; every large POST before migration 72)...
    metrics.records_receive_and_apply_to_floor_cpu = Number(((metrics.apply_apply_cpu_us_per_record + metrics.receive_records_cpu_us_per_record) / floor).toFixed(2));
    // ...and a large POST's slice stored whole, its records written once when it is applied.
    metrics.receive_and_apply_to_floor_cpu = Number(((metrics.slice_apply_cpu_us_per_record + metrics.receive_receive_cpu_us_per_record) / floor).toFixed(2));
    metrics.fused_to_floor_cpu = Number((metrics.option_fused_cpu_us_per_record / floor).toFixed(2));
    metrics.fused_narrow_to_floor_cpu = Number((metrics.option_fused_narrow_cpu_us_per_record / floor).toFixed(2));
    return {
      metrics,
      floor: { insert_service_event_cpu_us_per_record: floor },
      notes: `Postgres backend CPU time per record (median of ${ROUNDS} x 3 chunks of ${CHUNK.toLocaleString()} service_events, each rolled back; receive: slices of ${RECEIVE_SLICE.toLocaleString()}). `
        + 'apply_* steps are cumulative (lock < check < claim/write/mark < apply) on PENDING records; receive_* likewise (parse < key < records; insert is the bare insert into batch_record without the key; records: received as PENDING records; receive: fn_receive_batch_records, which stores the slice whole since migration 72). slice_apply: a received slice of one chunk applied (its records written with their outcome). '
        + 'Floor: plain INSERT ... SELECT of the same rows into service.service_event. The CPU clock ticks every 10 ms (2 us a record here). '
        + 'option_* measure a whole slice of 10,000 new records received AND applied another way (compare with receive + apply): receive_nofk without the batch_record -> batch foreign key check; '
        + 'stage: parsed into a temporary table; fused: staged, then checked, keys claimed, written and stored once with their outcome (apply on receive); fused_narrow: SUCCESS records stored without their data.',
      details: { samples },
    };
  } finally {
    client.release();
  }
};

export default bench;
