-- SELECT billing.fn_void_claim(claim_id, note); -- a void (frequency 8): an adjudicated claim
-- (PAID or DENIED) goes out in the next submission as a void with REF*F8 = the payer's claim
-- control number. The claim returns to BUILT; when the payer's 835 reverses its payment the claim
-- is VOIDED (nothing owed). Needs claims.write.
create or replace function billing.fn_void_claim(claim_id uuid, note text default null)
  returns billing.claim language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_claim billing.claim;
begin
  v_claim := billing_private.claim_to_send_again(v_tenants, fn_void_claim.claim_id, 'voided');
  return billing_private.send_claim_again(v_claim, '8', 'void', note, coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function billing.fn_void_claim(uuid, text) to rcm_visitor;
comment on function billing.fn_void_claim(uuid, text) is 'Sends a void (frequency 8, REF*F8 = the payer''s claim control number) of an adjudicated (PAID or DENIED) claim in the next submission; the payer''s reversal makes it VOIDED. Needs claims.write.';
