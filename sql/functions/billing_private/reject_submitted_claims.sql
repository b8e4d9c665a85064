-- SUBMITTED claims of a submission -> REJECTED with their reasons: the status, history, the
-- claim's open try closed, and an item in the rejection queue. One function for the 999/TA1
-- (whole set) and the 277CA (per claim). p_rejections: [{claimId, reason, reasonGroup}].
create or replace function billing_private.fn_reject_submitted_claims(p_tenant_id uuid, p_submission_id uuid, p_rejections jsonb, p_actor text)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_count integer;
begin
  with r as (
    select x."claimId" as claim_id, x.reason, x."reasonGroup" as reason_group
    from jsonb_to_recordset(p_rejections) x("claimId" uuid, reason text, "reasonGroup" text)
  ), moved as (
    update billing.claim c set status = 'REJECTED', status_changed_at = now(), responded_at = now(), rejection_reason = r.reason
    from r where c.tenant_id = p_tenant_id and c.id = r.claim_id and c.status = 'SUBMITTED'
    returning c.id, r.reason, r.reason_group
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select p_tenant_id, m.id, 'SUBMITTED', 'REJECTED', m.reason, p_actor from moved m
  ), closed as (
    update billing.claim_submission_claim sc set closed_at = now()
    from moved m where sc.tenant_id = p_tenant_id and sc.claim_id = m.id and sc.closed_at is null
  ), stale as (
    update billing.stale_claim_flag s set resolved_at = now(), resolution = 'payer responded: REJECTED'
    from moved m where s.tenant_id = p_tenant_id and s.claim_id = m.id and s.resolved_at is null
  ), queued as (
    insert into billing.claim_rejection (tenant_id, claim_id, submission_id, reason_group, reason)
    select p_tenant_id, m.id, p_submission_id, m.reason_group, m.reason from moved m
    on conflict (tenant_id, claim_id) where status <> 'RESOLVED'
    do update set reason = excluded.reason, reason_group = excluded.reason_group, submission_id = excluded.submission_id, status = 'OPEN', assigned_to = null, assigned_at = null
  )
  select count(*) into v_count from moved;
  return v_count;
end $$;
