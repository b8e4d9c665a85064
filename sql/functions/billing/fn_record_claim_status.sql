-- Records what happened to a claim after it was built, into its status history. Legal moves:
--   CREATED -> BUILT, BUILT -> SUBMITTED, SUBMITTED -> ACCEPTED | REJECTED,
--   REJECTED -> SUBMITTED (corrected and resubmitted), ACCEPTED -> PAID | DENIED.
-- PAID needs paid_amount, DENIED a denial_category, REJECTED a reason. Anything else is 55000.
-- Submitting resolves the claim's timely-filing alerts; a payer response resolves its stale flag.
create or replace function billing.fn_record_claim_status(
  claim_id uuid,
  status text,
  paid_amount numeric default null,
  denial_category text default null,
  reason text default null,
  occurred_at timestamptz default null
) returns billing.claim
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_claim billing.claim;
  v_at timestamptz := coalesce(occurred_at, now());
  v_status text := upper(status);
  v_from text;
begin
  if fn_record_claim_status.claim_id is null then
    raise exception 'claimId is required' using errcode = '22023';
  end if;
  if v_status is null or v_status not in ('CREATED', 'BUILT', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'PAID', 'DENIED') then
    raise exception 'status must be one of BUILT, SUBMITTED, ACCEPTED, REJECTED, PAID, DENIED; got %', coalesce(status, 'null') using errcode = '22023';
  end if;
  if v_at > now() + interval '5 minutes' then
    raise exception 'occurredAt % is in the future', v_at using errcode = '22023';
  end if;
  select * into v_claim from billing.claim c where c.tenant_id = any(v_tenants) and c.id = fn_record_claim_status.claim_id for update;
  if not found then
    raise exception 'No claim %', fn_record_claim_status.claim_id using errcode = 'P0002';
  end if;
  if not (v_claim.status, v_status) in (('CREATED', 'BUILT'), ('BUILT', 'SUBMITTED'), ('SUBMITTED', 'ACCEPTED'), ('SUBMITTED', 'REJECTED'),
                                        ('REJECTED', 'SUBMITTED'), ('ACCEPTED', 'PAID'), ('ACCEPTED', 'DENIED')) then
    raise exception 'Claim % is %; it cannot become % (legal next status: %)', v_claim.id, v_claim.status, v_status,
      case v_claim.status when 'CREATED' then 'BUILT' when 'BUILT' then 'SUBMITTED' when 'SUBMITTED' then 'ACCEPTED or REJECTED'
        when 'REJECTED' then 'SUBMITTED' when 'ACCEPTED' then 'PAID or DENIED' else 'none, it is final' end
      using errcode = '55000';
  end if;
  if v_status = 'PAID' and (paid_amount is null or paid_amount < 0) then
    raise exception 'paidAmount (zero or more) is required to record PAID' using errcode = '22023';
  end if;
  if v_status = 'DENIED' and (denial_category is null or denial_category not in ('ELIGIBILITY', 'AUTHORIZATION', 'CODING', 'MEDICAL_NECESSITY', 'DUPLICATE',
      'TIMELY_FILING', 'COORDINATION_OF_BENEFITS', 'MISSING_INFORMATION', 'NON_COVERED', 'OTHER')) then
    raise exception 'denialCategory is required to record DENIED: one of ELIGIBILITY, AUTHORIZATION, CODING, MEDICAL_NECESSITY, DUPLICATE, TIMELY_FILING, COORDINATION_OF_BENEFITS, MISSING_INFORMATION, NON_COVERED, OTHER; got %', coalesce(denial_category, 'null')
      using errcode = '22023';
  end if;
  if v_status = 'REJECTED' and coalesce(trim(reason), '') = '' then
    raise exception 'reason is required to record REJECTED (what the clearinghouse or payer said)' using errcode = '22023';
  end if;

  v_from := v_claim.status;
  update billing.claim c
     set status = v_status,
         status_changed_at = v_at,
         submitted_at = case when v_status = 'SUBMITTED' then v_at else c.submitted_at end,
         responded_at = case when v_status in ('ACCEPTED', 'REJECTED', 'PAID', 'DENIED') then v_at else c.responded_at end,
         paid_amount = case when v_status = 'PAID' then fn_record_claim_status.paid_amount else c.paid_amount end,
         denial_category = case when v_status = 'DENIED' then fn_record_claim_status.denial_category else c.denial_category end,
         rejection_reason = case when v_status = 'REJECTED' then reason else c.rejection_reason end
   where c.tenant_id = v_claim.tenant_id and c.id = v_claim.id
  returning * into v_claim;

  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, occurred_at, recorded_by)
  values (v_claim.tenant_id, v_claim.id, v_from,
          v_status, fn_record_claim_status.paid_amount, fn_record_claim_status.denial_category, reason, v_at, coalesce(core.current_user_id(), session_user::text));

  if v_status = 'SUBMITTED' then
    update billing.timely_filing_alert a set resolved_at = now(), resolution = 'claim submitted'
     where a.tenant_id = v_claim.tenant_id and a.claim_id = v_claim.id and a.resolved_at is null;
  else
    update billing.stale_claim_flag s set resolved_at = now(), resolution = 'payer responded: ' || v_status
     where s.tenant_id = v_claim.tenant_id and s.claim_id = v_claim.id and s.resolved_at is null;
  end if;
  return v_claim;
end $$;
grant execute on function billing.fn_record_claim_status(uuid, text, numeric, text, text, timestamptz) to rcm_visitor;

comment on function billing.fn_record_claim_status(uuid, text, numeric, text, text, timestamptz) is 'Records a claim status reported outside EDI (a payer without electronic answers) into its history; only legal moves are accepted. Needs claims.write.';
