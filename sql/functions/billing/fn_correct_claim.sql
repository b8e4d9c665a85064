-- SELECT billing.fn_correct_claim(claim_id, note); -- a replacement claim (frequency 7): an
-- adjudicated claim (PAID or DENIED) goes out again in the next submission with REF*F8 = the
-- payer's claim control number, its lines refreshed from its charges (so a fixed code or amount is
-- what is sent). The claim returns to BUILT; the payer's answer (an 835 reversing the earlier
-- payment, then paying the correction) posts as usual. Needs claims.write.
create or replace function billing.fn_correct_claim(claim_id uuid, note text default null)
  returns billing.claim language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_claim billing.claim;
begin
  v_claim := billing_private.claim_to_send_again(v_tenants, fn_correct_claim.claim_id, 'corrected');
  update billing.claim_line l
     set procedure_code = ch.procedure_code, modifiers = ch.modifiers, diagnosis_codes = ch.diagnosis_codes, diagnosis_pointers = ch.diagnosis_pointers,
         units = ch.units, amount = ch.amount, service_date = ch.service_date, place_of_service = ch.place_of_service, rendering_npi = ch.rendering_npi
    from billing.charge ch
   where l.tenant_id = v_claim.tenant_id and l.claim_id = v_claim.id and ch.tenant_id = l.tenant_id and ch.id = l.charge_id;
  return billing_private.send_claim_again(v_claim, '7', 'replacement claim', note, coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function billing.fn_correct_claim(uuid, text) to rcm_visitor;
comment on function billing.fn_correct_claim(uuid, text) is 'Sends an adjudicated (PAID or DENIED) claim again as a replacement (frequency 7, REF*F8 = the payer''s claim control number) in the next submission, its lines refreshed from its charges. Needs claims.write.';
