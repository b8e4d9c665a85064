-- The claim a replacement or void is about, locked: the caller's, adjudicated (PAID or DENIED: the
-- payer has a claim to replace), with the payer's claim control number for REF*F8, and in no open
-- submission. Raises P0002 / 55000 naming what is wrong.
create or replace function billing_private.claim_to_send_again(p_tenants uuid[], p_claim_id uuid, p_verb text)
  returns billing.claim language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  v_claim billing.claim;
begin
  select * into v_claim from billing.claim c where c.tenant_id = any(p_tenants) and c.id = p_claim_id for update;
  if v_claim.id is null then
    raise exception 'No claim %', p_claim_id using errcode = 'P0002';
  end if;
  if v_claim.status not in ('PAID', 'DENIED') then
    raise exception 'Claim % is %; only a claim the payer adjudicated (PAID or DENIED) is %', v_claim.patient_control_number, v_claim.status, p_verb using errcode = '55000';
  end if;
  if v_claim.payer_claim_control_number is null then
    raise exception 'Claim % has no payer claim control number (REF*F8 needs it); record it first', v_claim.patient_control_number using errcode = '55000';
  end if;
  return v_claim;
end $$;
