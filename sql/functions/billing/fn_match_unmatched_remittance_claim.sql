-- SELECT * FROM billing.fn_match_unmatched_remittance_claim(unmatched_remittance_claim_id,
--   patient_control_number => 'PCN', note => '...');  -- or payer_claim_control_number => 'ICN'
-- An operator names the claim of ours an unmatched CLP pays (by our patient control number, or by
-- the payer's claim control number a 277CA or earlier 835 gave it), and the CLP is posted to it
-- through the posting path of billing.fn_post_remittance: payment, service lines and CAS
-- adjustments written, the claim moved (PAID, DENIED, reversed), a denial queued, the views'
-- refresh requested. The 835 was balanced whole when it came, this CLP included.
-- Refused, nothing written: no such claim or more than one; a claim never submitted; a claim billed
-- to another payer than the 835's; a CLP03 charge that is not the claim's charge (not the same claim).
create or replace function billing.fn_match_unmatched_remittance_claim(unmatched_remittance_claim_id uuid, patient_control_number text default null,
                                                                       payer_claim_control_number text default null, note text default null)
  returns billing.unmatched_remittance_claim
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_pcn text := nullif(trim(fn_match_unmatched_remittance_claim.patient_control_number), '');
  v_icn text := nullif(trim(fn_match_unmatched_remittance_claim.payer_claim_control_number), '');
  v_item billing.unmatched_remittance_claim;
  v_remittance billing.remittance;
  v_claim billing.claim;
  v_found int;
  v_payer_code text;
  v_payment uuid := uuidv7();
begin
  if (v_pcn is null) = (v_icn is null) then
    raise exception 'name the claim by patient_control_number or by payer_claim_control_number (one of them)' using errcode = '22023';
  end if;
  select * into v_item from billing.unmatched_remittance_claim u
   where u.tenant_id = any(v_tenants) and u.id = fn_match_unmatched_remittance_claim.unmatched_remittance_claim_id
     for update;
  if not found then
    raise exception 'No unmatched remittance claim %', unmatched_remittance_claim_id using errcode = 'P0002';
  end if;
  if v_item.status <> 'OPEN' then
    raise exception 'Unmatched remittance claim % is already RESOLVED (%)', unmatched_remittance_claim_id, v_item.resolution using errcode = '55000';
  end if;
  select * into v_remittance from billing.remittance r where r.tenant_id = v_item.tenant_id and r.id = v_item.remittance_id;

  if v_pcn is not null then
    select * into v_claim from billing.claim c where c.tenant_id = v_item.tenant_id and c.patient_control_number = v_pcn for update;
    if not found then
      raise exception 'patient_control_number: no claim has patient control number %', v_pcn using errcode = '22023';
    end if;
  else
    -- by the index of payer claim control numbers in billing_private.claim_lookup (migration 61)
    select count(*) into v_found from billing_private.claim_lookup k where k.tenant_id = v_item.tenant_id and k.payer_claim_control_number = v_icn;
    if v_found = 0 then
      raise exception 'payer_claim_control_number: no claim has payer claim control number %', v_icn using errcode = '22023';
    elsif v_found > 1 then
      raise exception 'payer_claim_control_number: % claims have payer claim control number %: match by patient control number', v_found, v_icn using errcode = '22023';
    end if;
    select c.* into v_claim from billing.claim c
     where c.tenant_id = v_item.tenant_id and c.id = (select k.claim_id from billing_private.claim_lookup k where k.tenant_id = v_item.tenant_id and k.payer_claim_control_number = v_icn)
       and c.payer_claim_control_number = v_icn
       for update;
  end if;

  if v_claim.status not in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED') then
    raise exception 'Claim % is %: it was never submitted (or is no longer owed), so the payer cannot have paid it', v_claim.patient_control_number, v_claim.status
      using errcode = '55000';
  end if;
  if v_remittance.payer_id is not null and v_remittance.payer_id <> v_claim.payer_id then
    select p.code into v_payer_code from core.payer p where p.tenant_id = v_claim.tenant_id and p.id = v_claim.payer_id;
    raise exception 'Claim % is billed to payer %; this 835 is from %: not the same claim', v_claim.patient_control_number, v_payer_code,
      coalesce(v_remittance.payer_name, v_remittance.payer_identifier) using errcode = '22023';
  end if;
  if v_item.charge_amount is not null and abs(v_item.charge_amount) <> v_claim.total_amount then
    raise exception 'Claim % charged %, but this CLP''s charge (CLP03) is %: not the same claim', v_claim.patient_control_number, v_claim.total_amount,
      abs(v_item.charge_amount) using errcode = '22023';
  end if;

  -- The same path as a CLP matched when its 835 was posted: the CLP staged alone, then bound to
  -- the claim the operator named, at its own place (CLP sequence) in the 835.
  perform billing_private.stage_remittance(v_item.tenant_id, jsonb_build_object('claims', jsonb_build_array(v_item.detail)));
  update pg_temp.remit_clp set seq = v_item.sequence, j = null, claim_id = v_claim.id, claim_status = v_claim.status, postable = true, payment_id = v_payment;
  update pg_temp.remit_svc set seq = v_item.sequence, claim_id = v_claim.id, postable = true, payment_id = v_payment;
  update pg_temp.remit_cas set seq = v_item.sequence, claim_id = v_claim.id, postable = true, payment_id = v_payment;
  perform billing_private.post_claim_payments(v_item.tenant_id, v_item.remittance_id);
  perform billing_private.apply_remittance_to_claims(v_item.tenant_id, v_item.remittance_id, v_remittance.trace_number, v_actor, array[v_payment]);

  update billing.unmatched_remittance_claim u
     set status = 'RESOLVED', resolution = 'MATCHED', resolved_claim_id = v_claim.id, claim_payment_id = v_payment, resolved_at = now(), resolved_by = v_actor,
         resolution_note = coalesce(nullif(trim(note), ''), 'matched to claim ' || v_claim.patient_control_number)
   where u.tenant_id = v_item.tenant_id and u.id = v_item.id
  returning * into v_item;
  update billing.remittance r
     set claims_posted = (select count(*) from billing.claim_payment p where p.tenant_id = r.tenant_id and p.remittance_id = r.id),
         claims_unmatched = (select count(*) from billing.unmatched_remittance_claim u
                              where u.tenant_id = r.tenant_id and u.remittance_id = r.id and u.resolution is distinct from 'MATCHED')
   where r.tenant_id = v_item.tenant_id and r.id = v_item.remittance_id;
  perform billing_private.fn_request_view_refresh();
  return v_item;
end $$;
grant execute on function billing.fn_match_unmatched_remittance_claim(uuid, text, text, text) to rcm_visitor;
comment on function billing.fn_match_unmatched_remittance_claim(uuid, text, text, text) is 'Matches an unmatched 835 claim (CLP) to one of our claims, by patient control number or payer claim control number, and posts it to that claim as the 835''s posting would have. Needs claims.write.';
