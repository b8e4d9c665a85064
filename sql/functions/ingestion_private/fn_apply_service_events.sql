-- Applies up to `chunk` PENDING records of a service_events batch in one transaction: validates
-- each (first failing check wins), claims its idempotency key (applied_key's primary key decides:
-- a key the feed already applied is SUCCESS without a second write), upserts service.service_event
-- by EventId, marks every record SUCCESS or ERROR and moves the batch counters by the same
-- amounts, so they tie out at every commit. SKIP LOCKED lets two workers share a batch.
-- References are the source's identifiers, looked up in the batch's tenant only (another
-- tenant's member or facility is "unknown"). Takes PENDING records after row after_row; returns
-- how many it processed and the last of their row numbers.
-- Formats are checked with `+` and a length check: a bounded repetition such as {1,40} costs
-- PostgreSQL's regex engine about 6x more per row.
create or replace function ingestion_private.fn_apply_service_events(batch_id uuid, chunk integer, after_row integer,
                                                     out chunk_processed integer, out chunk_last_row integer)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  v_tenant uuid := core.current_tenant_id();
  v_batch ingestion.batch;
  v_rids tid[];
  v_row_numbers integer[];
  v_errors jsonb[];
  v_applied boolean[];
begin
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = fn_apply_service_events.batch_id;
  with picked as (
    select p.row_number, p.data, p.key, p.rid from ingestion_private.lock_pending_records(v_tenant, v_batch.id, chunk, after_row) p
  ), parsed as (
    select p.row_number, p.rid, p.key, p.data,
           nullif(btrim(p.data ->> 'EventId'), '') as event_number,
           nullif(btrim(p.data ->> 'MemberId'), '') as member_number,
           nullif(btrim(p.data ->> 'FacilityId'), '') as facility_code,
           nullif(btrim(p.data ->> 'ServiceDate'), '') as service_date_text,
           upper(coalesce(nullif(btrim(p.data ->> 'Status'), ''), 'SCHEDULED')) as status,
           nullif(btrim(p.data ->> 'ProviderNpi'), '') as npi,
           upper(coalesce(nullif(btrim(p.data ->> 'ServiceTypeCode'), ''), '30')) as service_type_code
    from picked p
  ), resolved as (
    select x.*, m.id as member_id, f.id as facility_id, ingestion_private.parse_date(x.service_date_text) as service_date
    from parsed x
    left join member.member m on m.tenant_id = v_tenant and m.member_number = x.member_number
    left join core.facility f on f.tenant_id = v_tenant and f.code = x.facility_code
  ), checked as (
    select r.*, coalesce(
      case when r.key is null then ingestion_private.missing_key_error(r.data, v_batch.idempotency_key_fields) end,
      case when r.event_number is null then ingestion_private.row_error('EventId', 'MISSING_FIELD', 'EventId is required', null)
           when r.event_number !~ '^[A-Za-z0-9_.-]+$' or length(r.event_number) > 40 then ingestion_private.row_error('EventId', 'INVALID_FORMAT', 'EventId must be 1 to 40 letters, digits, _ . or -', r.event_number) end,
      case when r.member_number is null then ingestion_private.row_error('MemberId', 'MISSING_FIELD', 'MemberId is required', null)
           when r.member_id is null then ingestion_private.row_error('MemberId', 'UNKNOWN_MEMBER', format('no member %s in this tenant; load it through a members feed first, then retry', r.member_number), r.member_number) end,
      case when r.facility_code is null then ingestion_private.row_error('FacilityId', 'MISSING_FIELD', 'FacilityId (the facility code) is required', null)
           when r.facility_id is null then ingestion_private.row_error('FacilityId', 'UNKNOWN_FACILITY', format('no facility with code %s in this tenant', r.facility_code), r.facility_code) end,
      case when r.service_date_text is null then ingestion_private.row_error('ServiceDate', 'MISSING_FIELD', 'ServiceDate is required', null)
           when r.service_date is null then ingestion_private.row_error('ServiceDate', 'INVALID_DATE', 'ServiceDate must be a calendar date as YYYY-MM-DD', r.service_date_text) end,
      case when r.status not in ('SCHEDULED', 'CHECKED_IN', 'COMPLETED', 'CANCELLED', 'NO_SHOW') then
        ingestion_private.row_error('Status', 'INVALID_VALUE', 'Status must be one of SCHEDULED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW', r.data ->> 'Status') end,
      case when r.npi is not null and not core.is_valid_npi(r.npi) then
        ingestion_private.row_error('ProviderNpi', 'INVALID_NPI', 'ProviderNpi must be a 10-digit NPI with a valid check digit', r.npi) end,
      case when r.service_type_code !~ '^[A-Z0-9]{1,2}$' then
        ingestion_private.row_error('ServiceTypeCode', 'INVALID_FORMAT', 'ServiceTypeCode must be an X12 service type code of 1 or 2 letters or digits (30, 98, UC)', r.data ->> 'ServiceTypeCode') end
    ) as error_detail
    from resolved r
  ), claimed as (
    insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
    select v_tenant, v_batch.feed_id, c.key, v_batch.id, c.row_number from checked c where c.error_detail is null
    on conflict do nothing
    returning row_number
  ), outcome as (
    select c.*, k.row_number is not null as applied from checked c left join claimed k on k.row_number = c.row_number
  ), written as (
    insert into service.service_event as e (tenant_id, event_number, member_id, facility_id, service_date, status, rendering_npi, service_type_code)
    select distinct on (c.event_number) v_tenant, c.event_number, c.member_id, c.facility_id, c.service_date, c.status, c.npi, c.service_type_code
    from outcome c where c.applied
    order by c.event_number, c.row_number desc
    on conflict (tenant_id, event_number) do update set
      member_id = excluded.member_id, facility_id = excluded.facility_id, service_date = excluded.service_date,
      status = excluded.status, rendering_npi = excluded.rendering_npi, service_type_code = excluded.service_type_code
    where (e.member_id, e.facility_id, e.service_date, e.status, e.rendering_npi, e.service_type_code)
          is distinct from (excluded.member_id, excluded.facility_id, excluded.service_date, excluded.status, excluded.rendering_npi, excluded.service_type_code)
    returning 1
  )
  select array_agg(o.rid), array_agg(o.row_number), array_agg(o.error_detail), array_agg(o.applied)
    into v_rids, v_row_numbers, v_errors, v_applied
  from outcome o;
  select o.processed, o.last_row into chunk_processed, chunk_last_row
  from ingestion_private.record_chunk_outcome(v_tenant, v_batch.id, v_rids, v_row_numbers, v_errors, v_applied) o;
end $$;
