-- Upserts the applied records of a service_events chunk (see apply_chunk) into
-- service.service_event by EventId; the last row of an EventId in the chunk wins, and an
-- unchanged event is not rewritten. Returns how many events were inserted or changed.
create or replace function ingestion_private.write_service_events(tenant_id uuid, applied ingestion_private.service_event_row[]) returns bigint
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  with written as (
    insert into service.service_event as e (tenant_id, event_number, member_id, facility_id, service_date, status, rendering_npi, service_type_code)
    select distinct on (c.event_number) write_service_events.tenant_id, c.event_number, c.member_id, c.facility_id, c.service_date, c.status,
           c.rendering_npi, c.service_type_code
    from unnest(applied) c
    order by c.event_number, c.row_number desc
    on conflict (tenant_id, event_number) do update set
      member_id = excluded.member_id, facility_id = excluded.facility_id, service_date = excluded.service_date,
      status = excluded.status, rendering_npi = excluded.rendering_npi, service_type_code = excluded.service_type_code
    where (e.member_id, e.facility_id, e.service_date, e.status, e.rendering_npi, e.service_type_code)
          is distinct from (excluded.member_id, excluded.facility_id, excluded.service_date, excluded.status, excluded.rendering_npi, excluded.service_type_code)
    returning 1
  )
  select count(*) from written
$$;
