-- The step a replacement (frequency 7) and a void (frequency 8) share: the adjudicated claim
-- (claim_to_send_again) goes back to BUILT with its frequency code, its total the sum of its lines,
-- and a history row saying what goes out in the next submission (REF*F8 = the payer's claim
-- control number).
create or replace function billing_private.send_claim_again(p_claim billing.claim, p_frequency text, p_what text, p_note text, p_actor text)
  returns billing.claim language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  v_claim billing.claim;
begin
  update billing.claim c
     set status = 'BUILT', frequency_code = p_frequency, status_changed_at = now(),
         total_amount = (select sum(l.amount) from billing.claim_line l where l.tenant_id = c.tenant_id and l.claim_id = c.id)
   where c.tenant_id = p_claim.tenant_id and c.id = p_claim.id
  returning * into v_claim;
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, recorded_by)
  values (v_claim.tenant_id, v_claim.id, p_claim.status, 'BUILT', v_claim.paid_amount, v_claim.denial_category,
          format('%s (frequency %s, REF*F8 %s)', p_what, p_frequency, v_claim.payer_claim_control_number) || coalesce(': ' || nullif(trim(p_note), ''), ''), p_actor);
  return v_claim;
end $$;
