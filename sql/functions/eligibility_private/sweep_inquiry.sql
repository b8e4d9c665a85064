-- An inquiry's transitions (one 270 and its answer). PENDING is stored before the 270 leaves, so
-- a crash never loses a sent 270; the answer, real-time or late (a batch partner's 271 pushed or
-- polled), is stored by the same function.

-- PENDING: the 270 is about to be sent (or submitted to a batch partner). Returns the inquiry id.
create or replace function eligibility_private.fn_open_inquiry(p_tenant_id uuid, p_inquiry_id uuid, p_sweep_run_member_id uuid, p_coverage_policy_id uuid,
  p_trading_partner_id uuid, p_attempt integer, p_trace_number text, p_interchange_control_number integer, p_request_x12 text, p_processing_mode text)
  returns uuid language sql volatile security definer set search_path = pg_catalog, public as $$
  insert into eligibility.eligibility_inquiry (tenant_id, id, sweep_run_id, sweep_run_member_id, member_id, coverage_policy_id, payer_id,
    trading_partner_id, service_date, attempt, trace_number, interchange_control_number, payload_id, request_x12, sent_at, processing_mode)
  select p_tenant_id, p_inquiry_id, m.sweep_run_id, m.id, m.member_id, c.id, c.payer_id, p_trading_partner_id, m.service_date,
         p_attempt, p_trace_number, p_interchange_control_number, p_inquiry_id::text, p_request_x12, now(), p_processing_mode
  from eligibility.sweep_run_member m, member.coverage_policy c
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and c.tenant_id = p_tenant_id and c.id = p_coverage_policy_id
  returning id;
$$;

-- The first 270 of a member with nothing else to do (one coverage, no cached answer): QUEUED ->
-- SUBMITTED (fn_submit_sweep_member) and PENDING in one round trip, once the 270 holds its payer
-- slot, so a member waiting for a slot is still QUEUED for a cancel. Returns the inquiry id, or
-- null when the member is no longer QUEUED (a cancel came first): nothing is stored.
create or replace function eligibility_private.fn_submit_and_open_inquiry(p_tenant_id uuid, p_inquiry_id uuid, p_sweep_run_member_id uuid, p_coverage_policy_id uuid,
  p_trading_partner_id uuid, p_attempt integer, p_trace_number text, p_interchange_control_number integer, p_request_x12 text, p_processing_mode text)
  returns uuid language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  if not eligibility_private.fn_submit_sweep_member(p_tenant_id, p_sweep_run_member_id) then
    return null;
  end if;
  return eligibility_private.fn_open_inquiry(p_tenant_id, p_inquiry_id, p_sweep_run_member_id, p_coverage_policy_id, p_trading_partner_id, p_attempt,
    p_trace_number, p_interchange_control_number, p_request_x12, p_processing_mode);
end $$;

-- A batch partner confirmed receipt: the inquiry stays PENDING for its 271 (matched by trace number).
create or replace function eligibility_private.fn_acknowledge_batch_inquiry(p_tenant_id uuid, p_inquiry_id uuid, p_acknowledged_at timestamptz, p_http_status integer)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  update eligibility.eligibility_inquiry i set batch_acknowledged_at = p_acknowledged_at, http_status = p_http_status
  where i.tenant_id = p_tenant_id and i.id = p_inquiry_id;
$$;

-- A PENDING inquiry gets its answer: outcome RECEIVED, RETRY, MEMBER_PROBLEM or PERMANENT, the raw
-- and parsed answer, and the columns the anomaly views read. p_answer keys: receivedAt (default
-- now), httpStatus, responseType, responseX12, responseJson, outcome, reason, coverageStatus,
-- planName, planEnd, otherPayerPrimary, rejectCodes. An inquiry that already has its answer is
-- 55000 (a 271 pushed twice is stored once).
create or replace function eligibility_private.fn_record_inquiry_answer(p_tenant_id uuid, p_inquiry_id uuid, p_answer jsonb)
  returns void language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  received timestamptz := coalesce((p_answer ->> 'receivedAt')::timestamptz, now());
begin
  if p_answer ->> 'outcome' is null or p_answer ->> 'outcome' not in ('RECEIVED', 'RETRY', 'MEMBER_PROBLEM', 'PERMANENT') then
    raise exception 'outcome must be RECEIVED, RETRY, MEMBER_PROBLEM or PERMANENT, got %', p_answer ->> 'outcome' using errcode = '22023';
  end if;
  update eligibility.eligibility_inquiry i set received_at = received,
    response_ms = (extract(epoch from received - i.sent_at) * 1000)::integer,
    http_status = coalesce((p_answer ->> 'httpStatus')::integer, i.http_status), response_type = p_answer ->> 'responseType',
    response_x12 = p_answer ->> 'responseX12', response_json = p_answer -> 'responseJson', outcome = p_answer ->> 'outcome',
    outcome_reason = p_answer ->> 'reason', coverage_status = p_answer ->> 'coverageStatus', plan_name = p_answer ->> 'planName',
    plan_end = (p_answer ->> 'planEnd')::date, other_payer_primary = (p_answer ->> 'otherPayerPrimary')::boolean,
    reject_codes = case when jsonb_typeof(p_answer -> 'rejectCodes') = 'array' then array(select jsonb_array_elements_text(p_answer -> 'rejectCodes')) end
  where i.tenant_id = p_tenant_id and i.id = p_inquiry_id and i.outcome = 'PENDING';
  if not found then
    raise exception 'eligibility inquiry % already has its answer', p_inquiry_id using errcode = '55000';
  end if;
