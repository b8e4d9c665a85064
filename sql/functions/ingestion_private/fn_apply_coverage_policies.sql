-- Applies up to `chunk` PENDING records of a coverage_policies batch in one transaction (see
-- fn_apply_service_events for the shape): MemberId and PayerId (the payer code) are looked up in
-- the batch's tenant; upserts member.coverage_policy by (member, payer, SubscriberId, EffectiveFrom).
create or replace function ingestion_private.fn_apply_coverage_policies(batch_id uuid, chunk integer, after_row integer,
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
  select b.* into v_batch from ingestion.batch b where b.tenant_id = v_tenant and b.id = fn_apply_coverage_policies.batch_id;
  with picked as (
    select p.row_number, p.data, p.key, p.rid from ingestion_private.lock_pending_records(v_tenant, v_batch.id, chunk, after_row) p
  ), parsed as (
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
    from picked p
  ), resolved as (
    select x.*, m.id as member_id, y.id as payer_id
    from parsed x
    left join member.member m on m.tenant_id = v_tenant and m.member_number = x.member_number
    left join core.payer y on y.tenant_id = v_tenant and y.code = x.payer_code
  ), checked as (
    select r.*, coalesce(
      case when r.key is null then ingestion_private.missing_key_error(r.data, v_batch.idempotency_key_fields) end,
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
    insert into member.coverage_policy as cp (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, relationship_code,
      subscriber_first_name, subscriber_last_name, subscriber_date_of_birth, subscriber_gender, effective_from, effective_to, status, priority)
    select distinct on (c.member_id, c.payer_id, c.subscriber_id, c.effective_from)
           v_tenant, c.member_id, c.payer_id, c.subscriber_id, c.group_number, c.plan_name, c.relationship_code,
           c.subscriber_first_name, c.subscriber_last_name, c.subscriber_date_of_birth, c.subscriber_gender, c.effective_from, c.effective_to,
           c.status, c.priority_text::smallint
    from outcome c where c.applied
    order by c.member_id, c.payer_id, c.subscriber_id, c.effective_from, c.row_number desc
    on conflict (tenant_id, member_id, payer_id, subscriber_id, effective_from) do update set
      group_number = excluded.group_number, plan_name = excluded.plan_name, relationship_code = excluded.relationship_code,
      subscriber_first_name = excluded.subscriber_first_name, subscriber_last_name = excluded.subscriber_last_name,
      subscriber_date_of_birth = excluded.subscriber_date_of_birth, subscriber_gender = excluded.subscriber_gender,
      effective_to = excluded.effective_to, status = excluded.status, priority = excluded.priority
    returning 1
  )
  select array_agg(o.rid), array_agg(o.row_number), array_agg(o.error_detail), array_agg(o.applied)
    into v_rids, v_row_numbers, v_errors, v_applied
  from outcome o;
  select o.processed, o.last_row into chunk_processed, chunk_last_row
  from ingestion_private.record_chunk_outcome(v_tenant, v_batch.id, v_rids, v_row_numbers, v_errors, v_applied) o;
end $$;
