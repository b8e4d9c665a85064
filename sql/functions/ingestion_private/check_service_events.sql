-- A service_events batch's next chunk (see apply_chunk), mapped and checked: one
-- service_event_row a record, error_detail the first check it fails. References are the source's
-- identifiers, looked up in the batch's tenant only (another tenant's member or facility is
-- "unknown").
-- Formats are checked with `+` and a length check: a bounded repetition such as {1,40} costs
-- PostgreSQL's regex engine about 6x more per row.
-- Dates are parsed in `parsed`, which is computed once (it locks, so it is not inlined): in
-- `resolved`, which is inlined, parse_date ran at each of the date's two references.
create or replace function ingestion_private.check_service_events(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns setof ingestion_private.service_event_row
  language sql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
  with parsed as (
    select p.row_number, p.rid, p.key, p.data,
           nullif(btrim(p.data ->> 'EventId'), '') as event_number,
           nullif(btrim(p.data ->> 'MemberId'), '') as member_number,
           nullif(btrim(p.data ->> 'FacilityId'), '') as facility_code,
           nullif(btrim(p.data ->> 'ServiceDate'), '') as service_date_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'ServiceDate'), '')) as service_date,
           upper(coalesce(nullif(btrim(p.data ->> 'Status'), ''), 'SCHEDULED')) as status,
           nullif(btrim(p.data ->> 'ProviderNpi'), '') as npi,
           upper(coalesce(nullif(btrim(p.data ->> 'ServiceTypeCode'), ''), '30')) as service_type_code
    from ingestion_private.lock_pending_records(check_service_events.tenant_id, check_service_events.batch_id, chunk, after_row) p
  ), resolved as (
    select x.*, m.id as member_id, f.id as facility_id
    from parsed x
    left join member.member m on m.tenant_id = check_service_events.tenant_id and m.member_number = x.member_number
    left join core.facility f on f.tenant_id = check_service_events.tenant_id and f.code = x.facility_code
  )
  select r.row_number, r.rid, r.key, r.data, coalesce(
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
    ),
    r.event_number, r.member_id, r.facility_id, r.service_date, r.status, r.npi, r.service_type_code
  from resolved r
$$;
