-- Upserts the applied records of a coverage_policies chunk (see apply_chunk) into
-- member.coverage_policy by (member, payer, SubscriberId, EffectiveFrom); the last row of a policy
-- in the chunk wins. Returns how many policies were inserted or updated.
create or replace function ingestion_private.write_coverage_policies(tenant_id uuid, applied ingestion_private.coverage_policy_row[]) returns bigint
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  with written as (
    insert into member.coverage_policy as cp (tenant_id, member_id, payer_id, subscriber_id, group_number, plan_name, relationship_code,
      subscriber_first_name, subscriber_last_name, subscriber_date_of_birth, subscriber_gender, effective_from, effective_to, status, priority)
    select distinct on (c.member_id, c.payer_id, c.subscriber_id, c.effective_from)
           write_coverage_policies.tenant_id, c.member_id, c.payer_id, c.subscriber_id, c.group_number, c.plan_name, c.relationship_code,
           c.subscriber_first_name, c.subscriber_last_name, c.subscriber_date_of_birth, c.subscriber_gender, c.effective_from, c.effective_to,
           c.status, c.priority
    from unnest(applied) c
    order by c.member_id, c.payer_id, c.subscriber_id, c.effective_from, c.row_number desc
    on conflict (tenant_id, member_id, payer_id, subscriber_id, effective_from) do update set
      group_number = excluded.group_number, plan_name = excluded.plan_name, relationship_code = excluded.relationship_code,
      subscriber_first_name = excluded.subscriber_first_name, subscriber_last_name = excluded.subscriber_last_name,
      subscriber_date_of_birth = excluded.subscriber_date_of_birth, subscriber_gender = excluded.subscriber_gender,
      effective_to = excluded.effective_to, status = excluded.status, priority = excluded.priority
    returning 1
  )
  select count(*) from written
$$;
