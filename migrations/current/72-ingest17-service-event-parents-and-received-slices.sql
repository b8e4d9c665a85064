-- ingest17 (issue 16 §4): a service event's member and facility are checked once per statement
-- instead of by two foreign keys checked once per row. Ingestion writes service events 5,000 a
-- statement (and the 1,000,000-row CSV 1,000,000 of them); each row's two key checks (an SPI
-- probe and a FOR KEY SHARE lock each) were 45 % of a plain INSERT ... SELECT of 100,000 events:
-- 1.70 s of backend CPU with the keys, 0.93 s without, and 0.05 s for one statement locking the
-- 20,000 distinct members those rows name. The generic parent checks of migration 62-parentcheck
-- keep what the keys gave: every inserted event names a member and a facility of its tenant
-- (each locked FOR KEY SHARE until the transaction ends, as the key locked it); an upsert that
-- re-points an event to another member or facility is checked; a member or facility with events
-- is not deleted, re-keyed or truncated away (NO ACTION, as before). The API keeps the relations
-- through graphql/tags.json5. test/ingestion/service-event-parents.test.ts.
-- Re-runnable: the keys are dropped if they exist; parent_check drops its triggers by name first.
alter table service.service_event drop constraint if exists service_event_tenant_id_member_id_fkey;
alter table service.service_event drop constraint if exists service_event_tenant_id_facility_id_fkey;

--                     child                     child columns            parent             parent key      parent's delete  child's update  row label
select pg_temp.parent_check('service.service_event', 'tenant_id,member_id',   'member.member',   'tenant_id,id', 'restrict',      'check',        'event_number');
select pg_temp.parent_check('service.service_event', 'tenant_id,facility_id', 'core.facility',   'tenant_id,id', 'restrict',      'check',        'event_number');

-- ingest17 (issue 16 §4): a POST /batches slice is stored as it came, one row a slice, and its
-- records are written once, with their outcome, when a worker applies the slice (as a batch made
-- from an artifact applies its ranges since migration 66). Receiving wrote each record into
-- batch_record as PENDING (12-13 us of Postgres CPU a record), and applying it marked it
-- (6-8 us): a record cost two writes. A slice row is taken whole by one transaction
-- (FOR UPDATE SKIP LOCKED), which writes its records and deletes it, so a record is a pending
-- slice element or a record, never both, and a worker killed mid-slice leaves the slice whole.
-- records: the slice's [{rowNumber, data}] as received; storage external (not compressed: a
-- slice is read once, seconds after it was written, and deleted).
-- Re-runnable on a dev database: slices not yet applied are dropped with the table.
drop table if exists ingestion_private.received_slice cascade;
create table ingestion_private.received_slice (
  tenant_id uuid not null default core.current_tenant_id(), -- tenant pinned by the parent check to its batch (see batch_record)
  batch_id uuid not null,
  first_record integer not null check (first_record > 0),
  record_count integer not null check (record_count > 0),
  min_row_number integer not null,
  max_row_number integer not null,
  records jsonb not null check (jsonb_typeof(records) = 'array'),
  received_at timestamptz not null default now(),
  primary key (tenant_id, batch_id, first_record)
);
alter table ingestion_private.received_slice alter column records set storage external;
comment on table ingestion_private.received_slice is 'Slices of a POST /batches received and not yet applied: the worker writes their records with their outcome, then deletes the slice.';
comment on column ingestion_private.received_slice.first_record is 'The position of the slice''s first record in the POST (1-based); slices are applied in this order.';
select core_private.enable_tenant_rls('ingestion_private.received_slice', 'ingestion.read', 'ingestion.update');
select pg_temp.parent_check('ingestion_private.received_slice', 'tenant_id,batch_id', 'ingestion.batch', 'tenant_id,id', 'cascade', 'refuse', 'first_record');
-- How many records a POST's slices brought (stored or already applied): where the next slice goes,
-- and what closing the upload (or finishing an interrupted one) compares with the declared total.
alter table ingestion.batch add column if not exists received_records integer not null default 0;
alter table ingestion.batch drop constraint if exists received_records_at_most_total;
alter table ingestion.batch add constraint received_records_at_most_total check (received_records between 0 and total);
comment on column ingestion.batch.received_records is 'Records of a large POST /batches received so far (it sends them in slices while the batch is RECEIVING); 0 for other batches.';
-- A batch being received when this migration runs: its records so far are in batch_record.
update ingestion.batch b set received_records = (select count(*) from ingestion.batch_record r where r.tenant_id = b.tenant_id and r.batch_id = b.id)
where b.status = 'RECEIVING' and b.received_records = 0;
