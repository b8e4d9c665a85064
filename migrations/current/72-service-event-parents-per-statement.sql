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
