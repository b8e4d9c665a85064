-- A coverage_policies batch's next chunk (see apply_chunk), mapped and checked: one
-- coverage_policy_row a record, error_detail the first check it fails. MemberId and PayerId (the
-- payer code) are looked up in the batch's tenant.
create or replace function ingestion_private.check_coverage_policies(tenant_id uuid, batch_id uuid, chunk integer, after_row integer)
  returns setof ingestion_private.coverage_policy_row
  language sql volatile
  rows 5000
  set search_path = pg_catalog, public
  as $$
  with parsed as (
    select p.row_number, p.rid, p.key, p.data,
           nullif(btrim(p.data ->> 'MemberId'), '') as member_number,
           nullif(btrim(p.data ->> 'PayerId'), '') as payer_code,
           nullif(btrim(p.data ->> 'SubscriberId'), '') as subscriber_id,
           nullif(btrim(p.data ->> 'GroupNumber'), '') as group_number,
           nullif(btrim(p.data ->> 'PlanName'), '') as plan_name,
           upper(coalesce(nullif(btrim(p.data ->> 'Relationship'), ''), '18')) as relationship_code,
           nullif(btrim(p.data ->> 'SubscriberFirstName'), '') as subscriber_first_name,
           nullif(btrim(p.data ->> 'SubscriberLastName'), '') as subscriber_last_name,
           nullif(btrim(p.data ->> 'SubscriberDateOfBirth'), '') as subscriber_dob_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'SubscriberDateOfBirth'), '')) as subscriber_date_of_birth,
           upper(nullif(btrim(p.data ->> 'SubscriberGender'), '')) as subscriber_gender,
           nullif(btrim(p.data ->> 'EffectiveFrom'), '') as from_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'EffectiveFrom'), '')) as effective_from,
           nullif(btrim(p.data ->> 'EffectiveTo'), '') as to_text,
           ingestion_private.parse_date(nullif(btrim(p.data ->> 'EffectiveTo'), '')) as effective_to,
           upper(coalesce(nullif(btrim(p.data ->> 'Status'), ''), 'ACTIVE')) as status,
           coalesce(nullif(btrim(p.data ->> 'Priority'), ''), '1') as priority_text
    from ingestion_private.lock_pending_records(check_coverage_policies.tenant_id, check_coverage_policies.batch_id, chunk, after_row) p
  ), resolved as (
    select x.*, m.id as member_id, y.id as payer_id
    from parsed x
    left join member.member m on m.tenant_id = check_coverage_policies.tenant_id and m.member_number = x.member_number
    left join core.payer y on y.tenant_id = check_coverage_policies.tenant_id and y.code = x.payer_code
  )
  select r.row_number, r.rid, r.key, r.data, coalesce(
      case when r.member_number is null then ingestion_private.row_error('MemberId', 'MISSING_FIELD', 'MemberId is required', null)
           when r.member_id is null then ingestion_private.row_error('MemberId', 'UNKNOWN_MEMBER', format('no member %s in this tenant; load it through a members feed first, then retry', r.member_number), r.member_number) end,
      case when r.payer_code is null then ingestion_private.row_error('PayerId', 'MISSING_FIELD', 'PayerId (the payer code) is required', null)
           when r.payer_id is null then ingestion_private.row_error('PayerId', 'UNKNOWN_PAYER', format('no payer with code %s in this tenant (GET /payers lists them)', r.payer_code), r.payer_code) end,
      case when r.subscriber_id is null then ingestion_private.row_error('SubscriberId', 'MISSING_FIELD', 'SubscriberId is required', null)
           when r.subscriber_id !~ '^[A-Za-z0-9-]+$' or length(r.subscriber_id) not between 2 and 80 then ingestion_private.row_error('SubscriberId', 'INVALID_FORMAT', 'SubscriberId must be 2 to 80 letters, digits or -', r.subscriber_id) end,
      case when r.relationship_code not in ('18', '01', '19', '20', '21', '39', '40', '53', 'G8') then
        ingestion_private.row_error('Relationship', 'INVALID_VALUE', 'Relationship must be an X12 INS02 code: 18 self, 01 spouse, 19 child, 20, 21, 39, 40, 53, G8', r.data ->> 'Relationship') end,
      case when r.from_text is null then ingestion_private.row_error('EffectiveFrom', 'MISSING_FIELD', 'EffectiveFrom is required', null)
           when r.effective_from is null then ingestion_private.row_error('EffectiveFrom', 'INVALID_DATE', 'EffectiveFrom must be a calendar date as YYYY-MM-DD', r.from_text) end,
      case when r.to_text is not null and r.effective_to is null then ingestion_private.row_error('EffectiveTo', 'INVALID_DATE', 'EffectiveTo must be a calendar date as YYYY-MM-DD', r.to_text)
           when r.effective_to < r.effective_from then ingestion_private.row_error('EffectiveTo', 'DATES_OUT_OF_ORDER', 'EffectiveTo must be on or after EffectiveFrom', r.to_text) end,
      case when r.status not in ('ACTIVE', 'INACTIVE', 'TERMINATED') then ingestion_private.row_error('Status', 'INVALID_VALUE', 'Status must be ACTIVE, INACTIVE or TERMINATED', r.data ->> 'Status') end,
      case when r.priority_text !~ '^[1-3]$' then ingestion_private.row_error('Priority', 'INVALID_VALUE', 'Priority must be 1 (primary), 2 or 3', r.data ->> 'Priority') end,
      case when r.relationship_code <> '18' and r.subscriber_first_name is null then
             ingestion_private.row_error('SubscriberFirstName', 'MISSING_FIELD', 'SubscriberFirstName is required when the patient is not the subscriber (Relationship is not 18)', null)
           when r.relationship_code <> '18' and r.subscriber_last_name is null then
             ingestion_private.row_error('SubscriberLastName', 'MISSING_FIELD', 'SubscriberLastName is required when the patient is not the subscriber (Relationship is not 18)', null)
           when r.relationship_code <> '18' and r.subscriber_dob_text is null then
             ingestion_private.row_error('SubscriberDateOfBirth', 'MISSING_FIELD', 'SubscriberDateOfBirth is required when the patient is not the subscriber (Relationship is not 18)', null) end,
      case when r.subscriber_dob_text is not null and r.subscriber_date_of_birth is null then
        ingestion_private.row_error('SubscriberDateOfBirth', 'INVALID_DATE', 'SubscriberDateOfBirth must be a calendar date as YYYY-MM-DD', r.subscriber_dob_text) end,
      case when r.subscriber_gender is not null and r.subscriber_gender not in ('M', 'F', 'U') then
        ingestion_private.row_error('SubscriberGender', 'INVALID_VALUE', 'SubscriberGender must be M, F or U', r.data ->> 'SubscriberGender') end
    ),
    r.member_id, r.payer_id, r.subscriber_id, r.group_number, r.plan_name, r.relationship_code,
    r.subscriber_first_name, r.subscriber_last_name, r.subscriber_date_of_birth, r.subscriber_gender,
    r.effective_from, r.effective_to, r.status, case when r.priority_text ~ '^[1-3]$' then r.priority_text::smallint end
  from resolved r
$$;
