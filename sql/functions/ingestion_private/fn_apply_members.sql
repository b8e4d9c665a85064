-- Applies up to `chunk` PENDING records of a members batch in one transaction (see
-- fn_apply_service_events for the shape): validates, claims idempotency keys, upserts
-- member.member by MemberId, marks records and moves the batch counters together.
create or replace function ingestion_private.fn_apply_members(batch_id uuid, chunk integer, after_row integer,
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
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = fn_apply_members.batch_id;
  with picked as (
    select p.row_number, p.data, p.key, p.rid from ingestion_private.lock_pending_records(v_tenant, v_batch.id, chunk, after_row) p
  ), parsed as (
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
    from picked p
  ), checked as (
    select r.*, coalesce(
      case when r.key is null then ingestion_private.missing_key_error(r.data, v_batch.idempotency_key_fields) end,
      case when r.member_number is null then ingestion_private.row_error('MemberId', 'MISSING_FIELD', 'MemberId is required', null)
           when r.member_number !~ '^[A-Za-z0-9_.-]+$' or length(r.member_number) > 40 then ingestion_private.row_error('MemberId', 'INVALID_FORMAT', 'MemberId must be 1 to 40 letters, digits, _ . or -', r.member_number) end,
      case when r.first_name is null then ingestion_private.row_error('FirstName', 'MISSING_FIELD', 'FirstName is required', null) end,
      case when r.last_name is null then ingestion_private.row_error('LastName', 'MISSING_FIELD', 'LastName is required', null) end,
      case when r.dob_text is null then ingestion_private.row_error('DateOfBirth', 'MISSING_FIELD', 'DateOfBirth is required', null)
           when r.date_of_birth is null then ingestion_private.row_error('DateOfBirth', 'INVALID_DATE', 'DateOfBirth must be a calendar date as YYYY-MM-DD', r.dob_text)
           when r.date_of_birth < date '1900-01-01' or r.date_of_birth > current_date then
             ingestion_private.row_error('DateOfBirth', 'OUT_OF_RANGE', 'DateOfBirth must be between 1900-01-01 and today', r.dob_text) end,
      case when r.gender not in ('M', 'F', 'U') then ingestion_private.row_error('Gender', 'INVALID_VALUE', 'Gender must be M, F or U', r.data ->> 'Gender') end,
      case when r.state is not null and r.state !~ '^[A-Z]{2}$' then ingestion_private.row_error('State', 'INVALID_FORMAT', 'State must be a 2-letter US state code', r.data ->> 'State') end,
      case when r.postal_code is not null and r.postal_code !~ '^[0-9]{5}([0-9]{4})?$' then
        ingestion_private.row_error('PostalCode', 'INVALID_FORMAT', 'PostalCode must be a ZIP (5 digits) or ZIP+4', r.data ->> 'PostalCode') end
    ) as error_detail
    from parsed r
  ), claimed as (
    insert into ingestion_private.applied_key (tenant_id, feed_id, key, batch_id, row_number)
    select v_tenant, v_batch.feed_id, c.key, v_batch.id, c.row_number from checked c where c.error_detail is null
    on conflict do nothing
    returning row_number
  ), outcome as (
    select c.*, k.row_number is not null as applied from checked c left join claimed k on k.row_number = c.row_number
  ), written as (
    insert into member.member as m (tenant_id, member_number, first_name, last_name, middle_name, date_of_birth, gender, address_line, city, state, postal_code, phone)
    select distinct on (c.member_number) v_tenant, c.member_number, c.first_name, c.last_name, c.middle_name, c.date_of_birth, c.gender,
           c.address_line, c.city, c.state, c.postal_code, c.phone
    from outcome c where c.applied
    order by c.member_number, c.row_number desc
    on conflict (tenant_id, member_number) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, middle_name = excluded.middle_name, date_of_birth = excluded.date_of_birth,
      gender = excluded.gender, address_line = excluded.address_line, city = excluded.city, state = excluded.state,
      postal_code = excluded.postal_code, phone = excluded.phone
    where (m.first_name, m.last_name, m.middle_name, m.date_of_birth, m.gender, m.address_line, m.city, m.state, m.postal_code, m.phone)
          is distinct from (excluded.first_name, excluded.last_name, excluded.middle_name, excluded.date_of_birth, excluded.gender,
                            excluded.address_line, excluded.city, excluded.state, excluded.postal_code, excluded.phone)
    returning 1
  )
  select array_agg(o.rid), array_agg(o.row_number), array_agg(o.error_detail), array_agg(o.applied)
    into v_rids, v_row_numbers, v_errors, v_applied
  from outcome o;
  select o.processed, o.last_row into chunk_processed, chunk_last_row
  from ingestion_private.record_chunk_outcome(v_tenant, v_batch.id, v_rids, v_row_numbers, v_errors, v_applied) o;
end $$;