end $$;

-- After a crash (a re-fired job on a RUNNING run): unanswered inquiries are closed with the
-- reason, SUBMITTED members go back to QUEUED once, and a member caught by a second crash is
-- FAILED. Members waiting for a batch partner's 271s are not in flight and are left to the poller.
create or replace function eligibility_private.fn_recover_sweep_run(p_tenant_id uuid, p_sweep_run_id uuid)
  returns jsonb language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  closed integer;
  requeued integer;
  failed integer;
begin
  update eligibility.eligibility_inquiry i set outcome = 'RETRY', outcome_reason = 'No answer recorded: the worker stopped while waiting; re-sent after restart'
  where i.tenant_id = p_tenant_id and i.sweep_run_id = p_sweep_run_id and i.outcome = 'PENDING' and i.batch_acknowledged_at is null;
  get diagnostics closed = row_count;
  update eligibility.sweep_run_member m set status = 'QUEUED', resends_after_restart = resends_after_restart + 1
  where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id and m.status = 'SUBMITTED' and m.awaiting_batch_since is null and m.resends_after_restart = 0;
  get diagnostics requeued = row_count;
  update eligibility.sweep_run_member m set status = 'FAILED', completed_at = now(),
    failure_reason = 'No 271 received: the worker stopped twice while this member''s 270 was in flight'
  where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id and m.status = 'SUBMITTED' and m.awaiting_batch_since is null;
  get diagnostics failed = row_count;
  return jsonb_build_object('unansweredInquiries', closed, 'requeued', requeued, 'failed', failed);
end $$;

-- A real-time 270's answer in one round trip, as the sweep engine's hot path needs it: the payer
-- gate's slot handed back first (payer_gate.release, so the next 270 sees a breaker this answer
-- opened) or, when p_keep asks for it and the answer changes nothing at the gateway, kept for the
-- run's next 270 there (payer_gate.keep: that 270 then does not ask the gate again), then the
-- answer stored (fn_record_inquiry_answer) and either
-- * a RETRY outcome: the retry's wait decided by the retry policy (sweep_retry_after_ms: shorter
--   while the payer answers other 270s) and shown on the member (next_attempt_at), or
-- * when it was the member's only 270 and is final: the member settled (fn_complete_sweep_member
--   with p_member_failure_reason; p_complete_member false leaves the member to the engine).
-- Three calls were three round trips per 270 on the payer's critical path. p_gate: the 10
-- arguments of payer_gate.release after the gateway key, as an object (slot, holder, generation,
-- probe, result, fresh, reason, failureThreshold, cooloffMs). p_retry: the retry policy's
-- settings (baseMs, memberBaseMs, maxMs). p_keep: null (release the slot) or {tenant, limit,
-- leaseMs}, when a 270 of the run waits for a slot of this gateway. Returns the breaker's new
-- state when it changed (else null), for a RETRY how long to wait before the next 270 (else
-- null), and whether the slot was kept (the caller hands it to its next 270 or releases it).
create or replace function eligibility_private.fn_settle_inquiry(p_tenant_id uuid, p_gateway_key text, p_gate jsonb, p_inquiry_id uuid, p_answer jsonb,
  p_sweep_run_member_id uuid, p_complete_member boolean, p_member_failure_reason text, p_retry jsonb, p_keep jsonb)
  returns table (breaker_state text, retry_after_ms integer, slot_kept boolean) language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  slot_kept := p_keep is not null and payer_gate.keep(p_gateway_key, (p_gate ->> 'slot')::integer, (p_gate ->> 'holder')::uuid,
    (p_gate ->> 'generation')::integer, (p_gate ->> 'probe')::boolean, p_gate ->> 'result', (p_keep ->> 'tenant')::uuid,
    (p_keep ->> 'limit')::integer, (p_keep ->> 'leaseMs')::integer);
  if not slot_kept then
    breaker_state := payer_gate.release(p_gateway_key, (p_gate ->> 'slot')::integer, (p_gate ->> 'holder')::uuid, (p_gate ->> 'generation')::integer,
      (p_gate ->> 'probe')::boolean, p_gate ->> 'result', (p_gate ->> 'fresh')::boolean, p_gate ->> 'reason',
      (p_gate ->> 'failureThreshold')::integer, (p_gate ->> 'cooloffMs')::integer);
  end if;
  perform eligibility_private.fn_record_inquiry_answer(p_tenant_id, p_inquiry_id, p_answer);
  if p_answer ->> 'outcome' = 'RETRY' then
    select eligibility_private.sweep_retry_after_ms(i.attempt, payer_gate.answering(p_gateway_key),
             (p_retry ->> 'baseMs')::integer, (p_retry ->> 'memberBaseMs')::integer, (p_retry ->> 'maxMs')::integer)
    into retry_after_ms
    from eligibility.eligibility_inquiry i where i.tenant_id = p_tenant_id and i.id = p_inquiry_id;
    update eligibility.sweep_run_member m set next_attempt_at = now() + make_interval(secs => retry_after_ms / 1000.0)
    where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id;
  elsif p_complete_member then
    perform eligibility_private.fn_complete_sweep_member(p_tenant_id, p_sweep_run_member_id, p_member_failure_reason, false);
  end if;
  return next;
end $$;
comment on function eligibility_private.fn_settle_inquiry(uuid, text, jsonb, uuid, jsonb, uuid, boolean, text, jsonb, jsonb) is
  'A real-time 270''s answer in one round trip: the payer gate slot released (or kept for the run''s next 270 there), the answer stored, a retry''s wait decided or the member completed when this was its only 270.';
