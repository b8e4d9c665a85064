-- Fix and resubmit: a REJECTED claim (never adjudicated) goes out again as a new original
-- (frequency 1) in the next submission. Its lines are refreshed from its charges (so a fixed
-- charge is what is sent), the claim returns to BUILT (history: REJECTED -> BUILT), and its open
-- rejection is resolved with the note. Needs claims.write.
create or replace function billing.fn_resubmit_claim(claim_id uuid, note text default null)
  returns billing.claim language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_claim billing.claim;
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_note text := coalesce(nullif(trim(note), ''), 'fixed and resubmitted');
begin
  select * into v_claim from billing.claim c where c.tenant_id = any(v_tenants) and c.id = fn_resubmit_claim.claim_id for update;
  if v_claim.id is null then
    raise exception 'No claim %', fn_resubmit_claim.claim_id using errcode = 'P0002';
  end if;
  if v_claim.status <> 'REJECTED' then
    raise exception 'Claim % is %; only a REJECTED claim is resubmitted', v_claim.patient_control_number, v_claim.status using errcode = '55000';
  end if;
  update billing.claim_line l
     set procedure_code = ch.procedure_code, modifiers = ch.modifiers, diagnosis_codes = ch.diagnosis_codes, diagnosis_pointers = ch.diagnosis_pointers,
         units = ch.units, amount = ch.amount, service_date = ch.service_date, place_of_service = ch.place_of_service, rendering_npi = ch.rendering_npi
    from billing.charge ch
   where l.tenant_id = v_claim.tenant_id and l.claim_id = v_claim.id and ch.tenant_id = l.tenant_id and ch.id = l.charge_id;
  update billing.claim c
     set status = 'BUILT', frequency_code = '1', status_changed_at = now(), rejection_reason = null, payer_claim_control_number = null,
         total_amount = (select sum(l.amount) from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id)
   where c.tenant_id = v_claim.tenant_id and c.id = v_claim.id
  returning * into v_claim;
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
  values (v_claim.tenant_id, v_claim.id, 'REJECTED', 'BUILT', 'resubmission as a new original (frequency 1): ' || v_note, v_actor);
  update billing.claim_rejection r set status = 'RESOLVED', resolved_at = now(), resolved_by = v_actor, resolution_note = v_note
   where r.tenant_id = v_claim.tenant_id and r.claim_id = v_claim.id and r.status <> 'RESOLVED';
  return v_claim;
end $$;
grant execute on function billing.fn_resubmit_claim(uuid, text) to rcm_visitor;

comment on function billing.fn_resubmit_claim(uuid, text) is 'Puts a REJECTED claim back to BUILT as a new original (frequency 1) once its data is fixed; the next submission sends it. Needs claims.write.';
