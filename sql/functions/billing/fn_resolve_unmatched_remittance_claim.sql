-- SELECT billing.fn_resolve_unmatched_remittance_claim(unmatched_remittance_claim_id, resolution, note);
-- closes an unmatched 835 claim without posting it: NOT_OURS (another provider's claim: nothing of
-- ours to post) or SENT_BACK (returned to the payer to correct and re-send), with a note saying what
-- was done. Matching to one of our claims is billing.fn_match_unmatched_remittance_claim.
create or replace function billing.fn_resolve_unmatched_remittance_claim(unmatched_remittance_claim_id uuid, resolution text, note text)
  returns billing.unmatched_remittance_claim
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_resolution text := upper(trim(coalesce(fn_resolve_unmatched_remittance_claim.resolution, '')));
  v_item billing.unmatched_remittance_claim;
begin
  if v_resolution = 'MATCHED' then
    raise exception 'resolution MATCHED posts the claim: use billing.fn_match_unmatched_remittance_claim (matchUnmatchedRemittanceClaim) with its patient control number' using errcode = '22023';
  elsif v_resolution not in ('NOT_OURS', 'SENT_BACK') then
    raise exception 'resolution must be NOT_OURS or SENT_BACK, got "%"', coalesce(fn_resolve_unmatched_remittance_claim.resolution, '') using errcode = '22023';
  end if;
  if coalesce(trim(note), '') = '' then
    raise exception 'note is required to resolve an unmatched claim (what was done: who was told, what the payer said)' using errcode = '22023';
  end if;
  update billing.unmatched_remittance_claim u
     set status = 'RESOLVED', resolution = v_resolution, resolution_note = trim(note), resolved_at = now(),
         resolved_by = coalesce(core.current_user_id(), session_user::text)
   where u.tenant_id = any(v_tenants) and u.id = fn_resolve_unmatched_remittance_claim.unmatched_remittance_claim_id and u.status = 'OPEN'
  returning * into v_item;
  if not found then
    if exists (select 1 from billing.unmatched_remittance_claim u where u.tenant_id = any(v_tenants) and u.id = fn_resolve_unmatched_remittance_claim.unmatched_remittance_claim_id) then
      raise exception 'Unmatched remittance claim % is already RESOLVED', unmatched_remittance_claim_id using errcode = '55000';
    end if;
    raise exception 'No unmatched remittance claim %', unmatched_remittance_claim_id using errcode = 'P0002';
  end if;
  return v_item;
end $$;
grant execute on function billing.fn_resolve_unmatched_remittance_claim(uuid, text, text) to rcm_visitor;
comment on function billing.fn_resolve_unmatched_remittance_claim(uuid, text, text) is 'Closes an unmatched 835 claim without posting it: NOT_OURS (another provider''s claim) or SENT_BACK (returned to the payer), with a note. Needs claims.write.';
