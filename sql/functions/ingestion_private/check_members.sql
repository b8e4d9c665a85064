-- A members batch's next chunk (see apply_chunk), mapped and checked: one member_row a record,
-- error_detail the first check it fails.
create or replace function ingestion_private.check_members(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns setof ingestion_private.member_row
  language sql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
  with parsed as (
    select p.row_number, p.rid, p.key, p.data,
           nullif(btrim(p.data ->> 'MemberId'), '') as member_number,
           nullif(btrim(p.data ->> 'FirstName'), '') as first_name,
           nullif(btrim(p.data ->> 'LastName'), '') as last_name,
           nullif(btrim(p.data ->> 'MiddleName'), '') as middle_name,
           nullif(btrim(p.data ->> 'DateOfBirth'), '') as dob_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'DateOfBirth'), '')) as date_of_birth,
           case upper(coalesce(nullif(btrim(p.data ->> 'Gender'), ''), 'U')) when 'MALE' then 'M' when 'FEMALE' then 'F' when 'UNKNOWN' then 'U'
                else upper(coalesce(nullif(btrim(p.data ->> 'Gender'), ''), 'U')) end as gender,
           nullif(btrim(p.data ->> 'AddressLine'), '') as address_line,
           nullif(btrim(p.data ->> 'City'), '') as city,
           upper(nullif(btrim(p.data ->> 'State'), '')) as state,
           replace(nullif(btrim(p.data ->> 'PostalCode'), ''), '-', '') as postal_code,
           nullif(btrim(p.data ->> 'Phone'), '') as phone
    from ingestion_private.lock_pending_records(check_members.tenant_id, check_members.batch_id, chunk, after_row) p
  )
  select r.row_number, r.rid, r.key, r.data, coalesce(
      case when r.member_number is null then ingestion_private.row_error('MemberId', 'MISSING_FIELD', 'MemberId is required', null)
           when r.member_number !~ '^[A-Za-z0-9_.-]+$' or length(r.member_number) > 40 then ingestion_private.row_error('MemberId', 'INVALID_FORMAT', 'MemberId must be 1 to 40 letters, digits, _ . or -', r.member_number) end,
      case when r.first_name is null then ingestion_private.row_error('FirstName', 'MISSING_FIELD', 'FirstName is required', null)
           when jsonb_typeof(r.data -> 'FirstName') <> 'string' then ingestion_private.row_error('FirstName', 'INVALID_TYPE', 'FirstName must be text', null)
           when length(r.first_name) > 100 then ingestion_private.row_error('FirstName', 'TOO_LONG', 'FirstName must be at most 100 characters', null) end,
      case when r.last_name is null then ingestion_private.row_error('LastName', 'MISSING_FIELD', 'LastName is required', null)
           when jsonb_typeof(r.data -> 'LastName') <> 'string' then ingestion_private.row_error('LastName', 'INVALID_TYPE', 'LastName must be text', null)
           when length(r.last_name) > 100 then ingestion_private.row_error('LastName', 'TOO_LONG', 'LastName must be at most 100 characters', null) end,
      case when r.middle_name is not null and jsonb_typeof(r.data -> 'MiddleName') <> 'string' then ingestion_private.row_error('MiddleName', 'INVALID_TYPE', 'MiddleName must be text', null)
           when length(r.middle_name) > 100 then ingestion_private.row_error('MiddleName', 'TOO_LONG', 'MiddleName must be at most 100 characters', null) end,
      case when r.dob_text is null then ingestion_private.row_error('DateOfBirth', 'MISSING_FIELD', 'DateOfBirth is required', null)
           when r.date_of_birth is null then ingestion_private.row_error('DateOfBirth', 'INVALID_DATE', 'DateOfBirth must be a calendar date as YYYY-MM-DD', r.dob_text)
           when r.date_of_birth < date '1900-01-01' or r.date_of_birth > current_date then
             ingestion_private.row_error('DateOfBirth', 'OUT_OF_RANGE', 'DateOfBirth must be between 1900-01-01 and today', r.dob_text) end,
      case when r.gender not in ('M', 'F', 'U') then ingestion_private.row_error('Gender', 'INVALID_VALUE', 'Gender must be M, F or U', r.data ->> 'Gender') end,
      case when r.state is not null and r.state !~ '^[A-Z]{2}$' then ingestion_private.row_error('State', 'INVALID_FORMAT', 'State must be a 2-letter US state code', r.data ->> 'State') end,
      case when r.postal_code is not null and r.postal_code !~ '^[0-9]{5}([0-9]{4})?$' then
        ingestion_private.row_error('PostalCode', 'INVALID_FORMAT', 'PostalCode must be a ZIP (5 digits) or ZIP+4', r.data ->> 'PostalCode') end
    ),
    r.member_number, r.first_name, r.last_name, r.middle_name, r.date_of_birth, r.gender, r.address_line, r.city, r.state, r.postal_code, r.phone
  from parsed r
$$;
