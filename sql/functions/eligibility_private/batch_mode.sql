-- Batch-mode trading partners (CAQH CORE ProcessingMode=Batch): members wait SUBMITTED for 271s
-- that come later; these functions settle them when the last answer is in, fail the ones a
-- partner never answered, and hand the per-tenant polling jobs out. The worker calls them as
-- owner with the tenant explicit.

-- A SUBMITTED member with no PENDING inquiry left becomes RECEIVED, or FAILED with the reasons of
-- its coverages' latest inquiries (plus any reason the engine recorded for coverages it could not
-- send); then the run may complete. Returns the member's status.
create or replace function eligibility_private.fn_settle_submitted_member(p_tenant_id uuid, p_sweep_run_member_id uuid)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  member eligibility.sweep_run_member;
  failures text;
begin
  -- Answers for members of one run land concurrently (poll workers, pushes): the run row lock
  -- makes them settle one after another, so each sees the others' members when it counts and
  -- decides whether the run is complete.
  perform 1 from eligibility.eligibility_sweep_run r
  where r.tenant_id = p_tenant_id
    and r.id = (select m.sweep_run_id from eligibility.sweep_run_member m where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id)
  for update;
  select * into member from eligibility.sweep_run_member m where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id for update;
  if member.id is null or member.status <> 'SUBMITTED'
     or exists (select 1 from eligibility.eligibility_inquiry i where i.tenant_id = p_tenant_id and i.sweep_run_member_id = member.id and i.outcome = 'PENDING') then
    return member.status;
  end if;
  select nullif(concat_ws('; ', member.failure_reason, string_agg(l.outcome_reason, '; ' order by l.coverage_policy_id)), '') into failures
  from (select distinct on (i.coverage_policy_id) i.coverage_policy_id, i.outcome, i.outcome_reason
        from eligibility.eligibility_inquiry i where i.tenant_id = p_tenant_id and i.sweep_run_member_id = member.id
        order by i.coverage_policy_id, i.created_at desc) l
  where l.outcome in ('MEMBER_PROBLEM', 'PERMANENT');
  update eligibility.sweep_run_member m set status = case when failures is null then 'RECEIVED' else 'FAILED' end,
    failure_reason = failures, completed_at = now()
  where m.tenant_id = p_tenant_id and m.id = member.id;
  perform eligibility_private.fn_finish_sweep_run(p_tenant_id, member.sweep_run_id);
  return case when failures is null then 'RECEIVED' else 'FAILED' end;
end $$;

-- Acknowledged batch 270s still unanswered batch_response_hours after their submission are
-- closed (PERMANENT, the reason names the partner and the deadline) and their members settled
-- (FAILED). Returns how many inquiries expired.
create or replace function eligibility_private.fn_expire_batch_inquiries(p_tenant_id uuid)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  expired_members uuid[];
  expired integer;
begin
  with expired as (
    update eligibility.eligibility_inquiry i set outcome = 'PERMANENT',
      outcome_reason = format('No 271 received from %s within %s %s of the batch submission (PayloadID %s)',
        tp.name, tp.batch_response_hours, case when tp.batch_response_hours = 1 then 'hour' else 'hours' end, i.payload_id)
    from core.trading_partner tp
    where i.tenant_id = p_tenant_id and i.outcome = 'PENDING' and i.batch_acknowledged_at is not null
      and tp.tenant_id = i.tenant_id and tp.id = i.trading_partner_id
      and i.sent_at < now() - make_interval(hours => tp.batch_response_hours)
    returning i.sweep_run_member_id
  )
  select array_agg(distinct e.sweep_run_member_id), count(*) into expired_members, expired from expired e;
  perform eligibility_private.fn_settle_submitted_member(p_tenant_id, m) from unnest(coalesce(expired_members, '{}')) m where m is not null;
  return expired;
end $$;

-- Cron (eligibility/dispatch-batch-polls): one eligibility/poll-batch-results job per tenant with
-- acknowledged batch 270s awaiting their 271, on the tenant's sweeps queue; the job key keeps one
-- waiting job per tenant however often this fires. Returns the number of tenants.
create or replace function eligibility_private.fn_dispatch_batch_polls()
  returns integer language sql volatile security definer set search_path = pg_catalog, public as $$
  with tenants as (
    select distinct i.tenant_id from eligibility.eligibility_inquiry i
    where i.outcome = 'PENDING' and i.batch_acknowledged_at is not null
  )
  select count(graphile_worker.add_job('eligibility/poll-batch-results', json_build_object('tenantId', t.tenant_id),
    queue_name => core_private.job_queue(t.tenant_id, 'sweeps'), job_key => 'batch-poll:' || t.tenant_id, job_key_mode => 'preserve_run_at'))::integer
  from tenants t;
$$;
