-- A 271 that arrives after the exchange (a batch-mode partner's answer, posted to
-- POST /eligibility/responses or fetched by the eligibility/poll-batch-results task) is matched
-- by our trace number (TRN*2) to its PENDING inquiry: the inquiry gets its answer and a SUBMITTED
-- member with nothing else pending becomes RECEIVED (or FAILED with the reasons verbatim); the
-- run completes when nothing is left. Idempotent: an inquiry already answered is 55000.

-- The worker's path (owner, tenant passed explicitly); the API's is fn_record_late_response. The
-- answer is stored as a real-time one is (eligibility_private.fn_record_inquiry_answer).
create or replace function eligibility_private.fn_apply_late_response(p_tenant_id uuid, p_trace_number text, p_response_type text,
  p_response_x12 text, p_response_json jsonb, p_outcome text, p_outcome_reason text, p_coverage_status text default null,
  p_plan_name text default null, p_plan_end date default null, p_other_payer_primary boolean default null, p_reject_codes text[] default null)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  inquiry eligibility.eligibility_inquiry;
begin
  if p_outcome is null or p_outcome not in ('RECEIVED', 'MEMBER_PROBLEM', 'PERMANENT') then
    raise exception 'outcome must be RECEIVED, MEMBER_PROBLEM or PERMANENT, got %', p_outcome using errcode = '22023';
  end if;
  select * into inquiry from eligibility.eligibility_inquiry i
  where i.tenant_id = p_tenant_id and i.trace_number = p_trace_number for update;
  if inquiry.id is null then
    raise exception 'no eligibility inquiry with trace number %', p_trace_number using errcode = 'P0002';
  end if;
  if inquiry.outcome <> 'PENDING' then
    raise exception 'eligibility inquiry % already has its answer (%)', p_trace_number, inquiry.outcome using errcode = '55000';
  end if;
  perform eligibility_private.fn_record_inquiry_answer(p_tenant_id, inquiry.id, jsonb_build_object(
    'responseType', p_response_type, 'responseX12', p_response_x12, 'responseJson', p_response_json, 'outcome', p_outcome,
    'reason', p_outcome_reason, 'coverageStatus', p_coverage_status, 'planName', p_plan_name, 'planEnd', p_plan_end,
    'otherPayerPrimary', p_other_payer_primary, 'rejectCodes', to_jsonb(p_reject_codes)));
  return eligibility_private.fn_settle_submitted_member(p_tenant_id, inquiry.sweep_run_member_id);
end $$;

create or replace function eligibility.fn_record_late_response(trace_number text, response_type text, response_x12 text, response_json jsonb,
  outcome text, outcome_reason text, coverage_status text default null, plan_name text default null, plan_end date default null,
  other_payer_primary boolean default null, reject_codes text[] default null)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('eligibility.update');
  return eligibility_private.fn_apply_late_response(core.current_tenant_id(), trace_number, response_type, response_x12, response_json,
    outcome, outcome_reason, coverage_status, plan_name, plan_end, other_payer_primary, reject_codes);
end $$;
grant execute on function eligibility.fn_record_late_response(text, text, text, jsonb, text, text, text, text, date, boolean, text[]) to rcm_visitor;

comment on function eligibility.fn_record_late_response(text, text, text, jsonb, text, text, text, text, date, boolean, text[]) is 'Records a 271 that arrived after its exchange (batch-mode partners), matched to its pending inquiry by our trace number; the member becomes RECEIVED or FAILED. Needs eligibility.update.';

-- Which of the trace numbers of a late interchange name no inquiry of the caller's tenant, with the
-- error fn_record_late_response would raise for each. POST /eligibility/responses asks this first
-- and sends a 271 (its X12 and its JSON: megabytes for a large one) only when its inquiry exists,
-- so an interchange of 271s that are not ours costs the database one indexed lookup, not a parse
-- of every 271's JSON.
create or replace function eligibility.fn_unknown_trace_numbers(trace_numbers text[])
  returns table (trace_number text, error text) language plpgsql stable security definer set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('eligibility.update');
  return query
    select t.n, format('no eligibility inquiry with trace number %s', t.n)
    from unnest(trace_numbers) as t(n)
    where not exists (select 1 from eligibility.eligibility_inquiry i where i.tenant_id = core.current_tenant_id() and i.trace_number = t.n);
end $$;
grant execute on function eligibility.fn_unknown_trace_numbers(text[]) to rcm_visitor;

comment on function eligibility.fn_unknown_trace_numbers(text[]) is 'The trace numbers that name no eligibility inquiry of the caller''s tenant, with the error fn_record_late_response gives them. Needs eligibility.update.';
