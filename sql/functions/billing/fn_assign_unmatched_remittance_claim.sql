-- SELECT billing.fn_assign_unmatched_remittance_claim(unmatched_remittance_claim_id, assigned_to);
-- who works this unmatched 835 claim (empty: the caller).
create or replace function billing.fn_assign_unmatched_remittance_claim(unmatched_remittance_claim_id uuid, assigned_to text default null)
  returns billing.unmatched_remittance_claim
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_assignee text := coalesce(nullif(trim(fn_assign_unmatched_remittance_claim.assigned_to), ''), core.current_user_id(), session_user::text);
  v_item billing.unmatched_remittance_claim;
begin
  if length(v_assignee) > 200 then
    raise exception 'assigned_to must be at most 200 characters' using errcode = '22023';
  end if;
  update billing.unmatched_remittance_claim u set assigned_to = v_assignee, assigned_at = now()
   where u.tenant_id = any(v_tenants) and u.id = fn_assign_unmatched_remittance_claim.unmatched_remittance_claim_id and u.status = 'OPEN'
  returning * into v_item;
  if not found then
    if exists (select 1 from billing.unmatched_remittance_claim u where u.tenant_id = any(v_tenants) and u.id = fn_assign_unmatched_remittance_claim.unmatched_remittance_claim_id) then
      raise exception 'Unmatched remittance claim % is already RESOLVED', unmatched_remittance_claim_id using errcode = '55000';
    end if;
    raise exception 'No unmatched remittance claim %', unmatched_remittance_claim_id using errcode = 'P0002';
  end if;
  return v_item;
end $$;
grant execute on function billing.fn_assign_unmatched_remittance_claim(uuid, text) to rcm_visitor;
comment on function billing.fn_assign_unmatched_remittance_claim(uuid, text) is 'Assigns an open unmatched 835 claim to a person (the caller when none is given). Needs claims.write.';
