-- SELECT billing.fn_bill_secondary(claim_id, note); -- bills the next coverage: once the payer of
-- a claim adjudicated it (PAID or DENIED), a new claim with the same lines goes to the member's
-- next coverage by priority (1 -> 2 -> 3; SBR01 S or T in the 837P) that covers the service
-- dates, BUILT for the next submission, primary_claim_id naming the first claim. A claim is billed
-- to each coverage once. Returns the new claim. Needs claims.write.
-- Its 837P carries the earlier payer's adjudication in the COB loops 2320/2330A/2330B/2430
-- (billing_private.submission_837_cob_rows, from the posted 835).
create or replace function billing.fn_bill_secondary(claim_id uuid, note text default null)
  returns billing.claim language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_claim billing.claim;
  v_priority smallint;
  v_next member.coverage_policy;
  v_days integer;
  v_new billing.claim;
begin
  select * into v_claim from billing.claim c where c.tenant_id = any(v_tenants) and c.id = fn_bill_secondary.claim_id for update;
  if v_claim.id is null then
    raise exception 'No claim %', fn_bill_secondary.claim_id using errcode = 'P0002';
  end if;
  if v_claim.status not in ('PAID', 'DENIED') then
    raise exception 'Claim % is %; the next coverage is billed once this payer adjudicated it (PAID or DENIED)', v_claim.patient_control_number, v_claim.status using errcode = '55000';
  end if;
  select cp.priority into v_priority from member.coverage_policy cp where cp.tenant_id = v_claim.tenant_id and cp.id = v_claim.coverage_policy_id;
  select * into v_next from member.coverage_policy cp
   where cp.tenant_id = v_claim.tenant_id and cp.member_id = v_claim.member_id and cp.priority > v_priority and cp.status = 'ACTIVE'
     and cp.effective_from <= v_claim.earliest_service_date and (cp.effective_to is null or cp.effective_to >= v_claim.latest_service_date)
   order by cp.priority, cp.effective_from desc limit 1;
  if v_next.id is null then
    raise exception 'Claim %: the member has no active coverage after priority % covering % to %', v_claim.patient_control_number, v_priority,
      v_claim.earliest_service_date, v_claim.latest_service_date using errcode = '55000';
  end if;
  if exists (select 1 from billing.claim c where c.tenant_id = v_claim.tenant_id and c.primary_claim_id = v_claim.id and c.coverage_policy_id = v_next.id) then
    raise exception 'Claim % was already billed to its priority % coverage', v_claim.patient_control_number, v_next.priority using errcode = '55000';
  end if;
  select p.timely_filing_days into v_days from core.payer p where p.tenant_id = v_claim.tenant_id and p.id = v_next.payer_id;

  insert into billing.claim (tenant_id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, service_event_id, status, line_count,
                             total_amount, earliest_service_date, latest_service_date, timely_filing_days, timely_filing_deadline, primary_claim_id)
  values (v_claim.tenant_id, v_claim.member_id, v_next.id, v_next.payer_id, v_claim.billing_npi, v_claim.facility_id, v_claim.service_event_id, 'BUILT',
          v_claim.line_count, v_claim.total_amount, v_claim.earliest_service_date, v_claim.latest_service_date, v_days, v_claim.earliest_service_date + v_days, v_claim.id)
  returning * into v_new;
  insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
                                  units, amount, service_date, place_of_service, rendering_npi, payer_sequence)
  select l.tenant_id, v_new.id, l.line_number, l.charge_id, l.procedure_code, l.modifiers, l.diagnosis_codes, l.diagnosis_pointers,
         l.units, l.amount, l.service_date, l.place_of_service, l.rendering_npi, v_next.priority
  from billing.claim_line l where l.tenant_id = v_claim.tenant_id and l.claim_id = v_claim.id;
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
  values (v_new.tenant_id, v_new.id, null, 'BUILT',
          format('billed to the priority %s coverage after claim %s (%s, paid %s, patient responsibility %s)', v_next.priority, v_claim.patient_control_number,
                 v_claim.status, coalesce(v_claim.paid_amount, 0), v_claim.patient_responsibility_amount) || coalesce(': ' || nullif(trim(note), ''), ''), v_actor),
         (v_claim.tenant_id, v_claim.id, v_claim.status, v_claim.status,
          format('billed to the priority %s coverage as claim %s', v_next.priority, v_new.patient_control_number), v_actor);
  return v_new;
end $$;
grant execute on function billing.fn_bill_secondary(uuid, text) to rcm_visitor;
comment on function billing.fn_bill_secondary(uuid, text) is 'Bills the member''s next coverage by priority (secondary, then tertiary): a new BUILT claim with the same lines, naming the adjudicated claim it follows (primaryClaimId). Returns the new claim. Needs claims.write.';
