-- SELECT billing.fn_void_claim(claim_id, note); -- a void (frequency 8): an adjudicated claim
-- (PAID or DENIED) goes out in the next submission as a void with REF*F8 = the payer's claim
-- control number. The claim returns to BUILT; when the payer's 835 reverses its payment the claim
-- is VOIDED (nothing owed). Needs claims.write.
create or replace function billing.fn_void_claim(claim_id uuid, note text default null)
  returns billing.claim language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_claim billing.claim;
  v_from text;
  v_actor text := coalesce(core.current_user_id(), session_user::text);
begin
  v_claim := billing_private.claim_to_send_again(v_tenants, fn_void_claim.claim_id, 'voided');
  v_from := v_claim.status;
  update billing.claim c set status = 'BUILT', frequency_code = '8', status_changed_at = now()
   where c.tenant_id = v_claim.tenant_id and c.id = v_claim.id
  returning * into v_claim;
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, recorded_by)
  values (v_claim.tenant_id, v_claim.id, v_from, 'BUILT', v_claim.paid_amount, v_claim.denial_category,
          'void (frequency 8, REF*F8 ' || v_claim.payer_claim_control_number || ')' || coalesce(': ' || nullif(trim(note), ''), ''), v_actor);
  return v_claim;
end $$;
grant execute on function billing.fn_void_claim(uuid, text) to rcm_visitor;
comment on function billing.fn_void_claim(uuid, text) is 'Sends a void (frequency 8, REF*F8 = the payer''s claim control number) of an adjudicated (PAID or DENIED) claim in the next submission; the payer''s reversal makes it VOIDED. Needs claims.write.';
