-- A 271 that arrives after the exchange (a batch-mode partner's answer, posted to
-- POST /eligibility/responses) is matched by our trace number (TRN*2) to its PENDING inquiry:
-- the inquiry gets its answer and a SUBMITTED member with nothing else pending becomes RECEIVED
-- (or FAILED with the reasons verbatim); the run completes when nothing is left.
create or replace function eligibility.fn_record_late_response(trace_number text, response_type text, response_x12 text, response_json jsonb,
  outcome text, outcome_reason text, coverage_status text default null, plan_name text default null, plan_end date default null,
  other_payer_primary boolean default null, reject_codes text[] default null)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  tenant uuid := core.current_tenant_id();
  inquiry eligibility.eligibility_inquiry;
  member eligibility.sweep_run_member;
  failures text;
begin
  perform core.assert_permission('eligibility.update');
  if outcome not in ('RECEIVED', 'MEMBER_PROBLEM', 'PERMANENT') then
    raise exception 'outcome must be RECEIVED, MEMBER_PROBLEM or PERMANENT, got %', outcome using errcode = '22023';
  end if;
  select * into inquiry from eligibility.eligibility_inquiry i
  where i.tenant_id = tenant and i.trace_number = fn_record_late_response.trace_number for update;
  if inquiry.id is null then
    raise exception 'no eligibility inquiry with trace number %', fn_record_late_response.trace_number using errcode = 'P0002';
  end if;
  if inquiry.outcome <> 'PENDING' then
    raise exception 'eligibility inquiry % already has its answer (%)', fn_record_late_response.trace_number, inquiry.outcome using errcode = '55000';
  end if;
  update eligibility.eligibility_inquiry i set received_at = now(),
    response_ms = (extract(epoch from now() - i.sent_at) * 1000)::integer, response_type = fn_record_late_response.response_type,
    response_x12 = fn_record_late_response.response_x12, response_json = fn_record_late_response.response_json,
    outcome = fn_record_late_response.outcome, outcome_reason = fn_record_late_response.outcome_reason,
    coverage_status = fn_record_late_response.coverage_status, plan_name = fn_record_late_response.plan_name,
    plan_end = fn_record_late_response.plan_end, other_payer_primary = fn_record_late_response.other_payer_primary,
    reject_codes = fn_record_late_response.reject_codes
  where i.tenant_id = tenant and i.id = inquiry.id;

  select * into member from eligibility.sweep_run_member m where m.tenant_id = tenant and m.id = inquiry.sweep_run_member_id for update;
  if member.id is null or member.status <> 'SUBMITTED'
     or exists (select 1 from eligibility.eligibility_inquiry i where i.tenant_id = tenant and i.sweep_run_member_id = member.id and i.outcome = 'PENDING') then
    return member.status;
  end if;
  select string_agg(l.outcome_reason, '; ' order by l.coverage_policy_id) into failures
  from (select distinct on (i.coverage_policy_id) i.coverage_policy_id, i.outcome, i.outcome_reason
        from eligibility.eligibility_inquiry i where i.tenant_id = tenant and i.sweep_run_member_id = member.id
        order by i.coverage_policy_id, i.created_at desc) l
  where l.outcome in ('MEMBER_PROBLEM', 'PERMANENT');
  update eligibility.sweep_run_member m set status = case when failures is null then 'RECEIVED' else 'FAILED' end,
    failure_reason = failures, completed_at = now()
  where m.tenant_id = tenant and m.id = member.id;
  perform eligibility_private.fn_finish_sweep_run(tenant, member.sweep_run_id);
  return case when failures is null then 'RECEIVED' else 'FAILED' end;
end $$;
grant execute on function eligibility.fn_record_late_response(text, text, text, jsonb, text, text, text, text, date, boolean, text[]) to rcm_visitor;
