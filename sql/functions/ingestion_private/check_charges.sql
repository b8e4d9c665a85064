-- A charges batch's next chunk (see apply_chunk), mapped and checked: one charge_row a record,
-- error_detail the first check it fails. A charge that is already VALIDATED, BILLED or VOID is
-- not changed (CHARGE_NOT_EDITABLE). Units defaults to 1, PlaceOfService to 11, FacilityId to the
-- event's.
create or replace function ingestion_private.check_charges(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns setof ingestion_private.charge_row
  language sql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
  with parsed as (
    select p.row_number, p.rid, p.key, p.data,
           nullif(btrim(p.data ->> 'ChargeId'), '') as charge_number,
           nullif(btrim(p.data ->> 'EventId'), '') as event_number,
           nullif(btrim(p.data ->> 'MemberId'), '') as member_number,
           nullif(btrim(p.data ->> 'FacilityId'), '') as facility_code,
           nullif(btrim(p.data ->> 'ServiceDate'), '') as service_date_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'ServiceDate'), '')) as service_date,
           upper(nullif(btrim(p.data ->> 'CptCode'), '')) as procedure_code,
           ingestion_private.code_list(p.data -> 'Modifiers') as modifiers,
           array(select replace(c, '.', '') from unnest(ingestion_private.code_list(p.data -> 'IcdCodes')) c) as diagnosis_codes,
           jsonb_typeof(p.data -> 'IcdCodes') as icd_type,
           nullif(btrim(p.data ->> 'Units'), '') as units_text,
           ingestion_private.parse_numeric(coalesce(nullif(btrim(p.data ->> 'Units'), ''), '1')) as units,
           nullif(btrim(p.data ->> 'Amount'), '') as amount_text,
           ingestion_private.parse_numeric(nullif(btrim(p.data ->> 'Amount'), '')) as amount,
           nullif(btrim(p.data ->> 'RenderingNpi'), '') as rendering_npi,
           nullif(btrim(p.data ->> 'BillingNpi'), '') as billing_npi,
           coalesce(nullif(btrim(p.data ->> 'PlaceOfService'), ''), '11') as place_of_service
    from ingestion_private.lock_pending_records(check_charges.tenant_id, check_charges.batch_id, chunk, after_row) p
  ), resolved as (
    select x.*, m.id as member_id, e.id as service_event_id, e.member_id as event_member_id, coalesce(f.id, case when x.facility_code is null then e.facility_id end) as facility_id,
           ch.status as existing_status
    from parsed x
    left join member.member m on m.tenant_id = check_charges.tenant_id and m.member_number = x.member_number
    left join service.service_event e on e.tenant_id = check_charges.tenant_id and e.event_number = x.event_number
    left join core.facility f on f.tenant_id = check_charges.tenant_id and f.code = x.facility_code
    left join billing.charge ch on ch.tenant_id = check_charges.tenant_id and ch.charge_number = x.charge_number
  )
  select r.row_number, r.rid, r.key, r.data, coalesce(
      case when r.charge_number is null then ingestion_private.row_error('ChargeId', 'MISSING_FIELD', 'ChargeId is required', null)
           when r.charge_number !~ '^[A-Za-z0-9_.-]+$' or length(r.charge_number) > 40 then ingestion_private.row_error('ChargeId', 'INVALID_FORMAT', 'ChargeId must be 1 to 40 letters, digits, _ . or -', r.charge_number) end,
      case when r.existing_status in ('VALIDATED', 'BILLED', 'VOID') then
        ingestion_private.row_error('ChargeId', 'CHARGE_NOT_EDITABLE', format('charge %s is %s; only NEW or INVALID charges are replaced by a feed (void or correct it in billing)', r.charge_number, r.existing_status), r.charge_number) end,
      case when r.member_number is null then ingestion_private.row_error('MemberId', 'MISSING_FIELD', 'MemberId is required', null)
           when r.member_id is null then ingestion_private.row_error('MemberId', 'UNKNOWN_MEMBER', format('no member %s in this tenant; load it through a members feed first, then retry', r.member_number), r.member_number) end,
      case when r.event_number is not null and r.service_event_id is null then
             ingestion_private.row_error('EventId', 'UNKNOWN_EVENT', format('no service event %s in this tenant; load it through a service_events feed first, then retry', r.event_number), r.event_number)
           when r.event_number is not null and r.event_member_id <> r.member_id then
             ingestion_private.row_error('EventId', 'EVENT_MEMBER_MISMATCH', format('service event %s belongs to another member than %s', r.event_number, r.member_number), r.event_number) end,
      case when r.facility_code is not null and r.facility_id is null then
             ingestion_private.row_error('FacilityId', 'UNKNOWN_FACILITY', format('no facility with code %s in this tenant', r.facility_code), r.facility_code)
           when r.facility_id is null then ingestion_private.row_error('FacilityId', 'MISSING_FIELD', 'FacilityId is required when the charge names no EventId', null) end,
      case when r.service_date_text is null then ingestion_private.row_error('ServiceDate', 'MISSING_FIELD', 'ServiceDate is required', null)
           when r.service_date is null then ingestion_private.row_error('ServiceDate', 'INVALID_DATE', 'ServiceDate must be a calendar date as YYYY-MM-DD', r.service_date_text) end,
      case when r.procedure_code is null then ingestion_private.row_error('CptCode', 'MISSING_FIELD', 'CptCode is required', null)
           when r.procedure_code !~ '^([0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})$' then
             ingestion_private.row_error('CptCode', 'INVALID_CODE', 'CptCode must be a CPT (5 characters, e.g. 99213) or HCPCS Level II code (a letter and 4 digits, e.g. G0439)', r.data ->> 'CptCode') end,
      case when r.modifiers is null then ingestion_private.row_error('Modifiers', 'INVALID_FORMAT', 'Modifiers must be an array of strings or a comma-separated string', (r.data -> 'Modifiers')::text)
           when cardinality(r.modifiers) > 4 then ingestion_private.row_error('Modifiers', 'TOO_MANY_CODES', 'at most 4 Modifiers per charge', array_to_string(r.modifiers, ','))
           when exists (select 1 from unnest(r.modifiers) x where x !~ '^[A-Z0-9]{2}$') then
             ingestion_private.row_error('Modifiers', 'INVALID_CODE', 'each modifier is 2 letters or digits (25, 59, LT)', (select x from unnest(r.modifiers) x where x !~ '^[A-Z0-9]{2}$' limit 1)) end,
      case when r.icd_type is not null and r.icd_type not in ('array', 'string', 'null') then
             ingestion_private.row_error('IcdCodes', 'INVALID_FORMAT', 'IcdCodes must be an array of strings or a comma-separated string', (r.data -> 'IcdCodes')::text)
           when cardinality(r.diagnosis_codes) > 12 then ingestion_private.row_error('IcdCodes', 'TOO_MANY_CODES', 'at most 12 IcdCodes per charge', array_to_string(r.diagnosis_codes, ','))
           when exists (select 1 from unnest(r.diagnosis_codes) x where x !~ '^[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$') then
             ingestion_private.row_error('IcdCodes', 'INVALID_CODE', 'each IcdCodes entry must be an ICD-10-CM code (E11.9, I10)', (select x from unnest(r.diagnosis_codes) x where x !~ '^[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$' limit 1)) end,
      case when r.units is null then ingestion_private.row_error('Units', 'INVALID_NUMBER', 'Units must be a number', r.units_text)
           when r.units <= 0 or r.units >= 10000000 then ingestion_private.row_error('Units', 'OUT_OF_RANGE', 'Units must be more than 0 and less than 10,000,000', r.units_text) end,
      case when r.amount_text is null then ingestion_private.row_error('Amount', 'MISSING_FIELD', 'Amount is required', null)
           when r.amount is null then ingestion_private.row_error('Amount', 'INVALID_NUMBER', 'Amount must be a number of dollars (125.00)', r.amount_text)
           when r.amount < 0 or r.amount >= 10000000000 then ingestion_private.row_error('Amount', 'OUT_OF_RANGE', 'Amount must be 0 or more and less than 10,000,000,000', r.amount_text) end,
      case when r.rendering_npi is not null and not core.is_valid_npi(r.rendering_npi) then
        ingestion_private.row_error('RenderingNpi', 'INVALID_NPI', 'RenderingNpi must be a 10-digit NPI with a valid check digit', r.rendering_npi) end,
      case when r.billing_npi is not null and not core.is_valid_npi(r.billing_npi) then
        ingestion_private.row_error('BillingNpi', 'INVALID_NPI', 'BillingNpi must be a 10-digit NPI with a valid check digit', r.billing_npi) end,
      case when r.place_of_service !~ '^[0-9]{2}$' then ingestion_private.row_error('PlaceOfService', 'INVALID_FORMAT', 'PlaceOfService must be a 2-digit CMS place of service code (11 office, 22 outpatient hospital)', r.data ->> 'PlaceOfService') end
    ),
    r.charge_number, r.service_event_id, r.member_id, r.facility_id, r.rendering_npi, r.billing_npi, r.procedure_code,
    r.modifiers, r.diagnosis_codes, r.units, r.amount, r.service_date, r.place_of_service
  from resolved r
$$;
